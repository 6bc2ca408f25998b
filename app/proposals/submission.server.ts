import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { can } from "~/accounts/permissions.ts";
import { recordAuditEvent, type AuditEntry } from "~/platform/audit.server.ts";
import { getConfig } from "~/platform/config.server.ts";
import { db } from "~/platform/database/db.server.ts";
import type { Tx } from "~/platform/database/transactions.server.ts";
import { DomainError } from "~/platform/domain-error.ts";
import { nudgeOutbox, queueEmail } from "~/platform/email.server.ts";
import { intlLocale, isLanguage } from "~/platform/i18n/i18n.ts";
import { optionalJobQueue } from "~/platform/jobs.server.ts";
import { formatDateTime, PARK_TIME_ZONE } from "~/platform/time.ts";
import { registerPortalKey } from "~/platform/portal-key.server.ts";
import { receiptText, type SignedReceipt } from "~/receipts/signing.server.ts";
import { lockOpenProposal } from "./gate.server.ts";
import { fieldsOf } from "./drafts.server.ts";
import { COMMITMENT_FIELDS, deadlineDayOf, milestoneProblems } from "./schemas.ts";
import { missingForSubmission, sealVersion } from "./sealing.server.ts";

async function tellMembers(
  tx: Tx,
  organisationId: string,
  template: "proposalSubmitted" | "proposalWithdrawn",
  key: string,
  params: (language: string) => Record<string, string>,
) {
  const members = await tx.membership.findMany({ where: { organisationId }, include: { user: { select: { id: true, email: true, locale: true } } } });
  return Promise.all(
    members.map(({ user }) => queueEmail(tx, { to: user.email, template, language: user.locale, params: params(user.locale), idempotencyKey: `${key}:${user.id}` })),
  );
}

/** The audit entry of a version sealed, one per version (also written by the demo seed's replay). */
export function submittedEntry(
  actorId: string,
  proposalId: string,
  sealed: { release: string; plot: string; version: number; supersedes: number | null; receipt: SignedReceipt; packageDigest: string },
): AuditEntry {
  const { receipt, ...fields } = sealed;
  return { actorId, action: "proposal.submitted", subjectType: "proposal", subjectId: proposalId, data: { ...fields, receiptNumber: receipt.receiptNumber, receivedAt: receipt.receivedAt } };
}

export interface SubmissionResult {
  versionId: string;
  receipt: SignedReceipt;
}

/**
 * Seals the draft as a new version, before the deadline by the server's clock, and issues the signed
 * receipt. All of it happens in one transaction: a submission racing the deadline is entirely in
 * (with its receipt, audit entry and emails) or entirely out.
 */
