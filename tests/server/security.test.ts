import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { privatePagesNotStored, sameOriginWrites, securityHeaders } from "../../server/security.ts";

let server: Server;
let base: string;

beforeAll(async () => {
  const app = express();
  app.use(securityHeaders({ development: false, https: true, storageOrigin: "https://bucket.s3.example" }));
  app.use(sameOriginWrites("https://portal.example"));
  app.use(privatePagesNotStored("portal_session"));
  // A route that says its answer may be kept, as a public page does.
  app.all("*", (_req, res) => res.set("Cache-Control", "public, max-age=60").send(`nonce:${res.locals.cspNonce}`));
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe("security headers", () => {
  it("enforce a nonce-based Content-Security-Policy with a new nonce per response", async () => {
    const [first, second] = await Promise.all([fetch(base), fetch(base)]);
    const policy = first.headers.get("content-security-policy")!;
    const nonce = (await first.text()).replace("nonce:", "");
    expect(policy).toContain(`script-src 'self' 'nonce-${nonce}'`);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).not.toContain("unsafe-inline");
    expect(second.headers.get("content-security-policy")).not.toBe(policy);
    expect(first.headers.get("x-frame-options")).toBe("DENY");
    // The pages upload to S3 and show its PDFs.
    expect(policy).toContain("connect-src 'self' https://bucket.s3.example");
    expect(policy).toContain("frame-src 'self' https://bucket.s3.example");
    expect(first.headers.get("x-content-type-options")).toBe("nosniff");
    expect(first.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(first.headers.get("strict-transport-security")).toMatch(/max-age=31536000/);
  });

  it("let stored files (/files) be shown inside the portal's own pages, and nowhere else", async () => {
    const file = await fetch(`${base}/files?key=x`);
    expect(file.headers.get("content-security-policy")).toContain("frame-ancestors 'self'");
    expect(file.headers.get("x-frame-options")).toBe("SAMEORIGIN");
  });
});

describe("requests that change something", () => {
  const post = (headers: Record<string, string>) => fetch(base, { method: "POST", headers, body: "x=1" });

  it("pass from the portal's public origin only", async () => {
    expect((await post({ Origin: "https://portal.example" })).status).toBe(200);
    // A DNS-rebinding page names itself in both Origin and Host.
    expect((await post({ Origin: base })).status).toBe(403);
    expect((await post({ Referer: "https://portal.example/releases" })).status).toBe(200);
  });

  it("are refused, in both languages, from anywhere else or from nowhere", async () => {
    const cases: Record<string, string>[] = [{ Origin: "https://evil.example" }, { Origin: "null" }, { Referer: "https://portal.example.evil.example/" }, {}];
    for (const headers of cases) {
      const response = await post(headers);
      expect(response.status, JSON.stringify(headers)).toBe(403);
      const text = await response.text();
      expect(text).toContain("nothing was changed");
      expect(text).toContain("沒有作出任何更改");
    }
  });

  it("do not apply to reading", async () => {
    expect((await fetch(base, { headers: { Origin: "https://evil.example" } })).status).toBe(200);
  });
});

describe("private pages are never kept by the browser", () => {
  it("send no-store on proposal, evaluation, account, admin, organisation, invitation, file, challenge and development paths, and their .data answers", async () => {
    for (const path of ["/proposals", "/proposals/0d7c7f8e-0000-4000-8000-000000000000", "/proposals/x/receipts/R-1", "/evaluation/HSITP-2026-01.data", "/account", "/account.data", "/admin/audit", "/organisations/1", "/invitations/abc", "/files?key=k", "/challenges/0d7c7f8e-0000-4000-8000-000000000000", "/developments", "/developments/x/reports.data"]) {
      expect((await fetch(base + path)).headers.get("cache-control"), path).toBe("no-store");
    }
  });

  it("send no-store on any page answered to someone signed in", async () => {
    const response = await fetch(base + "/releases/HSITP-2026-01", { headers: { Cookie: "lang=en; portal_session=abc" } });
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("leave public pages for visitors as their routes say", async () => {
    for (const path of ["/", "/releases/HSITP-2026-01", "/plots/1W-03", "/proposalsx", "/administration"]) {
      expect((await fetch(base + path, { headers: { Cookie: "lang=zh-Hant" } })).headers.get("cache-control"), path).toBe("public, max-age=60");
    }
  });
});
