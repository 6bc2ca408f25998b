import { recordAuditEvent } from "~/platform/audit.server.ts";
import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { getConfig } from "~/platform/config.server.ts";
import { db } from "~/platform/database/db.server.ts";
import { nudgeOutbox, queueEmail } from "~/platform/email.server.ts";
import type { Prisma } from "~/platform/database/generated/prisma/client.ts";
import type { AssignmentMode, Outcome } from "~/platform/database/generated/prisma/enums.ts";
import { isLanguage, translator } from "~/platform/i18n/i18n.ts";
import { optionalJobQueue } from "~/platform/jobs.server.ts";
import { DomainError } from "~/platform/domain-error.ts";
import { storage } from "~/platform/storage/storage.server.ts";
import { rankRelease, round, technicalResult, type ProposalForRanking, type RankedProposal, type RankingCriterion } from "./ranking.ts";

type Tx = Prisma.TransactionClient;

/** Where evaluators disagree widely: a spread of at least this share of the criterion's range. */
export const WIDE_SPREAD = 0.3;

interface SealedPackage {
  organisation: { name: string; registrationNumber: string };
  technical: Record<string, unknown>;
  financial: { landPremiumHkd: string | null; investmentCommitmentHkd: string | null };
}
const languageOf = (locale: string) => (isLanguage(locale) ? locale : "en");
const sealedOf = (version: { sealedPackage: unknown }) => version.sealedPackage as SealedPackage;

async function serverNow(tx: Tx): Promise<Date> {
  const [row] = await tx.$queryRaw<{ now: Date }[]>`SELECT clock_timestamp() AS now`;
  return new Date(row!.now);
}

/** Locks the release row: stages of one release's evaluation take turns. */
async function lockRelease(tx: Tx, code: string) {
  const [row] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Release" WHERE code = ${code} FOR UPDATE`;
  if (!row) throw new DomainError("evaluation.errors.unknownRelease");
  return tx.release.findUniqueOrThrow({ where: { id: row.id }, include: { evaluation: true, panel: true, criteria: { orderBy: { position: "asc" } } } });
}

function requireChair(user: CurrentUser, release: { panel: { userId: string; role: string }[] }) {
  if (!release.panel.some((m) => m.userId === user.id && m.role === "chair")) throw new DomainError("evaluation.errors.notChair");
}

/** The proposals that count: those whose last submitted version was not withdrawn. */
const counted = (releaseId: string) => ({ releaseId, currentVersionId: { not: null } }) satisfies Prisma.ProposalWhereInput;

// ——— Panels ———

/**
 * An administrator forms (or, until opening, re-forms) the panel of a release: one chair and
 * evaluators, all staff evaluators.
 */
export async function formPanel(admin: CurrentUser, releaseCode: string, input: { chairId: string; evaluatorIds: string[] }) {
  await db().$transaction(async (tx) => {
    const release = await lockRelease(tx, releaseCode);
    if (["draft", "cancelled"].includes(release.state)) throw new DomainError("evaluation.errors.notPublished");
    if (release.evaluation?.technicalOpenedAt) throw new DomainError("evaluation.errors.alreadyOpened");
    const evaluatorIds = [...new Set(input.evaluatorIds)].filter((id) => id !== input.chairId);
    if (evaluatorIds.length === 0) throw new DomainError("evaluation.errors.noEvaluators");
    const staff = await tx.user.findMany({ where: { id: { in: [input.chairId, ...evaluatorIds] }, staffRole: "evaluator" }, select: { id: true } });
    if (staff.length !== evaluatorIds.length + 1) throw new DomainError("evaluation.errors.notEvaluators");
    await tx.panelMember.deleteMany({ where: { releaseId: release.id } });
    await tx.panelMember.createMany({
      data: [
        { releaseId: release.id, userId: input.chairId, role: "chair", addedById: admin.id },
        ...evaluatorIds.map((userId) => ({ releaseId: release.id, userId, role: "evaluator" as const, addedById: admin.id })),
      ],
    });
    await tx.evaluation.upsert({ where: { releaseId: release.id }, create: { releaseId: release.id }, update: {} });
    await recordAuditEvent(tx, { actorId: admin.id, action: "panel.formed", subjectType: "release", subjectId: releaseCode, data: { chairId: input.chairId, evaluatorIds } });
  });
}

/** The chair chooses, before opening, whether every evaluator sees every proposal or a balanced set. */
export async function setAssignmentMode(chair: CurrentUser, releaseCode: string, mode: AssignmentMode, minEvaluatorsPerProposal: number) {
  await db().$transaction(async (tx) => {
    const release = await lockRelease(tx, releaseCode);
    requireChair(chair, release);
    if (release.evaluation?.technicalOpenedAt) throw new DomainError("evaluation.errors.alreadyOpened");
    const evaluators = release.panel.filter((m) => m.role === "evaluator").length;
    if (minEvaluatorsPerProposal < 1 || minEvaluatorsPerProposal > evaluators) throw new DomainError("evaluation.errors.minimum");
    await tx.evaluation.update({ where: { releaseId: release.id }, data: { assignmentMode: mode, minEvaluatorsPerProposal } });
    await recordAuditEvent(tx, { actorId: chair.id, action: "evaluation.assignment_mode_set", subjectType: "release", subjectId: releaseCode, data: { mode, minEvaluatorsPerProposal } });
  });
}