export async function submitProposal(user: CurrentUser, proposalId: string, seen?: { revision: number; documentIds: string[] }, arrivedAt?: number): Promise<SubmissionResult> {
  if (!can(user.roles, "proposal:submit")) throw new DomainError("proposals.errors.cannotSubmit");
  if (!user.emailVerified) throw new DomainError("proposals.errors.verifyFirst");
  await registerPortalKey();
  const { result, outboxIds } = await db().$transaction(async (tx) => {
    const { proposal, now: receivedAt } = await lockOpenProposal(tx, user, proposalId, { arrivedAt });
    const documents = await tx.proposalDocument.findMany({
      where: { proposalId, inDraft: true, state: "stored" },
      include: { requiredDocument: true },
    });
    // What is sealed must be what the person saw: no other member's save or upload slipped in.
    if (seen && (seen.revision !== proposal.revision || [...seen.documentIds].sort().join() !== documents.map((d) => d.id).sort().join())) {
      throw new DomainError("proposals.errors.changedMeanwhile");
    }
    const requiredDocuments = await tx.requiredDocument.findMany({ where: { releaseId: proposal.releaseId } });
    const missing = missingForSubmission({ ...proposal, release: { structuredCommitments: proposal.release.structuredCommitments, requiredDocuments }, documents });
    const commitmentsMissing = missing.fields.filter((name) => (COMMITMENT_FIELDS as readonly string[]).includes(name)).length;
    if (missing.fields.length > commitmentsMissing || missing.documents.length) throw new DomainError("proposals.errors.incomplete");
    // A proposal complete but for its countable promises is told exactly that.
    if (commitmentsMissing) throw new DomainError("proposals.errors.commitmentsMissing");
    if (proposal.release.structuredCommitments && milestoneProblems(fieldsOf(proposal), deadlineDayOf(proposal.release.submissionDeadline)).length) {
      throw new DomainError("proposals.errors.milestonesOutOfOrder");
    }
    if ((proposal.grossFloorAreaM2 ?? 0) > proposal.plot.maxGfaM2) throw new DomainError("proposals.errors.gfaOverMax");
    const last = await tx.proposalVersion.findFirst({ where: { proposalId }, orderBy: { number: "desc" } });
    const number = (last?.number ?? 0) + 1;
    const { data, receipt, digest } = sealVersion(proposal, number, documents, receivedAt, user.id);
    const version = await tx.proposalVersion.create({
      data: {
        proposalId,
        ...data,
        documents: { create: documents.map((d) => ({ documentId: d.id })) },
      },
    });
    const superseded = proposal.currentVersionId ? (await tx.proposalVersion.findUniqueOrThrow({ where: { id: proposal.currentVersionId } })).number : null;
    await tx.proposal.update({ where: { id: proposalId }, data: { currentVersionId: version.id } });
    const link = `${getConfig().PUBLIC_URL}/proposals/${proposalId}/receipts/${receipt.receiptNumber}`;
    const outboxIds = await tellMembers(tx, proposal.organisationId, "proposalSubmitted", `receipt:${receipt.receiptNumber}`, (language) => ({
      code: proposal.release.code,
      plot: proposal.plot.code,
      organisation: proposal.organisation.name,
      receiptNumber: receipt.receiptNumber,
      receivedAt: formatDateTime(receivedAt, PARK_TIME_ZONE, intlLocale(isLanguage(language) ? language : "en")),
      digest,
      receipt: receiptText(receipt),
      link,
    }));
    await recordAuditEvent(tx, submittedEntry(user.id, proposalId, { release: proposal.release.code, plot: proposal.plot.code, version: number, supersedes: superseded, receipt, packageDigest: digest }));
    return { result: { versionId: version.id, receipt }, outboxIds };
  });
  await nudgeOutbox(optionalJobQueue(), outboxIds);
  return result;
}

/** Withdraws the version that counts, before the deadline: the organisation then has no bid for the plot. */
export async function withdrawProposal(user: CurrentUser, proposalId: string, arrivedAt?: number): Promise<void> {
  if (!can(user.roles, "proposal:submit")) throw new DomainError("proposals.errors.cannotSubmit");
  const outboxIds = await db().$transaction(async (tx) => {
    const { proposal, now } = await lockOpenProposal(tx, user, proposalId, { arrivedAt });
    if (!proposal.currentVersionId) throw new DomainError("proposals.errors.nothingToWithdraw");
    const version = await tx.proposalVersion.update({ where: { id: proposal.currentVersionId }, data: { withdrawnAt: now, withdrawnById: user.id } });
    await tx.proposal.update({ where: { id: proposalId }, data: { currentVersionId: null } });
    await recordAuditEvent(tx, {
      actorId: user.id,
      action: "proposal.withdrawn",
      subjectType: "proposal",
      subjectId: proposalId,
      data: { release: proposal.release.code, plot: proposal.plot.code, version: version.number, receiptNumber: version.receiptNumber, withdrawnAt: now.toISOString() },
    });
    return tellMembers(tx, proposal.organisationId, "proposalWithdrawn", `withdrawn:${version.receiptNumber}`, (language) => ({
      code: proposal.release.code,
      plot: proposal.plot.code,
      organisation: proposal.organisation.name,
      receiptNumber: version.receiptNumber,
      withdrawnAt: formatDateTime(now, PARK_TIME_ZONE, intlLocale(isLanguage(language) ? language : "en")),
      link: `${getConfig().PUBLIC_URL}/proposals/${proposalId}`,
    }));
  });
  await nudgeOutbox(optionalJobQueue(), outboxIds);
}
