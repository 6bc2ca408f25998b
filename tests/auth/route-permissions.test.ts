import { readdir } from "node:fs/promises";
import path from "node:path";
import type { ActionFunction, LoaderFunction } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";
import { testContext } from "../support/routes.ts";
import { sessionCookieFor } from "../support/users.ts";

const db = withTestDatabase();

const roles = ["anonymous", "proposer", "contributor", "submitter", "owner", "evaluator", "administrator"] as const;
type Role = (typeof roles)[number];
const accounts: Record<Exclude<Role, "anonymous">, string> = {
  proposer: "newcomer@demo.hsitp.example",
  contributor: "contributor@demo.hsitp.example",
  submitter: "submitter@demo.hsitp.example",
  owner: "proposer@demo.hsitp.example",
  evaluator: "evaluator@demo.hsitp.example",
  administrator: "admin@demo.hsitp.example",
};

/** 200, 403, 404, "login" (sent to sign in: the 401 of a page) or "away" (another redirect). */
type Outcome = 200 | 400 | 403 | 404 | "login" | "away";
const everyone = (outcome: Outcome) => Object.fromEntries(roles.map((r) => [r, outcome])) as Record<Role, Outcome>;
const signedIn = (outcome: Outcome, anonymous: Outcome = "login") => ({ ...everyone(outcome), anonymous });
const only = (allowed: Role[], denied: Outcome) =>
  ({ ...signedIn(denied), ...Object.fromEntries(allowed.map((r) => [r, 200])) }) as Record<Role, Outcome>;

/** Every route module, the address to try, and what each role gets from its loader (GET). */
const table: Record<string, { path: string; params?: Record<string, string>; expect: Record<Role, Outcome> }> = {
  "_index.tsx": { path: "/", expect: everyone(200) },
  "$.tsx": { path: "/nowhere", params: { "*": "nowhere" }, expect: everyone(404) },
  "healthz.ts": { path: "/healthz", expect: everyone(200) },
  "files.ts": { path: "/files?key=x&sig=y", expect: everyone(403) },
  "feeds.releases[.atom].ts": { path: "/feeds/releases.atom", expect: everyone(200) },
  "open-data.ocds.releases[.json].ts": { path: "/open-data/ocds/releases.json", expect: everyone(200) },
  "open-data.ocds.releases.$file.ts": { path: "/open-data/ocds/releases/HSITP-2026-02.json", params: { file: "HSITP-2026-02.json" }, expect: everyone(200) },
  "language.ts": { path: "/language", expect: everyone(404) },
  "logout.ts": { path: "/logout", expect: everyone(404) },
  "releases._index.tsx": { path: "/releases", expect: everyone(200) },
  "releases.$code.documents.$id.ts": { path: "/releases/HSITP-2026-02/documents/x", params: { code: "HSITP-2026-02", id: "00000000-0000-0000-0000-000000000000" }, expect: everyone(404) },
  "releases.$code.tsx": { path: "/releases/HSITP-2026-02", params: { code: "HSITP-2026-02" }, expect: everyone(200) },
  "plots.$code.tsx": { path: "/plots/1W-07", params: { code: "1W-07" }, expect: everyone(200) },
  "login.tsx": { path: "/login", expect: { ...everyone("away"), anonymous: 200 } },
  "signup.tsx": { path: "/signup", expect: { ...everyone("away"), anonymous: 200 } },
  "verify-email.tsx": { path: "/verify-email", expect: everyone(200) },
  "forgot-password.tsx": { path: "/forgot-password", expect: everyone(200) },
  "reset-password.tsx": { path: "/reset-password?token=nope", expect: everyone(200) },
  "invitations.$token.tsx": { path: "/invitations/nope", params: { token: "nope" }, expect: everyone(200) },
  "account.tsx": { path: "/account", expect: signedIn(200) },
  "organisations._index.tsx": { path: "/organisations", expect: only(["proposer", "contributor", "submitter", "owner"], 403) },
  "organisations.$id.tsx": { path: "/organisations/:id", expect: only(["contributor", "submitter", "owner"], 404) },
  "admin._index.tsx": { path: "/admin", expect: only(["administrator"], 403) },
  "admin.audit.tsx": { path: "/admin/audit", expect: only(["administrator"], 403) },
  "admin.outbox.tsx": { path: "/admin/outbox", expect: only(["administrator"], 403) },
  "admin.plots._index.tsx": { path: "/admin/plots", expect: only(["administrator"], 403) },
  "admin.releases._index.tsx": { path: "/admin/releases", expect: only(["administrator"], 403) },
  "admin.releases.new.tsx": { path: "/admin/releases/new", expect: only(["administrator"], 403) },
  "admin.releases.$code.tsx": { path: "/admin/releases/HSITP-2027-01", params: { code: "HSITP-2027-01" }, expect: only(["administrator"], 403) },
  "admin.plots.$code.tsx": { path: "/admin/plots/2E-01", params: { code: "2E-01" }, expect: only(["administrator"], 403) },
};

