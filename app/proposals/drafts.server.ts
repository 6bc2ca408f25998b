import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { recordAuditEvent, type AuditEntry } from "~/platform/audit.server.ts";
import { db } from "~/platform/database/db.server.ts";
import type { Proposal } from "~/platform/database/generated/prisma/client.ts";
import type { FocusSector } from "~/platform/database/generated/prisma/enums.ts";
import { lockRow, serverNow } from "~/platform/database/transactions.server.ts";
import { DomainError } from "~/platform/domain-error.ts";
import { assertOpenForChanges, lockOpenProposal, ownedBy } from "./gate.server.ts";
import type { OwnProposals } from "./journey.ts";
import { COMMITMENT_FIELDS, differingFields, type ProposalDraftInput, type ProposalFields } from "./schemas.ts";

/** A draft save made from an older copy that another member changed: both versions go back to the person saving. */
export class DraftConflictError extends DomainError {
  constructor(
    readonly theirs: ProposalFields,
    readonly mine: ProposalFields,
    readonly revision: number,
    readonly savedBy: string | null,
  ) {
    super("proposals.errors.conflict");
  }
}

/** A proposal's own fields, as stored (the draft, or what a version sealed). */
export type StoredFields = Pick<
  Proposal,
  | "developmentScheme" | "intendedSectors" | "grossFloorAreaM2" | "programme" | "trackRecord" | "jobsTalentPlan"
  | "researchPosts" | "graduatePlaces" | "designApprovalBy" | "constructionStartBy" | "toppingOutBy" | "completionBy" | "openingBy"
  | "landPremiumHkd" | "investmentCommitmentHkd"
>;

/** A date column (a calendar day, stored at UTC midnight) as "YYYY-MM-DD", and back. */
export const calendarDayOf = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : null);
const storedDay = (day: string | undefined) => (day ? new Date(`${day}T00:00:00.000Z`) : null);

export function fieldsOf(proposal: StoredFields): ProposalFields {
  return {
    developmentScheme: proposal.developmentScheme,
    intendedSectors: [...proposal.intendedSectors],
    grossFloorAreaM2: proposal.grossFloorAreaM2,
    programme: proposal.programme,
    trackRecord: proposal.trackRecord,
    jobsTalentPlan: proposal.jobsTalentPlan,
    researchPosts: proposal.researchPosts,
    graduatePlaces: proposal.graduatePlaces,
    designApprovalBy: calendarDayOf(proposal.designApprovalBy),
    constructionStartBy: calendarDayOf(proposal.constructionStartBy),
    toppingOutBy: calendarDayOf(proposal.toppingOutBy),
    completionBy: calendarDayOf(proposal.completionBy),
    openingBy: calendarDayOf(proposal.openingBy),
    landPremiumHkd: proposal.landPremiumHkd === null ? null : String(proposal.landPremiumHkd),
    investmentCommitmentHkd: proposal.investmentCommitmentHkd === null ? null : String(proposal.investmentCommitmentHkd),
  };
}

/** The audit entry of a proposal started (also written by the demo seed's replay). */
export const startedEntry = (actorId: string, proposalId: string, release: string, plot: string): AuditEntry => ({ actorId, action: "proposal.started", subjectType: "proposal", subjectId: proposalId, data: { release, plot } });

/** Starts the acting organisation's proposal for a plot of an open release, or finds the one it has. */
export async function startProposal(user: CurrentUser, releaseCode: string, plotCode: string): Promise<string> {
  try {
    return await createProposal(user, releaseCode, plotCode);
  } catch (error) {
    // Two members started the same plot at once: the other one's proposal is ours too.
    if ((error as { code?: string }).code !== "P2002") throw error;
    return createProposal(user, releaseCode, plotCode);
  }
}

async function createProposal(user: CurrentUser, releaseCode: string, plotCode: string): Promise<string> {
  const owner = ownedBy(user);
  if (!owner) throw new DomainError("proposals.errors.chooseOrganisation");
  return db().$transaction(async (tx) => {
    const release = await tx.release.findUnique({ where: { code: releaseCode } });
    const plot = await tx.plot.findUnique({ where: { code: plotCode } });
    if (!release || !plot || !release.publishedAt) throw new DomainError("proposals.errors.notFound");
    await lockRow(tx, "Release", { id: release.id }, "share");
    await assertOpenForChanges(tx, release, plot.id, await serverNow(tx));
    const key = { releaseId_plotId_organisationId: { releaseId: release.id, plotId: plot.id, organisationId: owner.organisationId } };
    const existing = await tx.proposal.findUnique({ where: key });
    if (existing) return existing.id;
    const proposal = await tx.proposal.create({
      data: { releaseId: release.id, plotId: plot.id, organisationId: owner.organisationId, createdById: user.id, updatedById: user.id },
    });
    await recordAuditEvent(tx, startedEntry(user.id, proposal.id, release.code, plot.code));
    return proposal.id;
  });
}

