import { existsSync } from "node:fs";
import path from "node:path";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { startProposal } from "~/proposals/drafts.server.ts";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";
import { DEMO_MEMBERS, OPEN_RELEASE } from "../support/proposals.ts";
import { testContext } from "../support/routes.ts";
import { currentUserFor, sessionCookieFor } from "../support/users.ts";

/**
 * Random and malicious input thrown at every public form and at the upload conversation, through
 * the production build as the server runs it (routing, actions, rendering). Whatever comes in: no
 * 500, nothing stored by a refused request, and no script of the sender's in the page.
 */
const db = withTestDatabase();
const buildPath = path.resolve(import.meta.dirname, "../../build/server/index.js");
let handle: (request: Request) => Promise<Response>;
let ownerCookie = "";
let proposalId = "";

beforeAll(async () => {
  if (!existsSync(buildPath)) throw new Error("No production build: run `npm run build` first (npm test does).");
  await seedDemoPark(db());
  const handler = createRequestHandler((await import(buildPath)) as ServerBuild, "production");
  handle = (request) => handler(request, { ...testContext });
  ownerCookie = await sessionCookieFor(DEMO_MEMBERS.owner);
  proposalId = await startProposal(await currentUserFor(DEMO_MEMBERS.owner), OPEN_RELEASE, "1W-13");
});

/** Markup that would run if a page carried it unescaped. */
const SCRIPTS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>'];
const hostile = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom(...SCRIPTS, "javascript:alert(1)//", "' OR 1=1 --", "\u0000", "../../../etc/passwd", "%00%0d%0a", "{{7*7}}", "__proto__", "a".repeat(70_000), "admin@demo.hsitp.example", "-1", "1e309", "NaN"),
  fc.emailAddress(),
);
const FIELDS = ["email", "password", "confirmPassword", "name", "website", "redirectTo", "intent", "token", "receipt", "language", "locale", "organisation", "__proto__", "constructor", "x"];
const formBody = fc.array(fc.tuple(fc.constantFrom(...FIELDS), hostile), { maxLength: 8 });

/** What a refused request must leave as it was (rate-limit counters aside: counting attempts is their job). */
async function stored() {
  const [users, sessions, organisations, memberships, emails, audit, documents, versions, questions, draft] = await Promise.all([
    db().user.count(),
    db().session.count(),
    db().organisation.count(),
    db().membership.count(),
    db().outboxEmail.count(),
    db().auditEvent.count(),
    db().proposalDocument.groupBy({ by: ["state"], _count: true }),
    db().proposalVersion.count(),
    db().clarification.count(),
    db().proposal.findUnique({ where: { id: proposalId }, select: { revision: true } }),
  ]);
  return JSON.stringify({ users, sessions, organisations, memberships, emails, audit, documents, versions, questions, draft });
}

async function check(request: Request) {
  const before = await stored();
  const response = await handle(request);
  const body = await response.text();
  expect(response.status, `${request.method} ${request.url}: ${body.slice(0, 300)}`).toBeLessThan(500);
  for (const script of SCRIPTS) expect(body).not.toContain(script);
  // Shown back as text (a form keeps what was typed) is fine; as a link or a source it would run.
  expect(body).not.toMatch(/(href|src|action|formaction)="javascript:/i);
  if (response.status >= 400) expect(await stored()).toBe(before);
}

const PUBLIC_FORMS = ["/login", "/signup", "/forgot-password", "/reset-password?token=abc", "/verify-email", "/invitations/not-a-token", "/receipts/verify", "/language", "/releases/HSITP-2026-02"];

describe("fuzzing", () => {
  it.each(PUBLIC_FORMS)("the public form %s", async (form) => {
    await fc.assert(
      fc.asyncProperty(formBody, fc.constantFrom("application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain", "application/json"), async (fields, contentType) => {
        const body = new URLSearchParams(fields.map(([k, v]) => [k, v])).toString();
        await check(new Request(`http://portal.test${form}`, { method: "POST", body, headers: { "Content-Type": contentType, "Accept-Language": "en" } }));
      }),
      { numRuns: 40 },
    );
  });

  it("the upload conversation (start, parts, status, confirmations, cancel) of a proposal's member", async () => {
    const intent = fc.oneof(fc.constantFrom("start", "parts", "part", "status", "confirm", "cancel"), hostile);
    const value = fc.oneof(hostile, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 5 }), fc.uuid());
    const message = fc.record(
      { intent, documentId: fc.oneof(fc.uuid(), hostile), requiredDocumentId: fc.oneof(fc.uuid(), hostile), fileName: hostile, size: value, partNumbers: value, partNumber: value, etag: hostile },
      { requiredKeys: [] },
    );
    const raw = fc.oneof(message.map((m) => JSON.stringify(m)), hostile, fc.constant("{"), fc.constant("[]"));
    await fc.assert(
      fc.asyncProperty(raw, async (body) => {
        await check(new Request(`http://portal.test/proposals/${proposalId}/uploads`, { method: "POST", body, headers: { "Content-Type": "application/json", Cookie: ownerCookie } }));
      }),
      { numRuns: 150 },
    );
  });

  it("the proposal form of a member", async () => {
    await fc.assert(
      fc.asyncProperty(formBody, fc.constantFrom("save", "autosave", "submit", "withdraw", "remove-document", "x"), async (fields, intent) => {
        const body = new URLSearchParams([...fields.map(([k, v]) => [k, v] as [string, string]), ["intent", intent]]).toString();
        await check(new Request(`http://portal.test/proposals/${proposalId}`, { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: ownerCookie } }));
      }),
      { numRuns: 60 },
    );
  });
});
