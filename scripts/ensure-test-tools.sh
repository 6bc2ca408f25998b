#!/usr/bin/env bash
# Runs before `npm test`: the browser tests drive Debian's Chromium and the pages need CJK fonts to
# render Chinese (screenshots, axe's contrast checks). A fresh machine has neither. As root with apt,
# install what is missing; otherwise say in one line what to install, and stop.
set -euo pipefail
missing=()
if [ -n "${CHROMIUM_PATH:-}" ]; then
  [ -x "$CHROMIUM_PATH" ] || { echo "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable browser." >&2; exit 1; }
else
  [ -x /usr/bin/chromium ] || missing+=(chromium)
fi
# (grep reads all of the list: with -q it would stop early and pipefail would count the closed pipe.)
fc-list 2>/dev/null | grep -ci "Noto Sans CJK" >/dev/null || missing+=(fonts-noto-cjk)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "pretest: installing ${missing[*]} (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "The browser tests need ${missing[*]}: run \`sudo apt-get install -y ${missing[*]}\` (or set CHROMIUM_PATH to a Chromium), then npm test again." >&2
  exit 1
fi
