import { beforeAll, expect, it } from "vitest";
import { registerPortalKey } from "~/platform/portal-key.server.ts";
import { receiveUpload, startUpload } from "~/proposals/uploads.server.ts";
import { action as checkAction } from "~/routes/proposals.$id_.check.tsx";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";
import { completeProposal, createOrganisation, DEMO_MEMBERS, fileOf, requiredDocuments, submissionForm } from "../support/proposals.ts";
import { actionArgs, routeOutcome } from "../support/routes.ts";
import { statementsDuring } from "../support/statements.ts";
import { sessionCookieFor } from "../support/users.ts";

const db = withTestDatabase();

beforeAll(async () => {
  await seedDemoPark(db());
});

/** Every statement one Submit on the "Check your proposal" page sends, from the session lookup to the commit. */
async function statementsOfSubmit(email: string, proposalId: string) {
  const form = await submissionForm(proposalId);
  const cookie = await sessionCookieFor(email);
  const { result, statements } = await statementsDuring(() =>
    routeOutcome(() => checkAction(actionArgs(`/proposals/${proposalId}/check`, form, { params: { id: proposalId }, headers: { Cookie: cookie } }))),
  );
  expect(result.status).toBe(302);
  return statements.map((s) => s.replace(/\s+/g, " ").trim());
}

/**
 * Under the deadline's load the portal's cost grows with the number of statements a submission
 * sends (docs/performance.md, "statements per submission"): the session lookup (1), then BEGIN, the
 * locks (1), one read (1), one statement for every write (the version, its documents, the proposal,
 * the audit entry and the emails) and COMMIT. A query per document or per member in a loop would
 * show as a difference between the two organisations below.
 */
const MOST_STATEMENTS_PER_SUBMISSION = 6;

it("sends the same few statements whatever the number of documents and members", async () => {
  await registerPortalKey(); // once per process, not per submission
  // The demo organisation: three members, the mandatory documents.
  const demo = await completeProposal(DEMO_MEMBERS.owner, "1W-07");
  // An organisation of one, with an optional document as well.
  const single = await createOrganisation("Statement Counting Limited");
  const other = await completeProposal(single.emails[0]!, "1W-08");
  const optional = (await requiredDocuments()).find((r) => !r.mandatory)!;
  const kind = optional.acceptedTypes[0]!;
  const bytes = fileOf(kind, optional.nameEn);
  const plan = await startUpload(other.user, other.id, { requiredDocumentId: optional.id, fileName: `${optional.nameEn}.${kind}`, size: bytes.length });
  await receiveUpload(other.user, other.id, plan.documentId, [bytes]);

  const threeMembers = await statementsOfSubmit(DEMO_MEMBERS.owner, demo.id);
  const oneMemberMoreDocuments = await statementsOfSubmit(single.emails[0]!, other.id);
  const listing = (statements: string[]) => statements.map((s, i) => `${i + 1}. ${s.slice(0, 120)}`).join("\n");
  expect(threeMembers.length, listing(threeMembers)).toBeLessThanOrEqual(MOST_STATEMENTS_PER_SUBMISSION);
  expect(oneMemberMoreDocuments.length, listing(oneMemberMoreDocuments)).toBe(threeMembers.length);
  // One transaction, and the emails in one insert.
  expect(threeMembers.filter((s) => s === "BEGIN")).toHaveLength(1);
  expect(threeMembers.filter((s) => s.includes('"OutboxEmail"'))).toHaveLength(1);
});
