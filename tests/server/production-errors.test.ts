import { existsSync } from "node:fs";
import path from "node:path";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, expect, it } from "vitest";
import { disconnectDatabase } from "~/platform/database/db.server.ts";

const buildPath = path.resolve(import.meta.dirname, "../../build/server/index.js");
let handle: (request: Request) => Promise<Response>;

beforeAll(async () => {
  if (!existsSync(buildPath)) throw new Error("No production build: run `npm run build` first (npm test does).");
  await disconnectDatabase();
  // Nothing listens on port 1: every query fails the way an outage does.
  process.env.DATABASE_URL = "postgresql://portal:secret-password@127.0.0.1:1/portal";
  const build = (await import(buildPath)) as ServerBuild;
  const handler = createRequestHandler(build, "production");
  handle = (request) => handler(request);
});
afterAll(disconnectDatabase);

it("shows the error page, without a stack trace or internals, when a page fails in production", async () => {
  const response = await handle(new Request("http://portal.test/releases", { headers: { "Accept-Language": "zh-HK" } }));
  expect(response.status).toBe(500);
  const html = await response.text();
  expect(html).toContain("發生錯誤");
  expect(html).toContain('<html lang="zh-Hant"');
  for (const internal of ["ECONNREFUSED", "secret-password", "127.0.0.1:1", "node_modules", "    at "]) {
    expect(html).not.toContain(internal);
  }
});
