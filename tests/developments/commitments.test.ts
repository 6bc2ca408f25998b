import { beforeAll, describe, expect, it } from "vitest";
import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { developmentForViewer, firstReportDue } from "~/developments/developments.server.ts";
import { decideVariation, requestVariation } from "~/developments/variations.server.ts";
import { variationDecisionSchema, variationRequestSchema } from "~/developments/schemas.ts";
import { type DomainError } from "~/platform/domain-error.ts";
import { saveDraft } from "~/proposals/drafts.server.ts";
import type { SealedPackage } from "~/proposals/sealing.server.ts";
import { submitProposal } from "~/proposals/submission.server.ts";
import { finaliseDueAwards } from "~/results/awards.server.ts";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";
import { sealedProposal } from "../support/evaluation.ts";
import { completeFields, completeProposal, DEMO_MEMBERS, DEMO_STAFF, OPEN_RELEASE } from "../support/proposals.ts";
import { currentUserFor } from "../support/users.ts";

const db = withTestDatabase();
let owner: CurrentUser;
let submitter: CurrentUser;
let contributor: CurrentUser;
let admin: CurrentUser;
let evaluator: CurrentUser;
let won: { proposalId: string; receiptNumber: string };

/** A pending award of a plot to a proposal whose standstill ended a second ago by the database's clock. */
async function pendingAward(plotCode: string, proposalId: string) {
  const release = await db().release.findUniqueOrThrow({ where: { code: OPEN_RELEASE } });
  const plot = await db().plot.findUniqueOrThrow({ where: { code: plotCode } });
  const award = await db().award.create({ data: { releaseId: release.id, plotId: plot.id, proposalId, status: "pending", publishedAt: new Date(Date.now() - 11 * 86_400_000), standstillEndsAt: new Date(Date.now() + 60_000) } });
  await db().$executeRaw`UPDATE "Award" SET "standstillEndsAt" = clock_timestamp() - interval '1 second' WHERE id = ${award.id}::uuid`;
  return award;
}

const request = (input: Record<string, unknown>) => variationRequestSchema.parse({ reasonEn: "The lab fit-out needs more time.", reasonZhHant: "實驗室裝修需要更多時間。", ...input });
const refusal = (code: string) => expect.objectContaining({ code }) as unknown as DomainError;

beforeAll(async () => {
  await seedDemoPark(db());
  [owner, submitter, contributor, admin, evaluator] = await Promise.all([
    currentUserFor(DEMO_MEMBERS.owner),
    currentUserFor(DEMO_MEMBERS.submitter),
    currentUserFor(DEMO_MEMBERS.contributor),
    currentUserFor(DEMO_STAFF.administrator),
    currentUserFor(DEMO_STAFF.evaluator),
  ]);
  const { id } = await completeProposal(DEMO_MEMBERS.owner, "1W-07");
  const { receipt } = await submitProposal(owner, id);
  won = { proposalId: id, receiptNumber: receipt.receiptNumber };
});

