import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const eslint = new ESLint({ cwd: root });

/** The layer rule's messages for `code` as if it were the file at `file` (relative to the project). */
async function layerProblems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.filter((m) => m.ruleId === "@typescript-eslint/no-restricted-imports").map((m) => m.message);
}

describe("the direction of imports (docs/architecture.md), as `npm run lint` enforces it", () => {
  it("refuses a platform module importing a domain, a route helper or a route", async () => {
    expect(await layerProblems("app/platform/example.ts", `export { submitProposal } from "~/proposals/submission.server.ts";`)).toHaveLength(1);
    expect(await layerProblems("app/platform/storage/example.ts", `export { pageTitle } from "~/web/meta.ts";`)).toHaveLength(1);
    expect(await layerProblems("app/platform/example.ts", `export { loader } from "~/routes/login.tsx";`)).toHaveLength(1);
  });

  it("refuses a domain module importing a route, a route helper or a component", async () => {
    expect(await layerProblems("app/releases/example.server.ts", `export { loader } from "~/routes/login.tsx";`)).not.toHaveLength(0);
    expect(await layerProblems("app/evaluation/example.server.ts", `export { notFound } from "~/web/refusals.server.ts";`)).toHaveLength(1);
    expect(await layerProblems("app/proposals/example.server.ts", `export { DataTable } from "~/platform/ui/data-table.tsx";`)).toHaveLength(1);
  });

  it("refuses a domain module building a response", async () => {
    const [result] = await eslint.lintText(`export const refuse = () => new Response(null, { status: 404 });\n`, { filePath: path.join(root, "app/results/example.server.ts") });
    expect(result!.messages.map((m) => m.ruleId)).toContain("no-restricted-globals");
  });

  it("refuses a relative import that climbs out of its folder, where the rule could not see the crossing", async () => {
    expect(await layerProblems("app/platform/example.ts", `export { logger } from "../proposals/gate.server.ts";`)).toHaveLength(1);
    expect(await layerProblems("app/plots/components/example.tsx", `export { x } from "../../web/meta.ts";`)).toHaveLength(1);
  });

  it("refuses a browser component importing server code, but not its types", async () => {
    expect(await layerProblems("app/plots/components/example.tsx", `export { createPlot } from "../inventory.server.ts";`)).toHaveLength(1);
    expect(await layerProblems("app/plots/components/example.tsx", `export type { PlotProblem } from "../inventory.server.ts";`)).toEqual([]);
  });

  it("refuses the server importing app code but its types (it takes the app from the build's runtime)", async () => {
    expect(await layerProblems("server/example.ts", `export { db } from "../app/platform/database/db.server.ts";`)).toHaveLength(1);
    expect(await layerProblems("server/example.ts", `export type { Config } from "../app/platform/config.server.ts";`)).toEqual([]);
  });

  it("lets each layer import the ones below it", async () => {
    expect(await layerProblems("app/routes/example.tsx", `export { whenRefused } from "~/web/refusals.server.ts";\nexport { saveDraft } from "~/proposals/drafts.server.ts";`)).toEqual([]);
    expect(await layerProblems("app/web/example.ts", `export { getCurrentUser } from "~/accounts/sessions.server.ts";`)).toEqual([]);
    expect(await layerProblems("app/proposals/example.server.ts", `export { db } from "~/platform/database/db.server.ts";\nexport { signReceipt } from "~/receipts/signing.server.ts";`)).toEqual([]);
    expect(await layerProblems("app/platform/storage/example.ts", `export { db } from "../database/db.server.ts";`)).toEqual([]);
  });
});

describe("the layout a newcomer finds", () => {
  const appDir = path.join(root, "app");

  it("keeps only the entries, the root and the load context directly in app/", () => {
    const files = readdirSync(appDir, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
    expect(files.sort()).toEqual(["entry.client.tsx", "entry.server.tsx", "load-context.ts", "root.tsx", "tailwind.css"]);
  });

  it("keeps every domain and platform module under about 350 lines", () => {
    const modules = readdirSync(appDir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
      .map((e) => path.relative(appDir, path.join(e.parentPath, e.name)))
      .filter((file) => !file.startsWith("routes") && !file.includes("generated"));
    const long = modules
      .map((file) => ({ file, lines: readFileSync(path.join(appDir, file), "utf8").split("\n").length }))
      .filter(({ lines }) => lines > 360);
    expect(long).toEqual([]);
  });
});
