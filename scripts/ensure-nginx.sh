#!/usr/bin/env bash
# Runs before the public-pages benchmark measures the pages behind nginx (docs/operations.md, "nginx in
# front"): Debian's nginx package. As root with apt, install it when missing; otherwise say in one line
# what to install, and stop. Prints the path of the nginx binary.
set -euo pipefail
nginx_bin=${NGINX_PATH:-/usr/sbin/nginx}
if [ ! -x "$nginx_bin" ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "ensure-nginx: installing nginx (apt-get)" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq nginx >/dev/null
  else
    echo "The nginx benchmark needs nginx: run \`sudo apt-get install -y nginx\` (or set NGINX_PATH), then again." >&2
    exit 1
  fi
fi
echo "$nginx_bin"
