import { execFile, spawn } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { freePort, root, sleep, stopGroup, tempDir, removeAll } from "./support.ts";

const run = promisify(execFile);

/** The nginx configuration docs/operations.md gives operators, exactly as written there (between its markers). */
export function documentedNginxConfig(): string {
  const page = readFileSync(path.join(root, "docs/operations.md"), "utf8");
  const block = /<!-- nginx-config:start -->\s*```nginx\n([\s\S]*?)```\s*<!-- nginx-config:end -->/.exec(page)?.[1];
  if (!block) throw new Error("docs/operations.md has no nginx configuration between its markers");
  return block;
}

/**
 * Debian's nginx in front of the portal on `portalPort`, with the documented configuration; only
 * its addresses and paths changed to run here (a free port, a cache in a temporary folder, not a
 * daemon). Installs nginx as the test tools are installed (scripts/ensure-nginx.sh: apt as root).
 */
export async function startNginx(portalPort: number) {
  const binary = (await run("bash", [path.join(root, "scripts/ensure-nginx.sh")])).stdout.trim();
  const dir = tempDir("portal-bench-nginx-");
  // nginx's workers run as an unprivileged user when started as root: they write the cache here.
  for (const sub of ["cache", "temp"]) mkdirSync(path.join(dir, sub));
  chmodSync(dir, 0o777);
  for (const sub of ["cache", "temp"]) chmodSync(path.join(dir, sub), 0o777);
  const port = await freePort();
  const documented = documentedNginxConfig();
  const site = documented
    .replace(/listen 80;/, `listen 127.0.0.1:${port};`)
    .replace(/server 127\.0\.0\.1:3000;/, `server 127.0.0.1:${portalPort};`)
    .replace(/\/var\/cache\/nginx\/portal/, path.join(dir, "cache"));
  if (site === documented || !site.includes(String(portalPort)) || !site.includes(path.join(dir, "cache"))) throw new Error("the documented nginx configuration no longer has the addresses the benchmark replaces");
  const temp = path.join(dir, "temp");
  const config = `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${temp}/body;
  proxy_temp_path ${temp}/proxy;
  fastcgi_temp_path ${temp}/fastcgi;
  uwsgi_temp_path ${temp}/uwsgi;
  scgi_temp_path ${temp}/scgi;
${site}
}
`;
  const file = path.join(dir, "nginx.conf");
  writeFileSync(file, config);
  await run(binary, ["-t", "-q", "-p", dir, "-c", file]);
  const child = spawn(binary, ["-p", dir, "-c", file], { stdio: "ignore", detached: true });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const status = await fetch(`${url}/healthz`).then((r) => r.status, () => 0);
    if (status === 200) break;
    if (Date.now() > deadline) {
      await stopGroup(child.pid!);
      throw new Error(`nginx did not answer on ${url}: ${readFileSync(path.join(dir, "error.log"), "utf8").slice(-500)}`);
    }
    await sleep(100);
  }
  return {
    url,
    async stop() {
      await stopGroup(child.pid!);
      removeAll(dir);
    },
  };
}
