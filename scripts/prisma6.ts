// npm run prisma6 -- <command> — Prisma 6.19's CLI (the `prisma6` package) for what Prisma 7's cannot
// do on these machines: authoring migrations (`migrate diff`) and the operators' `migrate status` and
// `migrate resolve` (decision 0017). DATABASE_URL must name a reachable database: every `migrate`
// command connects through the driver adapter (prisma6.config.ts).
//
// Prisma 6.19 wants the datasource URL in the schema and Prisma 7 refuses it there, so the schema files
// 6.19 reads (prisma/schema.prisma and those given to --from-/--to-schema-datamodel) are handed to it as
// temporary copies with `url = env("DATABASE_URL")` put back.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const copies = mkdtempSync(path.join(os.tmpdir(), "prisma6-"));
let copied = 0;

/** A copy of a schema file whose datasource block names the URL (older schemas from git already do). */
function withUrl(file: string): string {
  const schema = readFileSync(file, "utf8").replace(/^(datasource\s+\w+\s*\{)([^}]*)\}/m, (block, opening: string, body: string) =>
    /^\s*url\s*=/m.test(body) ? block : `${opening}\n  url = env("DATABASE_URL")${body}}`,
  );
  const copy = path.join(copies, `schema-${copied++}.prisma`);
  writeFileSync(copy, schema);
  return copy;
}

const DATAMODEL_OPTIONS = new Set(["--from-schema-datamodel", "--to-schema-datamodel"]);

function withUrlInDatamodels(args: string[]): string[] {
  return args.map((arg, i) => {
    if (DATAMODEL_OPTIONS.has(args[i - 1] ?? "")) return withUrl(arg);
    const [option, value] = arg.split(/=(.*)/s);
    return option && value && DATAMODEL_OPTIONS.has(option) ? `${option}=${withUrl(value)}` : arg;
  });
}

const cli = path.join(path.dirname(createRequire(import.meta.url).resolve("prisma6/package.json")), "build", "index.js");
try {
  const run = spawnSync(process.execPath, [cli, ...withUrlInDatamodels(process.argv.slice(2)), "--config", path.join(root, "prisma6.config.ts")], {
    stdio: "inherit",
    // No update check: the machines reach only the npm registry.
    env: { ...process.env, PRISMA6_SCHEMA: withUrl(path.join(root, "prisma", "schema.prisma")), CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });
  process.exitCode = run.status ?? 1;
} finally {
  rmSync(copies, { recursive: true, force: true });
}
