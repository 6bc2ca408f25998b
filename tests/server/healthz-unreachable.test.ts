import { afterAll, beforeAll, expect, it } from "vitest";
import { disconnectDatabase } from "~/platform/database/db.server.ts";
import { loader as healthz } from "~/routes/healthz.ts";

beforeAll(async () => {
  await disconnectDatabase();
  // Port 1 on loopback: nothing listens there, so connections are refused at once.
  process.env.DATABASE_URL = "postgresql://portal@127.0.0.1:1/portal";
});
afterAll(disconnectDatabase);

it("reports 503 when the database cannot be reached", async () => {
  const response = await healthz();
  expect(response.status).toBe(503);
  expect(await response.json()).toMatchObject({ status: "degraded", database: "unreachable" });
});
