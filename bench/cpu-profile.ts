import { readFileSync } from "node:fs";

// Where a `--cpu-prof` profile's time went (issue 17's notes): the top functions by self time, and
// the same time grouped by package (or our own folder), as shares of the busy (non-idle) time.
//   node --import tsx bench/cpu-profile.ts <file.cpuprofile> [top] [from s before the end] [to s before the end]
// Profiles come from `BENCH_PORTAL_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" npm run bench -- pages`.

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  startTime: number;
  endTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The package a script belongs to, or our own folder (app/…, server, build), or V8's own. */
function owner(url: string, name: string): string {
  if (!url) return `(${name || "native"})`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  if (url.startsWith("node:")) return "node core";
  const own = /\/(app\/[^/]+|server|build\/server)\//.exec(url)?.[1];
  return own ?? url.replace(/^file:\/\//, "");
}

/**
 * Only the samples from `fromSeconds` to `toSeconds` before the profile's end (one page's measured
 * run, not the start-up or the other pages).
 */
export function summarise(profile: Profile, top = 15, fromSeconds = Infinity, toSeconds = 0) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  const from = profile.endTime - fromSeconds * 1e6;
  const to = profile.endTime - toSeconds * 1e6;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at >= from && at <= to) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const functions = new Map<string, number>();
  const owners = new Map<string, number>();
  let busy = 0;
  for (const [id, micros] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === "(idle)") continue;
    busy += micros;
    const where = url ? `${url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*?\/(app|server|build)\//, "$1/")}:${lineNumber + 1}` : "";
    const key = `${functionName || "(anonymous)"} ${where}`.trim();
    functions.set(key, (functions.get(key) ?? 0) + micros);
    const group = owner(url, functionName);
    owners.set(group, (owners.get(group) ?? 0) + micros);
  }
  const rank = (map: Map<string, number>) =>
    [...map].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, micros]) => ({ name, ms: Math.round(micros / 1000), share: `${((100 * micros) / busy).toFixed(1)} %` }));
  return { busyMs: Math.round(busy / 1000), functions: rank(functions), owners: rank(owners) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, top, from, to] = process.argv.slice(2);
  if (!file) {
    console.error("usage: node --import tsx bench/cpu-profile.ts <file.cpuprofile> [top] [from s before the end] [to s before the end]");
    process.exit(2);
  }
  const summary = summarise(JSON.parse(readFileSync(file, "utf8")) as Profile, Number(top) || 15, Number(from) || Infinity, Number(to) || 0);
  console.log(`busy ${summary.busyMs} ms`);
  console.log("By package or folder (self time):");
  console.table(summary.owners);
  console.log("By function (self time):");
  console.table(summary.functions);
}