/** What each role gets when it posts to actions that change something (a harmless, valid-looking form). */
const actions: { route: string; path: string; params?: Record<string, string>; form: Record<string, string>; expect: Record<Role, Outcome> }[] = [
  { route: "account.tsx", path: "/account", form: { intent: "nothing" }, expect: signedIn(400) },
  { route: "organisations.$id.tsx", path: "/organisations/:id", form: { intent: "invite", email: "someone@example.com", role: "owner" }, expect: { ...signedIn(404), contributor: 403, submitter: 403, owner: "away" } },
  { route: "admin._index.tsx", path: "/admin", form: { email: "x", role: "evaluator" }, expect: { ...signedIn(403), administrator: 400 } },
  { route: "organisations._index.tsx", path: "/organisations", form: { name: "" }, expect: { ...signedIn(400), evaluator: 403, administrator: 403 } },
  { route: "admin.plots._index.tsx", path: "/admin/plots", form: { code: "" }, expect: { ...signedIn(403), administrator: 400 } },
  { route: "releases.$code.tsx", path: "/releases/HSITP-2026-02", params: { code: "HSITP-2026-02" }, form: { intent: "follow" }, expect: signedIn("away") },
  { route: "admin.releases.new.tsx", path: "/admin/releases/new", form: { code: "" }, expect: { ...signedIn(403), administrator: 400 } },
  { route: "admin.releases.$code.tsx", path: "/admin/releases/HSITP-2027-01", params: { code: "HSITP-2027-01" }, form: { intent: "nothing" }, expect: { ...signedIn(403), administrator: 400 } },
  { route: "admin.plots.$code.tsx", path: "/admin/plots/2E-01", params: { code: "2E-01" }, form: { intent: "retire", reason: "" }, expect: { ...signedIn(403), administrator: 400 } },
];

const cookies = {} as Record<Role, string>;
let organisationId = "";

beforeAll(async () => {
  await seedDemoPark(db());
  cookies.anonymous = "";
  for (const [role, email] of Object.entries(accounts)) cookies[role as Role] = await sessionCookieFor(email);
  organisationId = (await db().organisation.findFirstOrThrow()).id;
});

async function outcome(run: () => Promise<unknown>): Promise<Outcome> {
  let result: unknown;
  try {
    result = await run();
  } catch (thrown) {
    result = thrown;
  }
  const status = result instanceof Response ? result.status : (result as { init?: { status?: number } })?.init?.status ?? 200;
  if (result instanceof Response && status >= 300 && status < 400) {
    return result.headers.get("Location")?.startsWith("/login") ? "login" : "away";
  }
  return status as Outcome;
}

const routeFile = (name: string) => import(/* @vite-ignore */ path.resolve(import.meta.dirname, "../../app/routes", name));

describe("authorisation of every route for every role", () => {
  it("has an entry for every route module", async () => {
    const files = (await readdir(path.resolve(import.meta.dirname, "../../app/routes"))).filter((f) => /\.tsx?$/.test(f));
    expect(files.filter((f) => !(f in table)), "routes without an entry in the permission table").toEqual([]);
  });

  for (const [file, entry] of Object.entries(table)) {
    it(`GET ${entry.path}`, async () => {
      const { loader } = (await routeFile(file)) as { loader?: LoaderFunction };
      expect(loader, `${file} has no loader`).toBeTypeOf("function");
      const got = {} as Record<Role, Outcome>;
      for (const role of roles) {
        const url = `http://portal.test${entry.path.replace(":id", organisationId)}`;
        const params = { ...entry.params, ...(entry.path.includes(":id") ? { id: organisationId } : {}) };
        got[role] = await outcome(() =>
          Promise.resolve(loader!({ request: new Request(url, { headers: { Cookie: cookies[role] } }), params, context: testContext })),
        );
      }
      expect(got).toEqual(entry.expect);
    });
  }

  for (const entry of actions) {
    it(`POST ${entry.path}`, async () => {
      const { action } = (await routeFile(entry.route)) as { action: ActionFunction };
      const got = {} as Record<Role, Outcome>;
      for (const role of roles) {
        const url = `http://portal.test${entry.path.replace(":id", organisationId)}`;
        const request = new Request(url, { method: "POST", body: new URLSearchParams(entry.form), headers: { Cookie: cookies[role] } });
        const params = { ...entry.params, ...(entry.path.includes(":id") ? { id: organisationId } : {}) };
        got[role] = await outcome(() => Promise.resolve(action({ request, params, context: testContext })));
      }
      expect(got).toEqual(entry.expect);
    });
  }
});
