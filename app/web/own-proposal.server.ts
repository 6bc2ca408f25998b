import { z } from "zod";
import { can } from "~/accounts/permissions.ts";
import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { whoMaySubmit } from "~/organisations/organisations.server.ts";
import { fieldsOf, getOwnProposal, ownProposalRevision } from "~/proposals/drafts.server.ts";
import { deadlineDayOf } from "~/proposals/schemas.ts";
import { missingForSubmission } from "~/proposals/sealing.server.ts";
import { draftIsSealed, proposalTasks } from "~/proposals/tasks.server.ts";
import { notFound } from "./error-boundary.tsx";
import { requireUser } from "./require.server.ts";

/** The signed-in person's own proposal; for anyone outside its organisation it does not exist (404, never 403, which would confirm it). */
export async function requireOwnProposal(request: Request, id: string | undefined) {
  const user = await requireUser(request);
  const parsed = z.uuid().safeParse(id);
  const proposal = parsed.success ? await getOwnProposal(user, parsed.data) : null;
  if (!proposal) throw notFound();
  return { user, proposal };
}

/**
 * For the Submit: the signed-in person and the proposal's id, with no read. The submission checks
 * ownership itself, under its locks, and reads everything else there; at the deadline every
 * statement counts (docs/performance.md). Only a refusal reads more: `storedRevisionOrNotFound`.
 */
export async function requireProposalSubmitter(request: Request, id: string | undefined) {
  const user = await requireUser(request);
  const parsed = z.uuid().safeParse(id);
  if (!parsed.success) throw notFound();
  return { user, proposalId: parsed.data };
}

/** The draft's stored revision, with the same 404 as requireOwnProposal for anyone outside its organisation. */
export async function storedRevisionOrNotFound(user: CurrentUser, proposalId: string) {
  const revision = await ownProposalRevision(user, proposalId);
  if (revision === null) throw notFound();
  return revision;
}

type OwnProposal = NonNullable<Awaited<ReturnType<typeof getOwnProposal>>>;

/** What the proposal page and its check page both show: the draft, its tasks, its versions and who may submit it. */
export async function proposalView(user: CurrentUser, proposal: OwnProposal) {
  const serverNow = new Date();
  const { release } = proposal;
  const current = proposal.versions.find((v) => v.id === proposal.currentVersionId);
  const sealed = draftIsSealed(proposal, current);
  const canSubmit = can(user.roles, "proposal:submit");
  return {
    id: proposal.id,
    revision: proposal.revision,
    fields: fieldsOf(proposal),
    release: {
      code: release.code,
      titleEn: release.titleEn,
      titleZhHant: release.titleZhHant,
      submissionDeadline: release.submissionDeadline,
      /** Whether the technical envelope states countable promises (research posts, graduate places, milestone dates). */
      structuredCommitments: release.structuredCommitments,
      /** The first milestone comes after this day (the deadline's, in the park). */
      deadlineDay: deadlineDayOf(release.submissionDeadline),
      requiredDocuments: release.requiredDocuments.map((r) => ({ id: r.id, nameEn: r.nameEn, nameZhHant: r.nameZhHant, envelope: r.envelope, acceptedTypes: r.acceptedTypes, maxSizeMb: r.maxSizeMb, mandatory: r.mandatory })),
    },
    plot: { code: proposal.plot.code, maxGfaM2: proposal.plot.maxGfaM2 },
    organisation: proposal.organisation.name,
    documents: proposal.documents
      .filter((d) => d.state === "stored")
      .map((d) => ({ id: d.id, requiredDocumentId: d.requiredDocumentId, fileName: d.fileName, size: Number(d.size), sha256: d.sha256 })),
    versions: proposal.versions.map((v) => ({ number: v.number, receiptNumber: v.receiptNumber, receivedAt: v.receivedAt, packageDigest: v.packageDigest, withdrawnAt: v.withdrawnAt, counts: v.id === proposal.currentVersionId })),
    missing: missingForSubmission(proposal),
    tasks: proposalTasks(proposal, sealed),
    /** The draft is what the version that counts sealed: nothing new to submit. */
    sealed,
    open: release.state === "open" && serverNow < release.submissionDeadline,
    canSubmit,
    // A contributor is told whom to ask instead of being offered a button that would refuse them.
    submitters: canSubmit ? [] : await whoMaySubmit(proposal.organisation.id),
    verified: user.emailVerified,
    serverNow,
  };
}
