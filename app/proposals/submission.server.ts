import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { can } from "~/accounts/permissions.ts";
import { randomUUID } from "node:crypto";
import { auditInsert, recordAuditEvent, type AuditEntry } from "~/platform/audit.server.ts";
import { getConfig } from "~/platform/config.server.ts";
import { db } from "~/platform/database/db.server.ts";
import type { FocusSector } from "~/platform/database/generated/prisma/enums.ts";
import type { Tx } from "~/platform/database/transactions.server.ts";
import { DomainError } from "~/platform/domain-error.ts";
import { nudgeOutbox, outboxInsert, queueEmails, type EmailRequest } from "~/platform/email.server.ts";
import { intlLocale, isLanguage } from "~/platform/i18n/i18n.ts";
import { optionalJobQueue } from "~/platform/jobs.server.ts";
import { formatDateTime, PARK_TIME_ZONE } from "~/platform/time.ts";
import { registerPortalKey } from "~/platform/portal-key.server.ts";
import { receiptText, type SignedReceipt } from "~/receipts/signing.server.ts";
import { lockOpenProposal, lockOwnProposal, receivedWhileOpen } from "./gate.server.ts";
import { fieldsOf } from "./drafts.server.ts";
import { COMMITMENT_FIELDS, deadlineDayOf, milestoneProblems } from "./schemas.ts";
import { missingForSubmission, sealVersion } from "./sealing.server.ts";

type Member = { id: string; email: string; locale: string };

/** The organisation's members, each with the email's language. */
async function membersOf(tx: Tx, organisationId: string): Promise<Member[]> {
  const memberships = await tx.membership.findMany({ where: { organisationId }, select: { user: { select: { id: true, email: true, locale: true } } } });
  return memberships.map((m) => m.user);
}

