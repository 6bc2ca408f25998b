import { beforeAll, describe, expect, it } from "vitest";
import { DomainError } from "../../app/platform/domain-error.ts";
import { DraftConflictError, saveDraft, startProposal } from "~/proposals/drafts.server.ts";
import { groupDigits } from "~/platform/typed-numbers.ts";
import { draftFormValues, type ProposalFields } from "~/proposals/schemas.ts";
import { action, loader } from "~/routes/proposals.$id/route.tsx";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";
import { completeFields, DEMO_MEMBERS, OPEN_RELEASE } from "../support/proposals.ts";
import { actionArgs, loaderArgs, routeOutcome } from "../support/routes.ts";
import { currentUserFor, sessionCookieFor } from "../support/users.ts";

const db = withTestDatabase();

const cookies: Record<keyof typeof DEMO_MEMBERS, string> = { owner: "", submitter: "", contributor: "" };

beforeAll(async () => {
  await seedDemoPark(db());
  for (const role of Object.keys(DEMO_MEMBERS) as (keyof typeof DEMO_MEMBERS)[]) cookies[role] = await sessionCookieFor(DEMO_MEMBERS[role]);
});

/** A new proposal of the demo organisation for the plot; its id. */
async function newProposal(plot: string) {
  return startProposal(await currentUserFor(DEMO_MEMBERS.owner), OPEN_RELEASE, plot);
}

const stored = (id: string) => db().proposal.findUniqueOrThrow({ where: { id } });

/** The proposal form as the browser posts it: every field, blank unless given. */
function form(fields: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  const all = { developmentScheme: "", grossFloorAreaM2: "", programme: "", trackRecord: "", jobsTalentPlan: "", landPremiumHkd: "", investmentCommitmentHkd: "", ...fields };
  for (const [name, value] of Object.entries(all)) {
    for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
  }
  return body;
}

const post = (id: string, role: keyof typeof DEMO_MEMBERS, fields: Record<string, string | string[]>) =>
  routeOutcome(() => action(actionArgs(`/proposals/${id}`, form(fields), { params: { id }, headers: { Cookie: cookies[role] } })));

type Reply = {
  result: { status: string; initialValue: Record<string, unknown>; error: Record<string, string[] | null> };
  conflict?: { theirs: Record<string, unknown>; mine: Record<string, unknown>; differing: string[]; revision: number; savedBy: string | null };
  revision?: number;
};