describe("a final award's development record", () => {
  it("holds the sealed version's promises, not the draft changed after sealing, and is made once however many clocks run", async () => {
    // After sealing, the draft changes (a new version begun, never submitted): the record must not see it.
    const { revision } = await db().proposal.findUniqueOrThrow({ where: { id: won.proposalId } });
    await saveDraft(owner, won.proposalId, { revision, ...completeFields, grossFloorAreaM2: 15_000, researchPosts: 5, graduatePlaces: 1, openingBy: "2031-06-30", investmentCommitmentHkd: "1000" });
    const award = await pendingAward("1W-07", won.proposalId);

    const runs = await Promise.all([finaliseDueAwards(), finaliseDueAwards(), finaliseDueAwards()]);
    expect(runs.flat().filter((done) => done.endsWith("1W-07"))).toHaveLength(1);
    await finaliseDueAwards();

    const developments = await db().development.findMany({ where: { awardId: award.id }, include: { milestones: true } });
    expect(developments).toHaveLength(1);
    const [development] = developments;
    const version = await db().proposalVersion.findUniqueOrThrow({ where: { receiptNumber: won.receiptNumber } });
    const sealed = version.sealedPackage as SealedPackage;
    expect(development!.proposalVersionId).toBe(version.id);
    expect(development).toMatchObject({
      promisedGfaM2: sealed.technical.grossFloorAreaM2,
      promisedSectors: [...sealed.technical.intendedSectors].sort(),
      promisedInvestmentHkd: BigInt(sealed.financial.investmentCommitmentHkd!),
      promisedResearchPosts: sealed.technical.commitments!.researchPosts,
      promisedGraduatePlaces: sealed.technical.commitments!.graduatePlaces,
    });
    // The figures the proposer typed before sealing, independently of the package.
    expect(development).toMatchObject({ promisedGfaM2: 20_000, promisedInvestmentHkd: 4_000_000_000n, promisedResearchPosts: 300, promisedGraduatePlaces: 40 });
    const milestones = Object.fromEntries(development!.milestones.map((m) => [m.kind, m.promisedBy.toISOString().slice(0, 10)]));
    expect(milestones).toEqual({ design_approval: "2027-09-30", construction_start: "2028-01-15", topping_out: "2029-03-31", completion: "2029-12-31", opening: "2030-03-31" });

    const final = await db().award.findUniqueOrThrow({ where: { id: award.id } });
    expect(final.status).toBe("active");
    expect(development!.createdAt).toEqual(final.finalAt);
    expect(development!.firstReportDue).toEqual(firstReportDue(final.finalAt!));
    const audited = await db().auditEvent.findMany({ where: { action: "development.created", subjectId: development!.id } });
    expect(audited).toHaveLength(1);
    expect(audited[0]!.data).toMatchObject({ plot: "1W-07", receiptNumber: won.receiptNumber, promisedResearchPosts: 300 });
  });

  it("of a release without structured commitments holds no research posts, graduate places or milestones", async () => {
    // A package sealed without countable promises, as releases published before them were.
    const bid = await sealedProposal(OPEN_RELEASE, "1W-08", "Plain Promises Limited", 500_000_000n, new Date());
    const award = await pendingAward("1W-08", bid.proposalId);
    await finaliseDueAwards();
    const development = await db().development.findUniqueOrThrow({ where: { awardId: award.id }, include: { milestones: true } });
    expect(development).toMatchObject({ promisedGfaM2: 10_000, promisedInvestmentHkd: 1000n, promisedResearchPosts: null, promisedGraduatePlaces: null, milestones: [] });
  });

  it("is first reported on at the end of the first full quarter after the award became final (park calendar)", () => {
    expect(firstReportDue(new Date("2027-02-10T02:00:00Z"))).toEqual(new Date("2027-06-30T00:00:00Z"));
    // 1 Apr 2027, 01:00 in Hong Kong: that quarter has begun, so the next whole one.
    expect(firstReportDue(new Date("2027-03-31T17:00:00Z"))).toEqual(new Date("2027-09-30T00:00:00Z"));
    // 31 Mar 2027, 23:00 in Hong Kong: still the first quarter.
    expect(firstReportDue(new Date("2027-03-31T15:00:00Z"))).toEqual(new Date("2027-06-30T00:00:00Z"));
    expect(firstReportDue(new Date("2027-12-31T15:00:00Z"))).toEqual(new Date("2028-03-31T00:00:00Z"));
  });
});

