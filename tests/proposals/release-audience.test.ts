import { beforeAll, describe, expect, it } from "vitest";
import { issueAddendum } from "~/releases/addenda.server.ts";
import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { cancelRelease, withdrawPlot } from "~/releases/cancellation.server.ts";
import { answerClarification, askClarification, setFollowing } from "~/clarifications/clarifications.server.ts";
import { saveDraft, startProposal } from "~/proposals/drafts.server.ts";
import { submitProposal } from "~/proposals/submission.server.ts";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";
import { completeFields, completeProposal, createOrganisation, DEMO_MEMBERS, DEMO_STAFF, OPEN_RELEASE } from "../support/proposals.ts";
import { currentUserFor } from "../support/users.ts";

const db = withTestDatabase();
const FOLLOWER = "newcomer@demo.hsitp.example";

let admin: CurrentUser;
/** Who must hear of every change to the release: members of organisations with proposals for it, and followers. */
let audience: string[] = [];
/** Members of an organisation without a proposal for it, and staff: they must not. */
let others: string[] = [];
let harbourProposal = "";

beforeAll(async () => {
  await seedDemoPark(db());
  admin = await currentUserFor(DEMO_STAFF.administrator);
  // Harbour BioLabs has a draft (none of its members follows the release, except its contributor).
  harbourProposal = await startProposal(await currentUserFor(DEMO_MEMBERS.owner), OPEN_RELEASE, "1W-07");
  await setFollowing(await currentUserFor(DEMO_MEMBERS.contributor), OPEN_RELEASE, true);
  // Another organisation has submitted a proposal.
  const submitted = await createOrganisation("Pearl Delta Robotics Limited", [{ role: "owner" }, { role: "contributor" }]);
  const { user, id } = await completeProposal(submitted.emails[0]!, "1W-08");
  await submitProposal(user, id);
  // A third organisation has no proposal for this release.
  const bystander = await createOrganisation("Lantau Fintech Limited", [{ role: "owner" }]);
  await setFollowing(await currentUserFor(FOLLOWER), OPEN_RELEASE, true);
  audience = [...Object.values(DEMO_MEMBERS), ...submitted.emails, FOLLOWER].sort();
  others = [...bystander.emails, ...Object.values(DEMO_STAFF)];
});

async function recipients(template: string) {
  const emails = await db().outboxEmail.findMany({ where: { template }, select: { toAddress: true } });
  return emails.map((e) => e.toAddress).sort();
}

describe("everyone with a stake in a release hears of its changes, each once", () => {
  it("an addendum", async () => {
    await issueAddendum(admin, OPEN_RELEASE, { notesEn: "Site survey reports added to the tender documents.", notesZhHant: "招標文件新增地盤勘察報告。" });
    expect(await recipients("addendumIssued")).toEqual(audience);
  });

  it("an answer to a clarification", async () => {
    await askClarification(await currentUserFor(FOLLOWER), OPEN_RELEASE, "May two plots be combined into one scheme?");
    const question = await db().clarification.findFirstOrThrow({ where: { answeredAt: null } });
    await answerClarification(admin, question.id, "No: each plot is a separate tender.");
    expect(await recipients("clarificationAnswered")).toEqual(audience);
  });

  it("a plot's withdrawal and the release's cancellation", async () => {
    await withdrawPlot(admin, OPEN_RELEASE, "1W-16", { reasonEn: "A utility easement was found.", reasonZhHant: "發現公用設施地役權。" });
    // From a published release, a withdrawal is an addendum (the second: each person once more).
    const addenda = await db().outboxEmail.findMany({ where: { template: "addendumIssued", subject: { startsWith: "Addendum 2 " } }, select: { toAddress: true } });
    expect(addenda.map((e) => e.toAddress).sort()).toEqual(audience);
    await cancelRelease(admin, OPEN_RELEASE, { reasonEn: "The phase is being replanned.", reasonZhHant: "該期正重新規劃。" });
    expect(await recipients("releaseCancelled")).toEqual(audience);
    for (const email of others) {
      expect(await db().outboxEmail.count({ where: { toAddress: email, template: { in: ["addendumIssued", "clarificationAnswered", "plotWithdrawn", "releaseCancelled"] } } }), email).toBe(0);
    }
    // And a cancelled release takes no more changes to its proposals.
    await expect(saveDraft(await currentUserFor(DEMO_MEMBERS.owner), harbourProposal, { revision: 1, ...completeFields })).rejects.toThrow("proposals.errors.releaseCancelled");
  });
});
