import { recordAuditEvent, type AuditEntry } from "~/platform/audit.server.ts";
import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { db } from "~/platform/database/db.server.ts";
import { lockRow } from "~/platform/database/transactions.server.ts";
import { DomainError } from "~/platform/domain-error.ts";
import { hiddenCharacterIn, hiddenCharacterMessage } from "~/platform/plain-text.ts";
import { storage } from "~/platform/storage/storage.server.ts";
import { evaluatorMaySee } from "./conflict-gate.server.ts";
import { sealedOf } from "./sealed-bids.ts";

export interface ScoreInput {
  criterionId: string;
  score: number;
  comment: string;
}

/** The audit entry of an evaluator's scores submitted for a proposal (also written by the demo seed's replay). */
export const scoresSubmittedEntry = (evaluatorId: string, proposalId: string, scores: readonly ScoreInput[]): AuditEntry => ({
  actorId: evaluatorId,
  action: "evaluation.scores_submitted",
  subjectType: "proposal",
  subjectId: proposalId,
  data: { scores: scores.map((s) => ({ criterionId: s.criterionId, score: s.score, comment: s.comment })) },
});

/**
 * Saves an evaluator's scores for a proposal (each technical criterion within its range; a comment
 * is required for the lowest and the highest mark); `submit` locks them and records them.
 */
export async function saveScores(evaluator: CurrentUser, proposalId: string, scores: ScoreInput[], submit: boolean) {
  if (!(await evaluatorMaySee(evaluator.id, proposalId))) throw new DomainError("evaluation.errors.notAssigned", "invalid");
  await db().$transaction(async (tx) => {
    await lockRow(tx, "Proposal", { id: proposalId }, "update");
    const proposal = await tx.proposal.findUniqueOrThrow({ where: { id: proposalId }, include: { release: { include: { criteria: true, evaluation: true } } } });
    if (proposal.release.evaluation?.financialOpenedAt) throw new DomainError("evaluation.errors.technicalComplete", "invalid");
    if (await tx.scoreSubmission.findUnique({ where: { proposalId_evaluatorId: { proposalId, evaluatorId: evaluator.id } } })) throw new DomainError("evaluation.errors.scoresLocked", "invalid");
    const technical = proposal.release.criteria.filter((c) => c.envelope === "technical");
    for (const input of scores) {
      const criterion = technical.find((c) => c.id === input.criterionId);
      if (!criterion) throw new DomainError("evaluation.errors.unknownCriterion", "invalid");
      if (!Number.isInteger(input.score) || input.score < 0 || input.score > criterion.maxScore) throw new DomainError("evaluation.errors.scoreRange", "invalid");
      if ((input.score === 0 || input.score === criterion.maxScore) && !input.comment.trim()) throw new DomainError("evaluation.errors.commentRequired", "invalid");
      // The scoring form has no schema of its own: its comments meet the rule of every free text here.
      if (hiddenCharacterIn(input.comment, "multiline")) throw new DomainError(hiddenCharacterMessage("scoreComment"), "invalid");
      const key = { proposalId_evaluatorId_criterionId: { proposalId, evaluatorId: evaluator.id, criterionId: criterion.id } };
      await tx.score.upsert({ where: key, create: { proposalId, evaluatorId: evaluator.id, criterionId: criterion.id, score: input.score, comment: input.comment.trim() }, update: { score: input.score, comment: input.comment.trim() } });
    }
    if (!submit) return;
    const saved = await tx.score.findMany({ where: { proposalId, evaluatorId: evaluator.id } });
    if (technical.some((c) => !saved.some((s) => s.criterionId === c.id))) throw new DomainError("evaluation.errors.scoresIncomplete", "invalid");
    await tx.scoreSubmission.create({ data: { proposalId, evaluatorId: evaluator.id } });
    await recordAuditEvent(tx, scoresSubmittedEntry(evaluator.id, proposalId, saved));
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
