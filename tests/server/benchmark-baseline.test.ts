import { existsSync } from "node:fs";
import path from "node:path";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, expect, it } from "vitest";
import { parseConfig } from "~/platform/config.server.ts";
import { disconnectDatabase } from "~/platform/database/db.server.ts";

/**
 * The benchmarks' reference page (`/bench/baseline`): a paragraph in the portal's layout that needs
 * no database and no session, and that only a portal started for a benchmark serves.
 */
const buildPath = path.resolve(import.meta.dirname, "../../build/server/index.js");
let handle: (request: Request) => Promise<Response>;

beforeAll(async () => {
  if (!existsSync(buildPath)) throw new Error("No production build: run `npm run build` first (npm test does).");
  await disconnectDatabase();
  // Nothing listens on port 1: a page that asked the database would fail.
  process.env.DATABASE_URL = "postgresql://portal:secret-password@127.0.0.1:1/portal";
  // This file's own module copies: the configuration is read once, with the page switched on.
  process.env.BENCHMARK_BASELINE_PAGE = "true";
  const build = (await import(buildPath)) as ServerBuild;
  const handler = createRequestHandler(build, "production");
  handle = (request) => handler(request);
});
afterAll(async () => {
  delete process.env.BENCHMARK_BASELINE_PAGE;
  await disconnectDatabase();
});

it("is off unless a benchmark starts the portal with it", () => {
  expect(parseConfig({}).BENCHMARK_BASELINE_PAGE).toBe(false);
  expect(parseConfig({ BENCHMARK_BASELINE_PAGE: "true" }).BENCHMARK_BASELINE_PAGE).toBe(true);
});

it("renders its paragraph in the portal's layout without the database, for robots to leave alone", async () => {
  const response = await handle(new Request("http://portal.test/bench/baseline", { headers: { "Accept-Language": "zh-HK" } }));
  expect(response.status).toBe(200);
  expect(response.headers.get("x-robots-tag")).toBe("noindex");
  const html = await response.text();
  expect(html).toContain("此頁是本平台量度速度的參考頁");
  expect(html).toContain('<meta name="robots" content="noindex"');
  expect(html).toContain('id="main"');
});