describe("drafts", () => {
  it("save incomplete, and the page lists what a submission still needs", async () => {
    const id = await newProposal("1W-08");
    const owner = await currentUserFor(DEMO_MEMBERS.owner);
    expect(await saveDraft(owner, id, { revision: 1, developmentScheme: "Only a first idea.", intendedSectors: [], programme: "", trackRecord: "", jobsTalentPlan: "" })).toBe(2);
    expect(await stored(id)).toMatchObject({ revision: 2, developmentScheme: "Only a first idea.", grossFloorAreaM2: null, landPremiumHkd: null, programme: "" });

    const saved = await post(id, "contributor", { intent: "save", revision: "2", developmentScheme: "A better idea.", intendedSectors: ["new_energy"], landPremiumHkd: "HK$ 1,250,000" });
    expect(saved.status).toBe(302);
    expect(saved.location).toBe(`/proposals/${id}?edit&saved=1`);
    expect(await stored(id)).toMatchObject({ revision: 3, developmentScheme: "A better idea.", intendedSectors: ["new_energy"], landPremiumHkd: 1_250_000n, grossFloorAreaM2: null });

    const autosaved = await post(id, "contributor", { intent: "autosave", revision: "3", developmentScheme: "A better idea.", intendedSectors: ["new_energy"], landPremiumHkd: "1250000", trackRecord: "Ten years." });
    expect(autosaved.status).toBe(200);
    expect(autosaved.data).toMatchObject({ saved: 4 });

    const page = await routeOutcome(() => loader(loaderArgs(`/proposals/${id}`, { id }, { Cookie: cookies.contributor })));
    const { missing, revision } = page.data as { missing: { fields: string[]; documents: string[] }; revision: number };
    expect(revision).toBe(4);
    // The demo's open release asks for countable promises too.
    expect(missing.fields.sort()).toEqual(["completionBy", "constructionStartBy", "designApprovalBy", "graduatePlaces", "grossFloorAreaM2", "investmentCommitmentHkd", "jobsTalentPlan", "openingBy", "programme", "researchPosts", "toppingOutBy"]);
    expect(missing.documents).toHaveLength(3);
  });

  it("refuse bad values with the form as typed (400) and save nothing", async () => {
    const id = await newProposal("1W-09");
    const before = await stored(id);
    const typed = {
      intent: "save",
      revision: String(before.revision),
      developmentScheme: "Typed with care.",
      grossFloorAreaM2: "twenty thousand",
      programme: "Bell\u0007 in the text",
      landPremiumHkd: "12.5 million",
      investmentCommitmentHkd: "4,000,000,000",
    };
    const refused = await post(id, "submitter", typed);
    expect(refused.status).toBe(400);
    const { result } = refused.data as Reply;
    expect(result.status).toBe("error");
    expect(result.error).toMatchObject({
      grossFloorAreaM2: ["proposals.errors.gfa"],
      programme: ["text.hidden.programme"],
      landPremiumHkd: ["proposals.errors.landPremiumHkd"],
    });
    expect(result.error.developmentScheme ?? null).toBeNull();
    expect(result.initialValue).toMatchObject({ developmentScheme: "Typed with care.", grossFloorAreaM2: "twenty thousand", programme: "Bell\u0007 in the text", landPremiumHkd: "12.5 million", investmentCommitmentHkd: "4,000,000,000" });
    expect(await stored(id)).toEqual(before);

    for (const [field, value] of [["grossFloorAreaM2", "0"], ["grossFloorAreaM2", "-5"], ["grossFloorAreaM2", "12.5"], ["landPremiumHkd", "99999999999999"], ["intendedSectors", "gambling"], ["developmentScheme", "x".repeat(20_001)]] as const) {
      const outcome = await post(id, "submitter", { intent: "save", revision: String(before.revision), [field]: value });
      expect(outcome.status, `${field}=${value.slice(0, 20)}`).toBe(400);
      // An array's item is named by its index (intendedSectors[0]).
      expect(Object.keys((outcome.data as Reply).result.error).filter((name) => name.startsWith(field)), field).not.toEqual([]);
    }
    expect(await stored(id)).toEqual(before);
  });

  it("refuse a gross floor area above the plot's maximum, in the form and in the domain", async () => {
    const id = await newProposal("1W-10");
    const before = await stored(id);
    const { maxGfaM2 } = await db().plot.findUniqueOrThrow({ where: { code: "1W-10" } });
    const refused = await post(id, "owner", { intent: "save", revision: String(before.revision), grossFloorAreaM2: String(maxGfaM2 + 1) });
    expect(refused.status).toBe(400);
    expect((refused.data as Reply).result.error.grossFloorAreaM2).toEqual(["proposals.errors.gfaOverMax"]);
    const owner = await currentUserFor(DEMO_MEMBERS.owner);
    await expect(saveDraft(owner, id, { revision: before.revision, ...completeFields, grossFloorAreaM2: maxGfaM2 + 1 })).rejects.toThrow(new DomainError("proposals.errors.gfaOverMax"));
    expect(await stored(id)).toEqual(before);
    expect(await saveDraft(owner, id, { revision: before.revision, ...completeFields, grossFloorAreaM2: maxGfaM2 })).toBe(before.revision + 1);
  });

  it("take figures typed with thousands separators, show them grouped after a reload, and keep a refused one exactly as typed", async () => {
    const id = await newProposal("1W-14");
    const { revision } = await stored(id);
    const { maxGfaM2 } = await db().plot.findUniqueOrThrow({ where: { code: "1W-14" } });
    const typed = { grossFloorAreaM2: groupDigits(maxGfaM2), researchPosts: "1,200", graduatePlaces: "40", landPremiumHkd: "1,250,000,000", investmentCommitmentHkd: "3800000000" };
    const saved = await post(id, "owner", { intent: "save", revision: String(revision), ...typed });
    expect(saved.status).toBe(302);
    expect(await stored(id)).toMatchObject({ grossFloorAreaM2: maxGfaM2, researchPosts: 1_200, graduatePlaces: 40, landPremiumHkd: 1_250_000_000n, investmentCommitmentHkd: 3_800_000_000n });

    // The page reloaded: every figure grouped as people type it, whether or not it was typed so.
    const page = await routeOutcome(() => loader(loaderArgs(`/proposals/${id}`, { id }, { Cookie: cookies.owner })));
    expect(draftFormValues((page.data as { fields: ProposalFields }).fields)).toMatchObject({ ...typed, investmentCommitmentHkd: "3,800,000,000" });

    // Refused (the floor area above the plot's maximum): what was typed comes back as typed, and nothing is saved.
    const before = await stored(id);
    const overMax = groupDigits(maxGfaM2 + 1_000);
    const refused = await post(id, "owner", { intent: "save", revision: String(before.revision), ...typed, grossFloorAreaM2: overMax });
    expect(refused.status).toBe(400);
    const { result } = refused.data as Reply;
    expect(result.error.grossFloorAreaM2).toEqual(["proposals.errors.gfaOverMax"]);
    expect(result.initialValue).toMatchObject({ ...typed, grossFloorAreaM2: overMax });
    expect(await stored(id)).toEqual(before);

    // A headcount of only a stray space is nothing typed, not 0.
    expect((await post(id, "owner", { intent: "save", revision: String(before.revision), researchPosts: " " })).status).toBe(302);
    expect(await stored(id)).toMatchObject({ researchPosts: null });
  });

  it("edited by two members: the later save from an old copy gets both versions back (409) and changes nothing", async () => {
    const id = await newProposal("1W-11");
    const pageOf = async (role: keyof typeof DEMO_MEMBERS) => (await routeOutcome(() => loader(loaderArgs(`/proposals/${id}`, { id }, { Cookie: cookies[role] })))).data as { revision: number };
    const [submitterCopy, contributorCopy] = [await pageOf("submitter"), await pageOf("contributor")];
    expect(submitterCopy.revision).toBe(contributorCopy.revision);
    const revision = String(contributorCopy.revision);

    const first = await post(id, "submitter", { intent: "save", revision, developmentScheme: "Sally's scheme.", programme: "Sally's programme." });
    expect(first.status).toBe(302);
    const afterFirst = await stored(id);

    const mine = { intent: "save", revision, developmentScheme: "Connie's scheme.", programme: "Connie's programme.", grossFloorAreaM2: "18000" };
    const second = await post(id, "contributor", mine);
    expect(second.status).toBe(409);
    const reply = second.data as Reply;
    expect(reply.conflict).toEqual({
      theirs: { developmentScheme: "Sally's scheme.", intendedSectors: [], grossFloorAreaM2: null, programme: "Sally's programme.", trackRecord: "", jobsTalentPlan: "", researchPosts: null, graduatePlaces: null, designApprovalBy: null, constructionStartBy: null, toppingOutBy: null, completionBy: null, openingBy: null, landPremiumHkd: null, investmentCommitmentHkd: null },
      mine: { developmentScheme: "Connie's scheme.", intendedSectors: [], grossFloorAreaM2: 18_000, programme: "Connie's programme.", trackRecord: "", jobsTalentPlan: "", researchPosts: null, graduatePlaces: null, designApprovalBy: null, constructionStartBy: null, toppingOutBy: null, completionBy: null, openingBy: null, landPremiumHkd: null, investmentCommitmentHkd: null },
      differing: ["developmentScheme", "grossFloorAreaM2", "programme"],
      revision: afterFirst.revision,
      savedBy: "Sally Submitter",
    });
    expect(reply.result.initialValue).toMatchObject({ developmentScheme: "Connie's scheme.", programme: "Connie's programme.", grossFloorAreaM2: "18000" });
    expect(reply.result.error[""]).toContain("proposals.errors.conflict");
    expect(await stored(id)).toEqual(afterFirst);

    // An autosave from the old copy is refused the same way.
    expect((await post(id, "contributor", { ...mine, intent: "autosave" })).status).toBe(409);
    expect(await stored(id)).toEqual(afterFirst);

    // The domain says the same, with the other version.
    const contributor = await currentUserFor(DEMO_MEMBERS.contributor);
    const conflict = await saveDraft(contributor, id, { revision: Number(revision), developmentScheme: "Again.", intendedSectors: [], programme: "", trackRecord: "", jobsTalentPlan: "" }).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(DraftConflictError);
    expect((conflict as DraftConflictError).theirs.developmentScheme).toBe("Sally's scheme.");

    // Having seen both, Connie saves on top of the current copy.
    const resolved = await post(id, "contributor", { ...mine, revision: String(afterFirst.revision) });
    expect(resolved.status).toBe(302);
    expect(await stored(id)).toMatchObject({ revision: afterFirst.revision + 1, developmentScheme: "Connie's scheme.", grossFloorAreaM2: 18_000 });
  });
  it("never make a person conflict with their own save (an autosave, another tab): the later save wins", async () => {
    const id = await newProposal("1W-12");
    const { revision } = await stored(id);
    const autosaved = await post(id, "owner", { intent: "autosave", revision: String(revision), developmentScheme: "Typed, autosaved." });
    expect(autosaved).toMatchObject({ status: 200, data: { saved: revision + 1, revision: revision + 1 } });
    // The form still carries the revision it was opened with.
    const saved = await post(id, "owner", { intent: "save", revision: String(revision), developmentScheme: "Typed, autosaved, then saved.", landPremiumHkd: "1,250,000,000" });
    expect(saved.status).toBe(302);
    expect(await stored(id)).toMatchObject({ revision: revision + 2, developmentScheme: "Typed, autosaved, then saved.", landPremiumHkd: 1_250_000_000n });
  });

  it("compare values, not how they were typed: another member's save with the same values is no conflict", async () => {
    const id = await newProposal("1W-13");
    const { revision } = await stored(id);
    const same = { developmentScheme: "Agreed scheme.", intendedSectors: ["life_health_technology"], landPremiumHkd: "1250000000" };
    expect((await post(id, "submitter", { intent: "save", revision: String(revision), ...same })).status).toBe(302);
    // One sector ticked (sent as a single value) and the amount typed with separators: the same values.
    const again = await post(id, "contributor", { intent: "save", revision: String(revision), developmentScheme: "Agreed scheme.", intendedSectors: "life_health_technology", landPremiumHkd: "1,250,000,000" });
    expect(again.status).toBe(302);
    // A real difference from an old copy is a conflict, and names only the fields that differ.
    const differs = await post(id, "owner", { intent: "save", revision: String(revision), developmentScheme: "Agreed scheme.", intendedSectors: "life_health_technology", landPremiumHkd: "1,300,000,000" });
    expect(differs.status).toBe(409);
    expect((differs.data as Reply).conflict).toMatchObject({ differing: ["landPremiumHkd"], theirs: { landPremiumHkd: "1250000000" }, mine: { landPremiumHkd: "1300000000" } });
    expect((differs.data as Reply).revision).toBe(revision + 2);
  });
});