/**
 * Balanced assignment: each proposal gets `perProposal` evaluators, chosen round-robin so that
 * loads differ by at most one. Deterministic for the same proposals and evaluators.
 */
export function balancedAssignment(proposalIds: string[], evaluatorIds: string[], perProposal: number): [string, string][] {
  const evaluators = [...evaluatorIds].sort();
  const pairs: [string, string][] = [];
  let next = 0;
  for (const proposalId of [...proposalIds].sort()) {
    for (let i = 0; i < perProposal; i++) pairs.push([proposalId, evaluators[(next + i) % evaluators.length]!]);
    next = (next + perProposal) % evaluators.length;
  }
  return pairs;
}

/** The releases whose panel the person sits on, with their role and the stage reached. */
export function panelsOf(userId: string) {
  return db().panelMember.findMany({
    where: { userId },
    include: { release: { select: { code: true, titleEn: true, titleZhHant: true, state: true, submissionDeadline: true, evaluation: true } } },
    orderBy: { release: { submissionDeadline: "desc" } },
  });
}

/** A release as a member of its panel sees it, or null for anyone not on it. */
export async function panelRelease(userId: string, releaseCode: string) {
  const release = await db().release.findUnique({ where: { code: releaseCode }, include: { evaluation: true, panel: true } });
  const member = release?.panel.find((m) => m.userId === userId);
  if (!release || !member) return null;
  return { release, role: member.role };
}

// ——— Opening ———

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

// ——— Conflicts of interest ———

/** An evaluator's assignments on a release, with their declarations. */
async function assignmentsOf(evaluatorId: string, releaseId: string) {
  return db().assignment.findMany({
    where: { evaluatorId, proposal: { releaseId } },
    include: { proposal: { include: { plot: true, currentVersion: true, declarations: { where: { evaluatorId } }, scoreSubmissions: { where: { evaluatorId } } } } },
  });
}

/**
 * Declares, once, for one assigned proposal: no conflict, or a conflict with a statement. A
 * conflicted evaluator never sees or scores that proposal.
 */
export async function declareConflict(evaluator: CurrentUser, proposalId: string, input: { conflicted: boolean; statement?: string }) {
  await db().$transaction(async (tx) => {
    const assignment = await tx.assignment.findUnique({ where: { proposalId_evaluatorId: { proposalId, evaluatorId: evaluator.id } }, include: { proposal: { include: { release: { include: { evaluation: true } } } } } });
    if (!assignment?.proposal.release.evaluation?.technicalOpenedAt) throw new DomainError("evaluation.errors.notAssigned");
    if (input.conflicted && !input.statement?.trim()) throw new DomainError("evaluation.errors.statementRequired");
    const existing = await tx.conflictDeclaration.findUnique({ where: { proposalId_evaluatorId: { proposalId, evaluatorId: evaluator.id } } });
    if (existing) throw new DomainError("evaluation.errors.alreadyDeclared");
    await tx.conflictDeclaration.create({ data: { proposalId, evaluatorId: evaluator.id, conflicted: input.conflicted, statement: input.conflicted ? input.statement!.trim() : null } });
    await recordAuditEvent(tx, { actorId: evaluator.id, action: "evaluation.conflict_declared", subjectType: "proposal", subjectId: proposalId, data: { conflicted: input.conflicted, statement: input.conflicted ? input.statement!.trim() : null } });
  });
}

/**
 * What an evaluator sees of a release: the bidders of their assigned proposals to declare on, and,
 * once every declaration is made, the proposals they may evaluate (never a conflicted one).
 */
export async function evaluatorOverview(evaluator: CurrentUser, releaseCode: string) {
  const release = await db().release.findUnique({ where: { code: releaseCode }, include: { evaluation: true, panel: { where: { userId: evaluator.id } } } });
  if (!release || release.panel.length === 0 || !release.evaluation?.technicalOpenedAt) return null;
  const assignments = await assignmentsOf(evaluator.id, release.id);
  const rows = assignments.map(({ proposal }) => ({
    proposalId: proposal.id,
    plot: proposal.plot.code,
    organisation: sealedOf(proposal.currentVersion!).organisation.name,
    declaration: proposal.declarations[0] ? { conflicted: proposal.declarations[0].conflicted } : null,
    submitted: proposal.scoreSubmissions.length > 0,
  }));
  const allDeclared = rows.every((r) => r.declaration !== null);
  return { release, rows: rows.sort((a, b) => a.plot.localeCompare(b.plot) || a.organisation.localeCompare(b.organisation)), allDeclared };
}

