import { expect, test } from "@playwright/test";
import { demo, signIn } from "./fixtures.ts";

// The portal as `npm start` serves it: private pages and their .data answers are never kept.
test("private pages, and every page for someone signed in, say no-store; public pages for visitors do not", async ({ page, request }) => {
  expect((await request.get("/")).headers()["cache-control"] ?? "").not.toContain("no-store");
  await signIn(page, ...demo.owner);
  for (const path of ["/account", "/proposals", "/organisations", "/proposals.data", "/", "/releases/HSITP-2026-03"]) {
    const response = await page.request.get(path);
    expect(response.headers()["cache-control"], path).toBe("no-store");
  }
});
