import { recordAuditEvent } from "~/platform/audit.server.ts";
import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { db } from "~/platform/database/db.server.ts";
import { serverNow, type Tx } from "~/platform/database/transactions.server.ts";
import { DomainError } from "~/platform/domain-error.ts";
import { balancedAssignment, lockRelease, requireChair } from "./panel.server.ts";
import { loadRankingData, rankLoaded } from "./ranking-data.server.ts";
import { counted, sealedOf } from "./sealed-bids.ts";

export interface OpeningRecordLine {
  organisation: string;
  registrationNumber: string;
  plot: string;
  receiptNumber: string;
  receivedAt: string;
  version: number;
}

/** Every proposal received (the versions that count), in order of receipt. */
async function openingLines(tx: Tx, releaseId: string): Promise<OpeningRecordLine[]> {
  const proposals = await tx.proposal.findMany({ where: counted(releaseId), include: { plot: true, currentVersion: true } });
  return proposals
    .map((p) => {
      const version = p.currentVersion!;
      const sealed = sealedOf(version);
      return { organisation: sealed.organisation.name, registrationNumber: sealed.organisation.registrationNumber, plot: p.plot.code, receiptNumber: version.receiptNumber, receivedAt: version.receivedAt.toISOString(), version: version.number };
    })
    .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || (a.receiptNumber < b.receiptNumber ? -1 : 1));
}

/**
 * After the deadline (by the database's clock), and not before, the chair opens the technical
 * envelopes. The opening record (every proposal received) goes into the audit log; evaluators are
 * assigned.
 */
export async function openTechnicalEnvelopes(chair: CurrentUser, releaseCode: string) {
  return db().$transaction(async (tx) => {
    const release = await lockRelease(tx, releaseCode);
    requireChair(chair, release);
    const now = await serverNow(tx);
    if (release.state === "cancelled") throw new DomainError("evaluation.errors.cancelled");
    if (now < release.submissionDeadline) throw new DomainError("evaluation.errors.beforeDeadline");
    if (release.evaluation?.technicalOpenedAt) throw new DomainError("evaluation.errors.alreadyOpened");
    const record = await openingLines(tx, release.id);
    const proposals = await tx.proposal.findMany({ where: counted(release.id), select: { id: true } });
    const evaluators = release.panel.filter((m) => m.role === "evaluator").map((m) => m.userId);
    const evaluation = release.evaluation!;
    const pairs =
      evaluation.assignmentMode === "all"
        ? proposals.flatMap((p) => evaluators.map((e) => [p.id, e] as [string, string]))
        : balancedAssignment(proposals.map((p) => p.id), evaluators, evaluation.minEvaluatorsPerProposal);
    await tx.assignment.createMany({ data: pairs.map(([proposalId, evaluatorId]) => ({ proposalId, evaluatorId })) });
    await tx.evaluation.update({ where: { releaseId: release.id }, data: { technicalOpenedAt: now, technicalOpenedById: chair.id } });
    if (release.state === "open") await tx.release.update({ where: { id: release.id }, data: { state: "closed" } });
    await recordAuditEvent(tx, { actorId: chair.id, action: "evaluation.technical_opened", subjectType: "release", subjectId: releaseCode, data: { openedAt: now.toISOString(), record } });
    return record;
  });
}

/** The opening record of an opened release (for the chair, administrators and the report). */
export async function openingRecord(releaseCode: string) {
  const release = await db().release.findUnique({ where: { code: releaseCode }, include: { evaluation: true } });
  if (!release?.evaluation?.technicalOpenedAt) return null;
  return { openedAt: release.evaluation.technicalOpenedAt, lines: await openingLines(db(), release.id) };
}

/**
 * When every eligible evaluator has submitted for every proposal, the chair applies the pass mark:
 * only the proposals that reach it have their financial envelope opened; the others stay sealed.
 */
export async function openFinancialEnvelopes(chair: CurrentUser, releaseCode: string) {
  return db().$transaction(async (tx) => {
    const release = await lockRelease(tx, releaseCode);
    requireChair(chair, release);
    const evaluation = release.evaluation;
    if (!evaluation?.technicalOpenedAt) throw new DomainError("evaluation.errors.notOpened");
    if (evaluation.financialOpenedAt) throw new DomainError("evaluation.errors.alreadyOpened");
    const proposals = await tx.proposal.findMany({ where: counted(release.id), include: { assignments: true, declarations: true, scoreSubmissions: true } });
    for (const p of proposals) {
      const eligible = p.assignments.filter((a) => !p.declarations.some((d) => d.evaluatorId === a.evaluatorId && d.conflicted));
      if (eligible.length === 0 || eligible.some((a) => !p.scoreSubmissions.some((s) => s.evaluatorId === a.evaluatorId))) throw new DomainError("evaluation.errors.technicalIncomplete");
    }
    const all = [...rankLoaded(release, await loadRankingData(tx, release.id), false).values()].flat();
    const now = await serverNow(tx);
    await tx.evaluation.update({ where: { releaseId: release.id }, data: { financialOpenedAt: now, financialOpenedById: chair.id } });
    await recordAuditEvent(tx, {
      actorId: chair.id,
      action: "evaluation.financial_opened",
      subjectType: "release",
      subjectId: releaseCode,
      data: { passMarkPercent: release.passMarkPercent, results: all.map((p) => ({ proposalId: p.proposalId, technicalScore: p.technicalScore, passed: p.passed })) },
    });
    return all;
  });
}