/**
 * The one gate for an evaluator and a proposal: assigned, opened, every declaration of theirs on
 * the release made, and no conflict on this one. Every loader, link and report goes through it.
 */
export async function evaluatorMaySee(evaluatorId: string, proposalId: string): Promise<boolean> {
  const assignment = await db().assignment.findUnique({
    where: { proposalId_evaluatorId: { proposalId, evaluatorId } },
    include: { proposal: { include: { release: { include: { evaluation: true } } } } },
  });
  if (!assignment?.proposal.release.evaluation?.technicalOpenedAt) return false;
  const releaseId = assignment.proposal.releaseId;
  const [undeclared, conflict] = await Promise.all([
    db().assignment.count({ where: { evaluatorId, proposal: { releaseId }, NOT: { proposal: { declarations: { some: { evaluatorId } } } } } }),
    db().conflictDeclaration.findUnique({ where: { proposalId_evaluatorId: { proposalId, evaluatorId } } }),
  ]);
  return undeclared === 0 && conflict !== null && !conflict.conflicted;
}

// ——— Scoring ———

export interface ScoreInput {
  criterionId: string;
  score: number;
  comment: string;
}

/**
 * Saves an evaluator's scores for a proposal (each technical criterion within its range; a comment
 * is required for the lowest and the highest mark); `submit` locks them and records them.
 */
export async function saveScores(evaluator: CurrentUser, proposalId: string, scores: ScoreInput[], submit: boolean) {
  if (!(await evaluatorMaySee(evaluator.id, proposalId))) throw new DomainError("evaluation.errors.notAssigned");
  await db().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Proposal" WHERE id = ${proposalId}::uuid FOR UPDATE`;
    const proposal = await tx.proposal.findUniqueOrThrow({ where: { id: proposalId }, include: { release: { include: { criteria: true, evaluation: true } } } });
    if (proposal.release.evaluation?.financialOpenedAt) throw new DomainError("evaluation.errors.technicalComplete");
    if (await tx.scoreSubmission.findUnique({ where: { proposalId_evaluatorId: { proposalId, evaluatorId: evaluator.id } } })) throw new DomainError("evaluation.errors.scoresLocked");
    const technical = proposal.release.criteria.filter((c) => c.envelope === "technical");
    for (const input of scores) {
      const criterion = technical.find((c) => c.id === input.criterionId);
      if (!criterion) throw new DomainError("evaluation.errors.unknownCriterion");
      if (!Number.isInteger(input.score) || input.score < 0 || input.score > criterion.maxScore) throw new DomainError("evaluation.errors.scoreRange");
      if ((input.score === 0 || input.score === criterion.maxScore) && !input.comment.trim()) throw new DomainError("evaluation.errors.commentRequired");
      const key = { proposalId_evaluatorId_criterionId: { proposalId, evaluatorId: evaluator.id, criterionId: criterion.id } };
      await tx.score.upsert({ where: key, create: { proposalId, evaluatorId: evaluator.id, criterionId: criterion.id, score: input.score, comment: input.comment.trim() }, update: { score: input.score, comment: input.comment.trim() } });
    }
    if (!submit) return;
    const saved = await tx.score.findMany({ where: { proposalId, evaluatorId: evaluator.id } });
    if (technical.some((c) => !saved.some((s) => s.criterionId === c.id))) throw new DomainError("evaluation.errors.scoresIncomplete");
    await tx.scoreSubmission.create({ data: { proposalId, evaluatorId: evaluator.id } });
    await recordAuditEvent(tx, {
      actorId: evaluator.id,
      action: "evaluation.scores_submitted",
      subjectType: "proposal",
      subjectId: proposalId,
      data: { scores: saved.map((s) => ({ criterionId: s.criterionId, score: s.score, comment: s.comment })) },
    });
  });
}

/**
 * A proposal as an evaluator sees it: the technical envelope and its documents, their own scores,
 * and the others' scores only once they have submitted their own. Null when they may not see it.
 */
