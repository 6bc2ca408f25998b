import { recordAuditEvent, type AuditEntry } from "~/platform/audit.server.ts";
import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { db } from "~/platform/database/db.server.ts";
import { serverNow, type Tx } from "~/platform/database/transactions.server.ts";
import { DomainError } from "~/platform/domain-error.ts";
import { undeclaredCount } from "./conflict-gate.server.ts";
import { balancedAssignment, lockRelease, requireChair } from "./panel.server.ts";
import { loadRankingData, rankLoaded } from "./ranking-data.server.ts";
import { counted, sealedOf } from "./sealed-bids.ts";
import { receiptSetOf } from "~/receipts/commitments.server.ts";

export interface OpeningRecordLine {
  organisation: string;
  registrationNumber: string;
  plot: string;
  receiptNumber: string;
  receivedAt: string;
  version: number;
}

/** Every proposal received (the versions that count), in order of receipt. */
export async function openingLines(tx: Tx, releaseId: string): Promise<OpeningRecordLine[]> {
  const proposals = await tx.proposal.findMany({ where: counted(releaseId), include: { plot: true, currentVersion: true } });
  return proposals
    .map((p) => {
      const version = p.currentVersion!;
      const sealed = sealedOf(version);
      return { organisation: sealed.organisation.name, registrationNumber: sealed.organisation.registrationNumber, plot: p.plot.code, receiptNumber: version.receiptNumber, receivedAt: version.receivedAt.toISOString(), version: version.number };
    })
    .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || (a.receiptNumber < b.receiptNumber ? -1 : 1));
}

/** The audit entries of the two openings (also written by the demo seed's replay). */
export const technicalOpenedEntry = (chairId: string, releaseCode: string, openedAt: Date, record: OpeningRecordLine[]): AuditEntry => ({
  actorId: chairId,
  action: "evaluation.technical_opened",
  subjectType: "release",
  subjectId: releaseCode,
  data: { openedAt: openedAt.toISOString(), record },
});
export const financialOpenedEntry = (chairId: string, releaseCode: string, passMarkPercent: number, ranked: readonly { proposalId: string; technicalScore: number; passed: boolean }[]): AuditEntry => ({
  actorId: chairId,
  action: "evaluation.financial_opened",
  subjectType: "release",
  subjectId: releaseCode,
  data: { passMarkPercent, results: ranked.map((p) => ({ proposalId: p.proposalId, technicalScore: p.technicalScore, passed: p.passed })) },
});

/** The technical envelopes open once, after the deadline by the database's clock, never before. */
function requireOpenable(release: { state: string; submissionDeadline: Date; evaluation: { technicalOpenedAt: Date | null } | null }, now: Date) {
  if (release.state === "cancelled") throw new DomainError("evaluation.errors.cancelled");
  if (now < release.submissionDeadline) throw new DomainError("evaluation.errors.beforeDeadline");
  if (release.evaluation?.technicalOpenedAt) throw new DomainError("evaluation.errors.alreadyOpened");
}

/**
 * What opening the technical envelopes will open, for the chair's confirmation: how many proposals,
 * from how many organisations, for how many plots. Refused, like the opening itself, before the
 * deadline: until then not even the number of proposals may be known.
 */
export async function technicalOpeningPreview(chair: CurrentUser, releaseCode: string) {
  return db().$transaction(async (tx) => {
    const release = await tx.release.findUnique({ where: { code: releaseCode }, include: { evaluation: true, panel: true } });
    if (!release) throw new DomainError("evaluation.errors.unknownRelease");
    requireChair(chair, release);
    requireOpenable(release, await serverNow(tx));
    const proposals = await tx.proposal.findMany({ where: counted(release.id), select: { organisationId: true, plotId: true } });
    return {
      proposals: proposals.length,
      organisations: new Set(proposals.map((p) => p.organisationId)).size,
      plots: new Set(proposals.map((p) => p.plotId)).size,
      assignmentMode: release.evaluation!.assignmentMode,
      minEvaluatorsPerProposal: release.evaluation!.minEvaluatorsPerProposal,
    };
  });
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
    requireOpenable(release, now);
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
    await recordAuditEvent(tx, technicalOpenedEntry(chair.id, releaseCode, now, record));
    return record;
  });
}

/** The opening record of an opened release (for the chair, administrators and the report). */
export async function openingRecord(releaseCode: string) {
  const release = await db().release.findUnique({ where: { code: releaseCode }, include: { evaluation: true } });
  if (!release?.evaluation?.technicalOpenedAt) return null;
  // The record names the set the portal committed to at the deadline, which the lines must match.
  const [lines, receiptSet] = await Promise.all([openingLines(db(), release.id), receiptSetOf(releaseCode)]);
  return { openedAt: release.evaluation.technicalOpenedAt, lines, receiptSet };
}

/**
 * The technical ranking at the moment the pass mark is applied, once and only once every eligible
 * evaluator has submitted for every proposal, and the chair has declared on every one (premiums are
 * not read: the envelopes stay sealed).
 */
async function technicalOutcome(tx: Tx, release: Awaited<ReturnType<typeof lockRelease>>) {
  const evaluation = release.evaluation;
  if (!evaluation?.technicalOpenedAt) throw new DomainError("evaluation.errors.notOpened");
  if (evaluation.financialOpenedAt) throw new DomainError("evaluation.errors.alreadyOpened");
  const chair = release.panel.find((m) => m.role === "chair");
  if (!chair || (await undeclaredCount(tx, chair.userId, release.id)) > 0) throw new DomainError("chair.errors.declareFirst");
  const proposals = await tx.proposal.findMany({ where: counted(release.id), include: { assignments: true, declarations: true, scoreSubmissions: true } });
  for (const p of proposals) {
    const eligible = p.assignments.filter((a) => !p.declarations.some((d) => d.evaluatorId === a.evaluatorId && d.conflicted));
    if (eligible.length === 0 || eligible.some((a) => !p.scoreSubmissions.some((s) => s.evaluatorId === a.evaluatorId))) throw new DomainError("evaluation.errors.technicalIncomplete");
  }
  return [...rankLoaded(release, await loadRankingData(tx, release.id), false).values()].flat();
}

/**
 * What applying the pass mark will do, for the chair's confirmation: how many proposals reach it
 * (and have their financial envelope opened) and how many stay sealed. Refused while technical
 * evaluation is incomplete.
 */
export async function financialOpeningPreview(chair: CurrentUser, releaseCode: string) {
  return db().$transaction(async (tx) => {
    const release = await lockRelease(tx, releaseCode);
    requireChair(chair, release);
    const all = await technicalOutcome(tx, release);
    const passers = all.filter((p) => p.passed).length;
    return { proposals: all.length, passers, passMark: all[0]?.passMark ?? 0, technicalMax: all[0]?.technicalMax ?? 0, passMarkPercent: release.passMarkPercent };
  });
}

/**
 * When every eligible evaluator has submitted for every proposal, the chair applies the pass mark:
 * only the proposals that reach it have their financial envelope opened; the others stay sealed.
 */
export async function openFinancialEnvelopes(chair: CurrentUser, releaseCode: string) {
  return db().$transaction(async (tx) => {
    const release = await lockRelease(tx, releaseCode);
    requireChair(chair, release);
    const all = await technicalOutcome(tx, release);
    const now = await serverNow(tx);
    await tx.evaluation.update({ where: { releaseId: release.id }, data: { financialOpenedAt: now, financialOpenedById: chair.id } });
    await recordAuditEvent(tx, financialOpenedEntry(chair.id, releaseCode, release.passMarkPercent, all));
    return all;
  });
}
