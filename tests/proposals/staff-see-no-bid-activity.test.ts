import type { LoaderFunction } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { answerClarification, askClarification } from "~/clarifications/clarifications.server.ts";
import { db } from "~/platform/database/db.server.ts";
import { saveDraft, startProposal } from "~/proposals/drafts.server.ts";
import { submitProposal, withdrawProposal } from "~/proposals/submission.server.ts";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";
import { completeFields, createOrganisation, DEMO_MEMBERS, DEMO_STAFF, OPEN_RELEASE, uploadMandatoryDocuments } from "../support/proposals.ts";
import { loaderArgs, routeOutcome } from "../support/routes.ts";
import { currentUserFor, sessionCookieFor } from "../support/users.ts";

withTestDatabase();

/** Every page a member of staff can open while the release is open, with the route module behind it. */
const STAFF_PAGES: [route: string, path: string, params: Record<string, string>][] = [
  ["admin._index.tsx", "/admin", {}],
  ["admin.audit.tsx", "/admin/audit", {}],
  ["admin.outbox.tsx", "/admin/outbox", {}],
  ["admin.releases._index.tsx", "/admin/releases", {}],
  ["admin.releases.$code/route.tsx", `/admin/releases/${OPEN_RELEASE}`, { code: OPEN_RELEASE }],
  ["admin.releases.$code_.evaluation.tsx", `/admin/releases/${OPEN_RELEASE}/evaluation`, { code: OPEN_RELEASE }],
  ["admin.plots._index.tsx", "/admin/plots", {}],
  ["admin.plots.$code.tsx", "/admin/plots/1W-10", { code: "1W-10" }],
  ["evaluation._index.tsx", "/evaluation", {}],
  ["evaluation.$code.tsx", `/evaluation/${OPEN_RELEASE}`, { code: OPEN_RELEASE }],
  ["_index.tsx", "/", {}],
  ["releases._index.tsx", "/releases", {}],
  ["releases.$code.tsx", `/releases/${OPEN_RELEASE}`, { code: OPEN_RELEASE }],
  ["plots.$code.tsx", "/plots/1W-10", { code: "1W-10" }],
];

/** What changes by itself between two looks: the clock. */
const VOLATILE = new Set(["serverNow", "now"]);

/** What every staff account sees on every staff page: status and data, as the page would get them. */
async function snapshot(): Promise<string> {
  const seen: Record<string, unknown> = {};
  for (const email of Object.values(DEMO_STAFF)) {
    const cookie = await sessionCookieFor(email);
    for (const [route, path, params] of STAFF_PAGES) {
      const { loader } = (await import(/* @vite-ignore */ `~/routes/${route}`)) as { loader: LoaderFunction };
      const outcome = await routeOutcome(() => loader({ ...loaderArgs(path, params, { Cookie: cookie }), context: { cspNonce: "", clientIp: "192.0.2.10", arrivedAt: 0 } }));
      seen[`${email} ${path}`] = { status: outcome.status, data: outcome.data };
    }
  }
  return JSON.stringify(seen, (key, value: unknown) => (VOLATILE.has(key) ? undefined : typeof value === "bigint" ? value.toString() : value), 2);
}

beforeAll(async () => {
  await seedDemoPark(db());
});

describe("before the opening, nothing staff can see changes because a bidder acted (rule 4)", () => {
  it("every staff page reads the same after proposals are started, saved, submitted, replaced and withdrawn", async () => {
    const before = await snapshot();

    // A new organisation starts a proposal, saves it, uploads, submits, replaces and withdraws it…
    const newcomer = await createOrganisation("Quiet Bidder Limited");
    const owner = await currentUserFor(newcomer.emails[0]!);
    const id = await startProposal(owner, OPEN_RELEASE, "1W-10");
    await saveDraft(owner, id, { revision: 1, ...completeFields });
    await uploadMandatoryDocuments(owner, id);
    await submitProposal(owner, id);
    const { revision } = await db().proposal.findUniqueOrThrow({ where: { id } });
    await saveDraft(owner, id, { revision, ...completeFields, programme: "Faster: open in 2028." });
    await submitProposal(owner, id);
    await withdrawProposal(owner, id);
    // …and the demo organisation starts one and leaves it as a draft.
    const demo = await currentUserFor(DEMO_MEMBERS.owner);
    await startProposal(demo, OPEN_RELEASE, "1W-11");

    expect(await snapshot()).toBe(before);
    // Nor could a later entry show a gap where a hidden one stood: the audit page numbers none.
    expect(before).not.toMatch(/"sequence"/);
  }, 180_000);

  it("a release-wide email is one line of the outbox, whoever is in the release's audience", async () => {
    const admin = await currentUserFor(DEMO_STAFF.administrator);
    const asker = await currentUserFor(DEMO_MEMBERS.contributor);
    const answerOne = async (question: string) => {
      await askClarification(asker, OPEN_RELEASE, question);
      const { id } = await db().clarification.findFirstOrThrow({ where: { question } });
      await answerClarification(admin, id, "Yes, within the plot's maximum gross floor area.");
    };
    const outboxLines = async () => {
      const { loader } = await import("~/routes/admin.outbox.tsx");
      const cookie = await sessionCookieFor(DEMO_STAFF.administrator);
      const outcome = await routeOutcome(() => loader(loaderArgs("/admin/outbox", {}, { Cookie: cookie })));
      return (outcome.data as { emails: unknown[] }).emails.length;
    };
    await answerOne("May two plots share one energy centre?");
    const linesAfterFirst = await outboxLines();
    // Another organisation joins the release's audience by starting a proposal; the next answer goes to it too.
    const joining = await createOrganisation("Audience Growing Limited");
    await startProposal(await currentUserFor(joining.emails[0]!), OPEN_RELEASE, "1W-12");
    await answerOne("May a plot's car park be shared?");
    expect(await outboxLines()).toBe(linesAfterFirst + 1);
  }, 60_000);
});