describe("variations", () => {
  let developmentId: string;
  beforeAll(async () => {
    developmentId = (await db().development.findFirstOrThrow({ where: { award: { proposalId: won.proposalId } } })).id;
    await db().user.update({ where: { id: submitter.id }, data: { locale: "zh-Hant" } });
  });

  it("are asked for by the awardee's owners and submitters and by administrators, never by contributors, staff or others", async () => {
    const first = await requestVariation(owner, developmentId, request({ subject: "research_posts", value: "250" }));
    await expect(requestVariation(submitter, developmentId, request({ subject: "research_posts", value: "260" }))).rejects.toEqual(refusal("variations.errors.alreadyRequested"));
    await expect(requestVariation(contributor, developmentId, request({ subject: "graduate_places", value: "30" }))).rejects.toEqual(refusal("variations.errors.mayNotRequest"));
    await expect(requestVariation(evaluator, developmentId, request({ subject: "graduate_places", value: "30" }))).rejects.toEqual(refusal("developments.errors.notFound"));
    const other = await sealedProposal(OPEN_RELEASE, "1W-09", "Another Bidder Limited", 100n, new Date());
    await expect(requestVariation(await currentUserFor(other.ownerEmail), developmentId, request({ subject: "graduate_places", value: "30" }))).rejects.toEqual(refusal("developments.errors.notFound"));
    await expect(requestVariation(submitter, developmentId, request({ subject: "graduate_places", value: "40" }))).rejects.toEqual(refusal("variations.errors.sameValue"));
    await requestVariation(submitter, developmentId, request({ subject: "milestone", milestoneKind: "topping_out", value: "2029-09-30" }));
    await requestVariation(admin, developmentId, request({ subject: "gross_floor_area", value: "21,000" }));

    const stored = await db().variation.findUniqueOrThrow({ where: { id: first } });
    expect(stored).toMatchObject({ state: "requested", fromValue: 300, toValue: 250, requestedById: owner.id });
    expect(await db().auditEvent.count({ where: { action: "variation.requested", subjectId: developmentId } })).toBe(3);
    // Nothing applies before a decision.
    const record = (await developmentForViewer(owner, developmentId))!;
    expect(record.now).toMatchObject({ researchPosts: 300, gfaM2: 20_000 });
  });

  it("are decided by administrators only, once; approving applies the new value and never overwrites the original", async () => {
    const waiting = await db().variation.findMany({ where: { developmentId, state: "requested" } });
    const posts = waiting.find((v) => v.subject === "research_posts")!;
    const milestone = waiting.find((v) => v.subject === "milestone")!;
    const approve = variationDecisionSchema.parse({ decision: "approved" });
    await expect(decideVariation(owner, developmentId, posts.id, approve)).rejects.toEqual(refusal("variations.errors.mayNotDecide"));
    expect(() => variationDecisionSchema.parse({ decision: "refused" })).toThrow();

    await decideVariation(admin, developmentId, posts.id, approve);
    await expect(decideVariation(admin, developmentId, posts.id, approve)).rejects.toEqual(refusal("variations.errors.alreadyDecided"));
    await decideVariation(admin, developmentId, milestone.id, variationDecisionSchema.parse({ decision: "refused", noteEn: "The programme must keep its topping out.", noteZhHant: "發展時間表須保留平頂日期。" }));

    const development = await db().development.findUniqueOrThrow({ where: { id: developmentId }, include: { milestones: true } });
    expect(development.promisedResearchPosts).toBe(300);
    expect(development.milestones.find((m) => m.kind === "topping_out")!.promisedBy.toISOString().slice(0, 10)).toBe("2029-03-31");
    let record = (await developmentForViewer(owner, developmentId))!;
    expect(record.original.researchPosts).toBe(300);
    expect(record.now.researchPosts).toBe(250);
    expect(record.milestones.find((m) => m.kind === "topping_out")).toMatchObject({ varied: false });

    // A later variation of the same promise: both stay on the record, the later one applies.
    const again = await requestVariation(owner, developmentId, request({ subject: "research_posts", value: "200" }));
    expect((await db().variation.findUniqueOrThrow({ where: { id: again } })).fromValue).toBe(250);
    await decideVariation(admin, developmentId, again, approve);
    record = (await developmentForViewer(owner, developmentId))!;
    expect(record.now.researchPosts).toBe(200);
    expect(record.original.researchPosts).toBe(300);
    expect(record.variations.filter((v) => v.subject === "research_posts").map((v) => [v.fromValue, v.toValue, v.state])).toEqual([[300, 250, "approved"], [250, 200, "approved"]]);

    expect(await db().auditEvent.count({ where: { action: "variation.decided", subjectId: developmentId } })).toBe(3);
    // The awardee's owner and submitter are told, each in their language.
    const toSubmitter = await db().outboxEmail.findFirstOrThrow({ where: { idempotencyKey: `variation-decided:${posts.id}:${submitter.id}` } });
    expect(toSubmitter.subject).toContain("已批准");
    expect(toSubmitter.text).toContain("300");
    const toOwner = await db().outboxEmail.findFirstOrThrow({ where: { idempotencyKey: `variation-decided:${milestone.id}:${owner.id}` } });
    expect(toOwner.subject).toContain("Refused");
    expect(toOwner.text).toContain("The programme must keep its topping out.");
    expect(toOwner.text).toContain("31 Mar 2029");
    // The note in the reader's language: the submitter reads Traditional Chinese.
    const refusalToSubmitter = await db().outboxEmail.findFirstOrThrow({ where: { idempotencyKey: `variation-decided:${milestone.id}:${submitter.id}` } });
    expect(refusalToSubmitter.text).toContain("發展時間表須保留平頂日期。");
    expect(refusalToSubmitter.text).not.toContain("The programme must keep its topping out.");
    expect(await db().variation.findUniqueOrThrow({ where: { id: milestone.id } })).toMatchObject({ decisionNoteEn: "The programme must keep its topping out.", decisionNoteZhHant: "發展時間表須保留平頂日期。" });
    expect(await db().outboxEmail.count({ where: { idempotencyKey: { startsWith: `variation-decided:${posts.id}:` } } })).toBe(2);
  });

  it("keep the programme in order, when asked for and again when approved", async () => {
    // The programme: construction start 2028-01-15, topping out 2029-03-31, completion 2029-12-31.
    await expect(requestVariation(owner, developmentId, request({ subject: "milestone", milestoneKind: "topping_out", value: "2030-01-31" }))).rejects.toEqual(refusal("variations.errors.milestoneOrder"));
    await expect(requestVariation(owner, developmentId, request({ subject: "milestone", milestoneKind: "topping_out", value: "2028-01-14" }))).rejects.toEqual(refusal("variations.errors.milestoneOrder"));
    // Each fits the programme as it stands; together they would not.
    const toppingOut = await requestVariation(owner, developmentId, request({ subject: "milestone", milestoneKind: "topping_out", value: "2029-11-30" }));
    const completion = await requestVariation(owner, developmentId, request({ subject: "milestone", milestoneKind: "completion", value: "2029-10-31" }));
    const approve = variationDecisionSchema.parse({ decision: "approved" });
    await decideVariation(admin, developmentId, completion, approve);
    await expect(decideVariation(admin, developmentId, toppingOut, approve)).rejects.toEqual(refusal("variations.errors.milestoneOrderNow"));
    expect((await db().variation.findUniqueOrThrow({ where: { id: toppingOut } })).state).toBe("requested");
    await decideVariation(admin, developmentId, toppingOut, variationDecisionSchema.parse({ decision: "refused", noteEn: "Ask for both dates together.", noteZhHant: "請一併申請兩個日期。" }));
    const record = (await developmentForViewer(owner, developmentId))!;
    const days = record.milestones.map((m) => m.dueBy.toISOString().slice(0, 10));
    expect(days).toEqual([...days].sort());
  });

  it("are shown only to the awarded organisation's members and administrators", async () => {
    expect(await developmentForViewer(contributor, developmentId)).not.toBeNull();
    expect(await developmentForViewer(admin, developmentId)).not.toBeNull();
    expect(await developmentForViewer(evaluator, developmentId)).toBeNull();
    const other = await db().user.findFirstOrThrow({ where: { name: "Owner of Another Bidder Limited" } });
    expect(await developmentForViewer(await currentUserFor(other.email), developmentId)).toBeNull();
  });
});