export async function proposalForEvaluator(evaluator: CurrentUser, proposalId: string) {
  if (!(await evaluatorMaySee(evaluator.id, proposalId))) return null;
  const proposal = await db().proposal.findUniqueOrThrow({
    where: { id: proposalId },
    include: {
      plot: true,
      release: { include: { criteria: { where: { envelope: "technical" }, orderBy: { position: "asc" } } } },
      currentVersion: { include: { documents: { include: { document: { include: { requiredDocument: true } } } } } },
      scores: { include: { evaluator: { select: { id: true, name: true } } } },
      scoreSubmissions: true,
    },
  });
  const version = proposal.currentVersion!;
  const sealed = sealedOf(version);
  const submitted = proposal.scoreSubmissions.some((s) => s.evaluatorId === evaluator.id);
  return {
    proposalId,
    release: { code: proposal.release.code, titleEn: proposal.release.titleEn, titleZhHant: proposal.release.titleZhHant },
    plot: proposal.plot.code,
    organisation: sealed.organisation.name,
    receiptNumber: version.receiptNumber,
    technical: sealed.technical,
    documents: version.documents
      .filter((d) => d.document.requiredDocument.envelope === "technical")
      .map((d) => ({ id: d.document.id, name: d.document.requiredDocument.nameEn, nameZhHant: d.document.requiredDocument.nameZhHant, fileName: d.document.fileName, contentType: d.document.contentType, size: Number(d.document.size), sha256: d.document.sha256 })),
    criteria: proposal.release.criteria.map((c) => ({ id: c.id, nameEn: c.nameEn, nameZhHant: c.nameZhHant, weight: c.weight, maxScore: c.maxScore })),
    myScores: proposal.scores.filter((s) => s.evaluatorId === evaluator.id).map((s) => ({ criterionId: s.criterionId, score: s.score, comment: s.comment })),
    submitted,
    othersScores: submitted
      ? proposal.scores
          .filter((s) => s.evaluatorId !== evaluator.id && proposal.scoreSubmissions.some((sub) => sub.evaluatorId === s.evaluatorId))
          .map((s) => ({ evaluator: s.evaluator.name, criterionId: s.criterionId, score: s.score, comment: s.comment }))
      : [],
  };
}

/**
 * A 5-minute link to a technical document of a proposal the evaluator may see (never a financial
 * one, never a conflicted or undeclared proposal's), or null.
 */
export async function evaluatorDocumentLink(evaluatorId: string, documentId: string, inline = false): Promise<string | null> {
  const link = await db().proposalVersionDocument.findFirst({
    where: { documentId, document: { requiredDocument: { envelope: "technical" } }, version: { currentOf: { isNot: null } } },
    include: { version: { select: { proposalId: true } }, document: true },
  });
  if (!link || !(await evaluatorMaySee(evaluatorId, link.version.proposalId))) return null;
  const { document } = link;
  return storage().downloadUrl(document.storageKey, { fileName: document.fileName, contentType: document.contentType, expiresInSeconds: 300, inline });
}

// ——— Moderation ———

/**
 * The chair's view of a release: per proposal, the matrix of evaluators × criteria with the spread
 * per criterion (flagged where evaluators disagree widely), moderated scores, declarations, and a
 * warning where fewer than the minimum of evaluators remain.
 */
export async function moderationView(chair: CurrentUser, releaseCode: string) {
  const release = await db().release.findUnique({
    where: { code: releaseCode },
    include: { evaluation: true, panel: { include: { user: { select: { id: true, name: true } } } }, criteria: { orderBy: { position: "asc" } } },
  });
  if (!release) return null;
  requireChair(chair, release);
  if (!release.evaluation?.technicalOpenedAt) return { release, proposals: [] };
  const proposals = await db().proposal.findMany({
    where: counted(release.id),
    include: { plot: true, currentVersion: true, assignments: true, declarations: true, scores: true, scoreSubmissions: true, moderatedScores: true },
    orderBy: { plot: { code: "asc" } },
  });
  const technical = release.criteria.filter((c) => c.envelope === "technical");
  const names = new Map(release.panel.map((m) => [m.userId, m.user.name]));
  return {
    release,
    proposals: proposals.map((p) => {
      const eligible = p.assignments.filter((a) => !p.declarations.some((d) => d.evaluatorId === a.evaluatorId && d.conflicted)).map((a) => a.evaluatorId);
      const submittedBy = new Set(p.scoreSubmissions.map((s) => s.evaluatorId));
      const criteria = technical.map((c) => {
        const scores = p.scores.filter((s) => s.criterionId === c.id && submittedBy.has(s.evaluatorId));
        const values = scores.map((s) => s.score);
        const spread = values.length ? Math.max(...values) - Math.min(...values) : 0;
        const moderated = p.moderatedScores.find((m) => m.criterionId === c.id);
        return {
          criterionId: c.id,
          nameEn: c.nameEn,
          nameZhHant: c.nameZhHant,
          maxScore: c.maxScore,
          scores: scores.map((s) => ({ evaluatorId: s.evaluatorId, evaluator: names.get(s.evaluatorId) ?? "", score: s.score, comment: s.comment })),
          mean: values.length ? round(values.reduce((a, b) => a + b, 0) / values.length) : null,
          spread,
          wide: spread >= WIDE_SPREAD * c.maxScore,
          moderated: moderated ? { score: moderated.scoreHundredths / 100, reason: moderated.reason } : null,
        };
      });
      return {
        proposalId: p.id,
        plot: p.plot.code,
        organisation: sealedOf(p.currentVersion!).organisation.name,
        receiptNumber: p.currentVersion!.receiptNumber,
        declarations: p.declarations.map((d) => ({ evaluator: names.get(d.evaluatorId) ?? "", conflicted: d.conflicted, statement: d.statement })),
        eligibleEvaluators: eligible.length,
        belowMinimum: eligible.length < release.evaluation!.minEvaluatorsPerProposal,
        submittedCount: eligible.filter((e) => submittedBy.has(e)).length,
        criteria,
      };
    }),
  };
}