/** The acting organisation's proposals, newest release first. */
export function listOwnProposals(user: CurrentUser) {
  const owner = ownedBy(user);
  if (!owner) return Promise.resolve([]);
  return db().proposal.findMany({
    where: owner,
    orderBy: [{ release: { submissionDeadline: "desc" } }, { plot: { code: "asc" } }],
    select: {
      id: true,
      updatedAt: true,
      release: { select: { code: true, titleEn: true, titleZhHant: true, state: true, submissionDeadline: true } },
      plot: { select: { code: true } },
      currentVersion: { select: { number: true, receiptNumber: true, receivedAt: true } },
      versions: { select: { withdrawnAt: true }, orderBy: { number: "desc" }, take: 1 },
    },
  });
}

/** The acting organisation's proposals for a release, by plot code, and whether each is submitted (release and plot pages). */
export async function ownProposalsForRelease(user: CurrentUser, releaseId: string): Promise<OwnProposals> {
  const owner = ownedBy(user);
  if (!owner) return {};
  const proposals = await db().proposal.findMany({ where: { releaseId, ...owner }, select: { id: true, currentVersionId: true, plot: { select: { code: true } } } });
  return Object.fromEntries(proposals.map((p) => [p.plot.code, { id: p.id, submitted: p.currentVersionId !== null }]));
}

/** The draft's revision of the acting organisation's proposal, or null for anyone outside its organisation. */
export async function ownProposalRevision(user: CurrentUser, proposalId: string): Promise<number | null> {
  const owner = ownedBy(user);
  if (!owner) return null;
  const proposal = await db().proposal.findFirst({ where: { id: proposalId, ...owner }, select: { revision: true } });
  return proposal?.revision ?? null;
}

/** A proposal with everything its page shows, or null for anyone outside its organisation. */
export async function getOwnProposal(user: CurrentUser, proposalId: string) {
  const owner = ownedBy(user);
  if (!owner) return null;
  return db().proposal.findFirst({
    where: { id: proposalId, ...owner },
    include: {
      release: { include: { requiredDocuments: { orderBy: { position: "asc" } } } },
      plot: true,
      organisation: { select: { id: true, name: true, registrationNumber: true } },
      documents: { where: { inDraft: true }, orderBy: { createdAt: "asc" }, include: { requiredDocument: { select: { position: true, nameEn: true, envelope: true } } } },
      versions: {
        orderBy: { number: "desc" },
        select: { id: true, number: true, receiptNumber: true, receivedAt: true, packageDigest: true, withdrawnAt: true, submittedById: true },
      },
    },
  });
}

/** What a save would store, as the page compares it (amounts as digit strings). */
export const draftFields = (input: Omit<ProposalDraftInput, "revision">): ProposalFields => fieldsOf(draftData(input));

function draftData(input: Omit<ProposalDraftInput, "revision">) {
  return {
    developmentScheme: input.developmentScheme,
    intendedSectors: [...new Set(input.intendedSectors)] as FocusSector[],
    grossFloorAreaM2: input.grossFloorAreaM2 ?? null,
    programme: input.programme,
    trackRecord: input.trackRecord,
    jobsTalentPlan: input.jobsTalentPlan,
    researchPosts: input.researchPosts ?? null,
    graduatePlaces: input.graduatePlaces ?? null,
    designApprovalBy: storedDay(input.designApprovalBy),
    constructionStartBy: storedDay(input.constructionStartBy),
    toppingOutBy: storedDay(input.toppingOutBy),
    completionBy: storedDay(input.completionBy),
    openingBy: storedDay(input.openingBy),
    landPremiumHkd: input.landPremiumHkd ? BigInt(input.landPremiumHkd) : null,
    investmentCommitmentHkd: input.investmentCommitmentHkd ? BigInt(input.investmentCommitmentHkd) : null,
  };
}

/**
 * Saves the draft if it is still the copy the person started from (`revision`), or if what changed
 * since is only the person's own save (an autosave, another tab) or holds the same values; otherwise
 * nothing changes and the other member's version comes back in a DraftConflictError. Returns the new
 * revision.
 */
export async function saveDraft(user: CurrentUser, proposalId: string, input: ProposalDraftInput, arrivedAt?: number): Promise<number> {
  return db().$transaction(async (tx) => {
    const { proposal } = await lockOpenProposal(tx, user, proposalId, { arrivedAt });
    if (input.grossFloorAreaM2 !== undefined && input.grossFloorAreaM2 > proposal.plot.maxGfaM2) throw new DomainError("proposals.errors.gfaOverMax");
    const { revision, ...typed } = input;
    // A release without structured commitments does not ask for them: nothing of them is kept.
    const fields = proposal.release.structuredCommitments ? typed : { ...typed, ...Object.fromEntries(COMMITMENT_FIELDS.map((name) => [name, undefined])) };
    if (proposal.revision !== revision && proposal.updatedById !== user.id) {
      const [theirs, mine] = [fieldsOf(proposal), draftFields(fields)];
      if (differingFields(theirs, mine).length) {
        const savedBy = proposal.updatedById ? await tx.user.findUnique({ where: { id: proposal.updatedById }, select: { name: true } }) : null;
        throw new DraftConflictError(theirs, mine, proposal.revision, savedBy?.name ?? null);
      }
    }
    const saved = await tx.proposal.update({
      where: { id: proposal.id },
      data: { ...draftData(fields), revision: proposal.revision + 1, updatedById: user.id },
    });
    return saved.revision;
  });
}