/** One email to each member, in their language. */
function emailsToMembers(members: Member[], template: "proposalSubmitted" | "proposalWithdrawn", key: string, params: (language: string) => Record<string, string>): EmailRequest[] {
  return members.map((user) => ({ to: user.email, template, language: user.locale, params: params(user.locale), idempotencyKey: `${key}:${user.id}` }));
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
 * Everything a submission checks and seals, read in one statement once the proposal and its release
 * are locked: the draft, its release, plot and organisation, whether the plot is still offered, the
 * database's clock, the draft's stored documents, the release's required documents, the version
 * numbers (the last and the one that counts) and the members to tell.
 */
async function readForSealing(tx: Tx, proposalId: string) {
  const [row] = await tx.$queryRaw<{
    organisationId: string; revision: number; developmentScheme: string; intendedSectors: FocusSector[]; grossFloorAreaM2: number | null;
    programme: string; trackRecord: string; jobsTalentPlan: string; researchPosts: number | null; graduatePlaces: number | null;
    designApprovalBy: Date | null; constructionStartBy: Date | null; toppingOutBy: Date | null; completionBy: Date | null; openingBy: Date | null;
    landPremiumHkd: bigint | null; investmentCommitmentHkd: bigint | null;
    releaseCode: string; releaseState: string; submissionDeadline: Date; structuredCommitments: boolean; technicalOpenedAt: Date | null;
    plotCode: string; maxGfaM2: number; organisationName: string; registrationNumber: string; offered: boolean; plotWithdrawnAt: Date | null; now: Date;
    documents: { id: string; requiredDocumentId: string; fileName: string; size: string; sha256: string | null; position: number; nameEn: string; envelope: string }[];
    requiredDocuments: { id: string; mandatory: boolean }[];
    lastVersion: number | null; currentVersion: number | null;
    members: Member[];
  }[]>`
    SELECT p."organisationId", p.revision, p."developmentScheme", coalesce(to_json(p."intendedSectors"), '[]') AS "intendedSectors", p."grossFloorAreaM2",
      p.programme, p."trackRecord", p."jobsTalentPlan", p."researchPosts", p."graduatePlaces",
      p."designApprovalBy", p."constructionStartBy", p."toppingOutBy", p."completionBy", p."openingBy",
      p."landPremiumHkd", p."investmentCommitmentHkd",
      r.code AS "releaseCode", r.state::text AS "releaseState", r."submissionDeadline", r."structuredCommitments", e."technicalOpenedAt",
      pl.code AS "plotCode", pl."maxGfaM2", o.name AS "organisationName", o."registrationNumber",
      rp."plotId" IS NOT NULL AS offered, rp."withdrawnAt" AS "plotWithdrawnAt", clock_timestamp() AS now,
      (SELECT coalesce(json_agg(json_build_object('id', d.id, 'requiredDocumentId', d."requiredDocumentId", 'fileName', d."fileName", 'size', d.size::text,
                'sha256', d.sha256, 'position', rd.position, 'nameEn', rd."nameEn", 'envelope', rd.envelope)), '[]')
         FROM "ProposalDocument" d JOIN "RequiredDocument" rd ON rd.id = d."requiredDocumentId"
        WHERE d."proposalId" = p.id AND d."inDraft" AND d.state = 'stored') AS documents,
      (SELECT coalesce(json_agg(json_build_object('id', rd.id, 'mandatory', rd.mandatory)), '[]') FROM "RequiredDocument" rd WHERE rd."releaseId" = p."releaseId") AS "requiredDocuments",
      (SELECT max(v.number) FROM "ProposalVersion" v WHERE v."proposalId" = p.id) AS "lastVersion",
      (SELECT v.number FROM "ProposalVersion" v WHERE v.id = p."currentVersionId") AS "currentVersion",
      (SELECT coalesce(json_agg(json_build_object('id', u.id, 'email', u.email, 'locale', u.locale)), '[]')
         FROM "Membership" m JOIN "User" u ON u.id = m."userId" WHERE m."organisationId" = p."organisationId") AS members
    FROM "Proposal" p
    JOIN "Release" r ON r.id = p."releaseId"
    JOIN "Plot" pl ON pl.id = p."plotId"
    JOIN "Organisation" o ON o.id = p."organisationId"
    LEFT JOIN "Evaluation" e ON e."releaseId" = r.id
    LEFT JOIN "ReleasePlot" rp ON rp."releaseId" = r.id AND rp."plotId" = p."plotId"
    WHERE p.id = ${proposalId}::uuid`;
  if (!row) throw new DomainError("proposals.errors.notFound");
  const { releaseCode, releaseState, submissionDeadline, structuredCommitments, technicalOpenedAt, plotCode, maxGfaM2, organisationName, registrationNumber, offered, plotWithdrawnAt, ...rest } = row;
  return {
    ...rest,
    release: { code: releaseCode, state: releaseState, submissionDeadline, structuredCommitments, technicalOpenedAt, requiredDocuments: row.requiredDocuments },
    plot: { code: plotCode, maxGfaM2 },
    organisation: { id: row.organisationId, name: organisationName, registrationNumber },
    offered: offered ? { withdrawnAt: plotWithdrawnAt } : null,
    documents: row.documents.map((d) => ({ ...d, size: BigInt(d.size), state: "stored", inDraft: true, requiredDocument: { position: d.position, nameEn: d.nameEn, envelope: d.envelope } })),
  };
}

/**
 * Seals the draft as a new version, before the deadline by the server's clock, and issues the signed
 * receipt. All of it happens in one transaction: a submission racing the deadline is entirely in
 * (with its receipt, audit entry and emails) or entirely out. Under the deadline's load every
 * statement counts (docs/performance.md): the transaction locks, reads once and writes once per table.
 */
export async function submitProposal(user: CurrentUser, proposalId: string, seen?: { revision: number; documentIds: string[] }, arrivedAt?: number): Promise<SubmissionResult> {
  if (!can(user.roles, "proposal:submit")) throw new DomainError("proposals.errors.cannotSubmit");
  if (!user.emailVerified) throw new DomainError("proposals.errors.verifyFirst");
  await registerPortalKey();
  const { result, outboxIds } = await db().$transaction(async (tx) => {
    await lockOwnProposal(tx, user, proposalId, "update");
    const proposal = await readForSealing(tx, proposalId);
    const receivedAt = receivedWhileOpen(proposal.release, proposal.offered, proposal.now, arrivedAt);
    const { documents } = proposal;
    // What is sealed must be what the person saw: no other member's save or upload slipped in.
    if (seen && (seen.revision !== proposal.revision || [...seen.documentIds].sort().join() !== documents.map((d) => d.id).sort().join())) {
      throw new DomainError("proposals.errors.changedMeanwhile");
    }
    const missing = missingForSubmission(proposal);
    const commitmentsMissing = missing.fields.filter((name) => (COMMITMENT_FIELDS as readonly string[]).includes(name)).length;
    if (missing.fields.length > commitmentsMissing || missing.documents.length) throw new DomainError("proposals.errors.incomplete");
    // A proposal complete but for its countable promises is told exactly that.
    if (commitmentsMissing) throw new DomainError("proposals.errors.commitmentsMissing");
    if (proposal.release.structuredCommitments && milestoneProblems(fieldsOf(proposal), deadlineDayOf(proposal.release.submissionDeadline)).length) {
      throw new DomainError("proposals.errors.milestonesOutOfOrder");
    }
    if ((proposal.grossFloorAreaM2 ?? 0) > proposal.plot.maxGfaM2) throw new DomainError("proposals.errors.gfaOverMax");
    const number = (proposal.lastVersion ?? 0) + 1;
    const { data, receipt, digest } = sealVersion(proposal, number, documents, receivedAt, user.id);
    const link = `${getConfig().PUBLIC_URL}/proposals/${proposalId}/receipts/${receipt.receiptNumber}`;
    const emails = emailsToMembers(proposal.members, "proposalSubmitted", `receipt:${receipt.receiptNumber}`, (language) => ({
      code: proposal.release.code,
      plot: proposal.plot.code,
      organisation: proposal.organisation.name,
      receiptNumber: receipt.receiptNumber,
      receivedAt: formatDateTime(receivedAt, PARK_TIME_ZONE, intlLocale(isLanguage(language) ? language : "en")),
      digest,
      receipt: receiptText(receipt),
      link,
    }));
    const entry = submittedEntry(user.id, proposalId, { release: proposal.release.code, plot: proposal.plot.code, version: number, supersedes: proposal.currentVersion, receipt, packageDigest: digest });
    const versionId = randomUUID();
    // Every write of the submission in one statement: at the deadline each statement costs the
    // portal's one thread a round trip (docs/performance.md). The foreign keys between the parts
    // are checked at the statement's end, when every part is written.
    const queued = await tx.$queryRaw<{ id: string }[]>`
      WITH version AS (
        INSERT INTO "ProposalVersion" (id, "proposalId", number, "sealedPackage", "packageDigest", "receiptNumber", "receivedAt", signature, "signingKeyId", "receiptCanonicalization", "submittedById")
        VALUES (${versionId}::uuid, ${proposalId}::uuid, ${data.number}, ${JSON.stringify(data.sealedPackage)}::jsonb, ${data.packageDigest}, ${data.receiptNumber},
          ${data.receivedAt}::timestamp(3), ${data.signature}, ${data.signingKeyId}, ${data.receiptCanonicalization}, ${data.submittedById}::uuid)),
      documents AS (
        INSERT INTO "ProposalVersionDocument" ("versionId", "documentId") SELECT ${versionId}::uuid, unnest(${documents.map((d) => d.id)}::uuid[])),
      current AS (
        UPDATE "Proposal" SET "currentVersionId" = ${versionId}::uuid, "updatedAt" = ${new Date()}::timestamp(3) WHERE id = ${proposalId}::uuid),
      audit AS (${auditInsert(entry)}),
      emails AS (${outboxInsert(emails)})
      SELECT id FROM emails`;
    const outboxIds = queued.map((row) => row.id);
    return { result: { versionId, receipt }, outboxIds };
  });
  nudgeOutbox(optionalJobQueue(), outboxIds);
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
    return queueEmails(tx, emailsToMembers(await membersOf(tx, proposal.organisationId), "proposalWithdrawn", `withdrawn:${version.receiptNumber}`, (language) => ({
      code: proposal.release.code,
      plot: proposal.plot.code,
      organisation: proposal.organisation.name,
      receiptNumber: version.receiptNumber,
      withdrawnAt: formatDateTime(now, PARK_TIME_ZONE, intlLocale(isLanguage(language) ? language : "en")),
      link: `${getConfig().PUBLIC_URL}/proposals/${proposalId}`,
    })));
  });
  nudgeOutbox(optionalJobQueue(), outboxIds);
}