/** The chair sets a moderated score for a criterion, with a required reason; the originals stay. */
export async function moderateScore(chair: CurrentUser, proposalId: string, criterionId: string, score: number, reason: string) {
  await db().$transaction(async (tx) => {
    const proposal = await tx.proposal.findUnique({ where: { id: proposalId }, include: { release: { include: { panel: true, evaluation: true, criteria: true } } } });
    if (!proposal) throw new DomainError("evaluation.errors.notAssigned");
    const { release } = proposal;
    requireChair(chair, release);
    if (!release.evaluation?.technicalOpenedAt || release.evaluation.financialOpenedAt) throw new DomainError("evaluation.errors.notModerating");
    const criterion = release.criteria.find((c) => c.id === criterionId && c.envelope === "technical");
    if (!criterion) throw new DomainError("evaluation.errors.unknownCriterion");
    const hundredths = Math.round(score * 100);
    if (!Number.isFinite(score) || hundredths < 0 || hundredths > criterion.maxScore * 100) throw new DomainError("evaluation.errors.scoreRange");
    if (reason.trim().length < 3) throw new DomainError("evaluation.errors.reasonRequired");
    const key = { proposalId_criterionId: { proposalId, criterionId } };
    await tx.moderatedScore.upsert({ where: key, create: { proposalId, criterionId, scoreHundredths: hundredths, reason: reason.trim(), moderatedById: chair.id }, update: { scoreHundredths: hundredths, reason: reason.trim(), moderatedById: chair.id, moderatedAt: new Date() } });
    await recordAuditEvent(tx, { actorId: chair.id, action: "evaluation.score_moderated", subjectType: "proposal", subjectId: proposalId, data: { criterionId, score: hundredths / 100, reason: reason.trim() } });
  });
}

// ——— Two envelopes and ranking ———

/**
 * The ranking inputs of a release, in three plain queries (a release may hold thousands of
 * proposals and tens of thousands of scores): only submitted scores count. Premiums are read here
 * but handed to the arithmetic only for proposals whose financial envelope may be opened.
 */
async function loadRankingData(tx: Tx, releaseId: string) {
  const [proposals, scores, moderated] = await Promise.all([
    tx.$queryRaw<{ id: string; plot: string; receivedAt: Date; receiptNumber: string; premium: string | null }[]>`
      SELECT p.id, pl.code AS plot, v."receivedAt", v."receiptNumber", v."sealedPackage"->'financial'->>'landPremiumHkd' AS premium
      FROM "Proposal" p JOIN "ProposalVersion" v ON v.id = p."currentVersionId" JOIN "Plot" pl ON pl.id = p."plotId"
      WHERE p."releaseId" = ${releaseId}::uuid`,
    // The submitted scores summed as they were submitted (prisma/repeatable/score-tallies.sql): the
    // ranking needs each criterion's mean, not 80,000 rows (each evaluator's score is in the
    // moderation view and the report).
    tx.$queryRaw<{ proposalId: string; criterionId: string; sum: number; count: number }[]>`
      SELECT t."proposalId", t."criterionId", t.sum, t.count
      FROM "CriterionTally" t JOIN "Proposal" p ON p.id = t."proposalId"
      WHERE p."releaseId" = ${releaseId}::uuid AND p."currentVersionId" IS NOT NULL`,
    tx.$queryRaw<{ proposalId: string; criterionId: string; scoreHundredths: number }[]>`
      SELECT m."proposalId", m."criterionId", m."scoreHundredths"
      FROM "ModeratedScore" m JOIN "Proposal" p ON p.id = m."proposalId"
      WHERE p."releaseId" = ${releaseId}::uuid AND p."currentVersionId" IS NOT NULL`,
  ]);
  const byProposal = new Map<string, ProposalForRanking>();
  const premiums = new Map<string, bigint | null>();
  for (const p of proposals) {
    byProposal.set(p.id, { proposalId: p.id, plot: p.plot, receivedAt: new Date(p.receivedAt), receiptNumber: p.receiptNumber, scores: {}, tallies: {}, moderated: {}, landPremiumHkd: null });
    premiums.set(p.id, p.premium ? BigInt(p.premium) : null);
  }
  for (const s of scores) {
    const proposal = byProposal.get(s.proposalId);
    if (proposal) proposal.tallies![s.criterionId] = { sum: Number(s.sum), count: Number(s.count) };
  }
  for (const m of moderated) {
    const proposal = byProposal.get(m.proposalId);
    if (proposal) proposal.moderated[m.criterionId] = Number(m.scoreHundredths) / 100;
  }
  return { proposals: [...byProposal.values()], premiums };
}

/**
 * The ranking of loaded data: technical only (financial sealed), or, once the financial envelopes
 * are open, with the premiums of the proposals that reached the pass mark, and only theirs.
 */
function rankLoaded(release: { criteria: RankingCriterion[]; passMarkPercent: number }, data: Awaited<ReturnType<typeof loadRankingData>>, financialOpen: boolean) {
  if (!financialOpen) return rankRelease({ criteria: release.criteria, passMarkPercent: release.passMarkPercent, proposals: data.proposals, financialOpen: false });
  const passers = new Set(data.proposals.filter((p) => technicalResult(release.criteria, p, release.passMarkPercent).passed).map((p) => p.proposalId));
  const proposals = data.proposals.map((p) => ({ ...p, landPremiumHkd: passers.has(p.proposalId) ? (data.premiums.get(p.proposalId) ?? null) : null }));
  return rankRelease({ criteria: release.criteria, passMarkPercent: release.passMarkPercent, proposals });
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

/** The ranking of a release: technical figures after opening; financial ones only for passers, after the financial opening. */
export async function releaseRanking(releaseCode: string): Promise<{ ranked: Map<string, RankedProposal[]>; financialOpen: boolean } | null> {
  const release = await db().release.findUnique({ where: { code: releaseCode }, include: { evaluation: true, criteria: true } });
  if (!release?.evaluation?.technicalOpenedAt) return null;
  const financialOpen = Boolean(release.evaluation.financialOpenedAt);
  return { ranked: rankLoaded(release, await loadRankingData(db(), release.id), financialOpen), financialOpen };
}

/** The ranking as table rows, with each proposal's organisation and the chair's decision. */
export async function rankingRows(releaseCode: string, ranking: { ranked: Map<string, RankedProposal[]> }) {
  const ids = [...ranking.ranked.values()].flat().map((p) => p.proposalId);
  const proposals = await db().proposal.findMany({ where: { id: { in: ids } }, include: { currentVersion: true, decision: true } });
  const byId = new Map(proposals.map((p) => [p.id, p]));
  return [...ranking.ranked.values()].flat().map((r) => {
    const p = byId.get(r.proposalId)!;
    return {
      proposalId: r.proposalId,
      plot: r.plot,
      organisation: sealedOf(p.currentVersion!).organisation.name,
      receiptNumber: r.receiptNumber,
      technicalScore: r.technicalScore,
      technicalMax: r.technicalMax,
      passMark: r.passMark,
      passed: r.passed,
      financialScore: r.financialScore,
      // The figure behind the financial score: only an opened envelope (a passer's, after the financial opening) has one.
      offeredPremiumHkd: r.financialScore === null ? null : sealedOf(p.currentVersion!).financial.landPremiumHkd,
      total: r.total,
      rank: r.rank,
      decision: p.decision ? { outcome: p.decision.outcome, reason: p.decision.reason } : null,
    };
  });
}
export type RankingRow = Awaited<ReturnType<typeof rankingRows>>[number];

/** May this person read a release's evaluation records (opening record, report)? Administrators and the chair. */
export async function mayReadRecords(user: CurrentUser, releaseCode: string): Promise<boolean> {
  if (user.staffRole === "administrator") return true;
  const found = await panelRelease(user.id, releaseCode);
  return found?.role === "chair";
}

const csvCell = (value: unknown) => {
  const text = value === null || value === undefined ? "" : String(value);
  // A leading = + - @ would run as a formula in a spreadsheet: quote it as text.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r']/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};
export const toCsv = (rows: unknown[][]) => rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";

/** The full score matrix of a release: one line per proposal, evaluator and criterion, with the moderated score and the ranking figures. */
export async function reportCsv(releaseCode: string): Promise<string | null> {
  const release = await db().release.findUnique({ where: { code: releaseCode }, include: { evaluation: true, criteria: { orderBy: { position: "asc" } }, panel: { include: { user: { select: { id: true, name: true } } } } } });
  if (!release?.evaluation?.technicalOpenedAt) return null;
  const ranking = (await releaseRanking(releaseCode))!;
  const rows = await rankingRows(releaseCode, ranking);
  const names = new Map(release.panel.map((m) => [m.userId, m.user.name]));
  const lines: unknown[][] = [["plot", "organisation", "receipt", "criterion", "weight", "max", "evaluator", "score", "comment", "moderated", "moderation reason", "technical score", "passed", "offered premium (HKD)", "financial score", "total", "rank", "decision", "decision reason"]];
  const scores = await db().score.findMany({ where: { proposal: { releaseId: release.id }, evaluator: { scoreSubmissions: { some: {} } } }, orderBy: [{ evaluatorId: "asc" }] });
  const submitted = new Set((await db().scoreSubmission.findMany({ where: { proposal: { releaseId: release.id } } })).map((s) => `${s.proposalId}:${s.evaluatorId}`));
  const moderated = await db().moderatedScore.findMany({ where: { proposal: { releaseId: release.id } } });
  for (const row of rows) {
    for (const criterion of release.criteria.filter((c) => c.envelope === "technical")) {
      const m = moderated.find((x) => x.proposalId === row.proposalId && x.criterionId === criterion.id);
      const given = scores.filter((x) => x.proposalId === row.proposalId && x.criterionId === criterion.id && submitted.has(`${x.proposalId}:${x.evaluatorId}`));
      for (const s of given.length ? given : [null]) {
        lines.push([row.plot, row.organisation, row.receiptNumber, criterion.nameEn, criterion.weight, criterion.maxScore, s ? names.get(s.evaluatorId) : "", s?.score ?? "", s?.comment ?? "", m ? m.scoreHundredths / 100 : "", m?.reason ?? "", row.technicalScore, row.passed ? "yes" : "no", row.offeredPremiumHkd ?? "", row.financialScore ?? "", row.total ?? "", row.rank ?? "", row.decision?.outcome ?? "", row.decision?.reason ?? ""]);
      }
    }
  }
  return toCsv(lines);
}

/**
 * Everything the evaluation report states, for one opened release: the stages, the panel, the
 * ranking with decisions, every conflict declaration, every moderated score with its reason, and
 * the opening record.
 */
export async function reportContents(releaseCode: string) {
  const release = await db().release.findUnique({
    where: { code: releaseCode },
    include: { evaluation: true, criteria: { orderBy: { position: "asc" } }, panel: { include: { user: { select: { id: true, name: true } } }, orderBy: [{ role: "asc" }, { addedAt: "asc" }] } },
  });
  const record = await openingRecord(releaseCode);
  const ranking = await releaseRanking(releaseCode);
  if (!release?.evaluation || !record || !ranking) return null;
  const rows = await rankingRows(releaseCode, ranking);
  const names = new Map(release.panel.map((m) => [m.userId, m.user.name]));
  const proposals = new Map(rows.map((r) => [r.proposalId, r]));
  const where = { proposal: counted(release.id) };
  const [declarations, moderated] = await Promise.all([
    db().conflictDeclaration.findMany({ where, orderBy: { declaredAt: "asc" } }),
    db().moderatedScore.findMany({ where, orderBy: { moderatedAt: "asc" } }),
  ]);
  const criterion = new Map(release.criteria.map((c) => [c.id, c]));
  return {
    release: { code: release.code, titleEn: release.titleEn, titleZhHant: release.titleZhHant, submissionDeadline: release.submissionDeadline, passMarkPercent: release.passMarkPercent },
    evaluation: release.evaluation,
    panel: release.panel.map((m) => ({ name: m.user.name, role: m.role })),
    rows,
    declarations: declarations.map((d) => ({ evaluator: names.get(d.evaluatorId) ?? "", plot: proposals.get(d.proposalId)?.plot ?? "", organisation: proposals.get(d.proposalId)?.organisation ?? "", conflicted: d.conflicted, statement: d.statement, declaredAt: d.declaredAt })),
    moderated: moderated.map((m) => ({
      plot: proposals.get(m.proposalId)?.plot ?? "",
      organisation: proposals.get(m.proposalId)?.organisation ?? "",
      criterion: criterion.get(m.criterionId)!,
      score: m.scoreHundredths / 100,
      reason: m.reason,
      by: names.get(m.moderatedById) ?? "",
      at: m.moderatedAt,
    })),
    openingRecord: record,
  };
}
export type ReportContents = NonNullable<Awaited<ReturnType<typeof reportContents>>>;

// ——— Shortlist and results ———

/** The chair proposes an outcome for a proposal, with a reason (after the financial opening, before publication). */
export async function proposeDecision(chair: CurrentUser, proposalId: string, outcome: Outcome, reason: string) {
  await db().$transaction(async (tx) => {
    const proposal = await tx.proposal.findUnique({ where: { id: proposalId }, include: { release: { include: { panel: true, evaluation: true } } } });
    if (!proposal?.currentVersionId) throw new DomainError("evaluation.errors.notAssigned");
    requireChair(chair, proposal.release);
    const evaluation = proposal.release.evaluation;
    if (!evaluation?.financialOpenedAt || evaluation.resultsPublishedAt) throw new DomainError("evaluation.errors.notDeciding");
    if (reason.trim().length < 3) throw new DomainError("evaluation.errors.reasonRequired");
    await tx.decision.upsert({ where: { proposalId }, create: { proposalId, outcome, reason: reason.trim(), proposedById: chair.id }, update: { outcome, reason: reason.trim(), proposedById: chair.id, proposedAt: new Date() } });
    await recordAuditEvent(tx, { actorId: chair.id, action: "evaluation.decision_proposed", subjectType: "proposal", subjectId: proposalId, data: { outcome, reason: reason.trim() } });
  });
}

/**
 * An administrator publishes the results: every proposal that counts must have a decision. Plots
 * with a shortlisted proposal are awarded; the others return to the inventory. Every proposing
 * organisation's members are emailed their own outcome.
 */
export async function publishResults(admin: CurrentUser, releaseCode: string) {
  const outboxIds = await db().$transaction(async (tx) => {
    const release = await lockRelease(tx, releaseCode);
    const evaluation = release.evaluation;
    if (!evaluation?.financialOpenedAt) throw new DomainError("evaluation.errors.notDeciding");
    if (evaluation.resultsPublishedAt) throw new DomainError("evaluation.errors.alreadyPublished");
    const proposals = await tx.proposal.findMany({ where: counted(release.id), include: { decision: true, plot: true, organisation: { include: { members: { include: { user: true } } } } } });
    if (proposals.some((p) => !p.decision)) throw new DomainError("evaluation.errors.decisionsMissing");
    const now = await serverNow(tx);
    const ranking = rankLoaded(release, await loadRankingData(tx, release.id), true);
    const offered = await tx.releasePlot.findMany({ where: { releaseId: release.id, withdrawnAt: null } });
    const awarded = new Set(proposals.filter((p) => p.decision!.outcome === "shortlisted").map((p) => p.plotId));
    await tx.plot.updateMany({ where: { id: { in: [...awarded] } }, data: { state: "awarded" } });
    await tx.plot.updateMany({ where: { id: { in: offered.map((o) => o.plotId).filter((id) => !awarded.has(id)) }, state: "in_release" }, data: { state: "inventory" } });
    await tx.evaluation.update({ where: { releaseId: release.id }, data: { resultsPublishedAt: now, resultsPublishedById: admin.id } });
    await tx.release.update({ where: { id: release.id }, data: { state: "concluded" } });
    await recordAuditEvent(tx, {
      actorId: admin.id,
      action: "evaluation.results_published",
      subjectType: "release",
      subjectId: releaseCode,
      data: { results: proposals.map((p) => ({ proposalId: p.id, plot: p.plot.code, outcome: p.decision!.outcome })) },
    });
    const ids: string[] = [];
    for (const p of proposals) {
      const mine = [...ranking.values()].flat().find((r) => r.proposalId === p.id)!;
      for (const { user } of p.organisation.members) {
        ids.push(
          await queueEmail(tx, {
            to: user.email,
            template: "evaluationOutcome",
            language: user.locale,
            params: {
              code: release.code,
              plot: p.plot.code,
              organisation: p.organisation.name,
              outcomeText: translator(languageOf(user.locale))(`outcome.${p.decision!.outcome}`),
              reason: p.decision!.reason,
              technical: `${mine.technicalScore} / ${mine.technicalMax}`,
              passedText: translator(languageOf(user.locale))(mine.passed ? "evaluation.yes" : "evaluation.no"),
              rank: mine.rank === null ? "—" : String(mine.rank),
              criteria: mine.criteria.map((c) => {
                const name = release.criteria.find((x) => x.id === c.criterionId)!;
                return `${user.locale === "zh-Hant" ? name.nameZhHant : name.nameEn}: ${c.used ?? "—"} / ${name.maxScore}`;
              }).join("; "),
              link: `${getConfig().PUBLIC_URL}/releases/${release.code}#results`,
            },
            idempotencyKey: `outcome:${p.id}:${user.id}`,
          }),
        );
      }
    }
    return ids;
  });
  await nudgeOutbox(optionalJobQueue(), outboxIds);
}

const OUTCOME_ORDER: Outcome[] = ["shortlisted", "reserve", "not_shortlisted"];

/** Published results for the public page and the open data: plot, organisation, outcome. */
export async function publishedResults(releaseId: string) {
  const evaluation = await db().evaluation.findUnique({ where: { releaseId } });
  if (!evaluation?.resultsPublishedAt) return null;
  const proposals = await db().proposal.findMany({ where: counted(releaseId), include: { plot: true, decision: true, currentVersion: true } });
  return {
    publishedAt: evaluation.resultsPublishedAt,
    results: proposals
      .filter((p) => p.decision && p.decision.outcome !== "not_shortlisted")
      .map((p) => ({ plot: p.plot.code, organisation: sealedOf(p.currentVersion!).organisation.name, registrationNumber: sealedOf(p.currentVersion!).organisation.registrationNumber, outcome: p.decision!.outcome }))
      .sort((a, b) => a.plot.localeCompare(b.plot) || OUTCOME_ORDER.indexOf(a.outcome) - OUTCOME_ORDER.indexOf(b.outcome) || a.organisation.localeCompare(b.organisation)),
  };
}
