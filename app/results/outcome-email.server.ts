import type { Outcome } from "~/platform/database/generated/prisma/enums.ts";
import { isLanguage, pick, translator, type Language } from "~/platform/i18n/i18n.ts";
import { formatScore, type RankedProposal } from "~/evaluation/ranking.ts";
import { decisionReasonText, type DecisionReasonRecord } from "~/evaluation/reasons.ts";

export interface OutcomeOfProposal {
  releaseCode: string;
  plot: string;
  organisation: string;
  decision: { outcome: Outcome } & DecisionReasonRecord;
  /** This proposal's own line of the ranking: the email states nothing of any other proposal. */
  ranked: RankedProposal;
  criteria: { id: string; nameEn: string; nameZhHant: string; maxScore: number }[];
  link: string;
}

/** The person's profile language, or English for a value the portal does not speak. */
export const recipientLanguage = (locale: string): Language => (isLanguage(locale) ? locale : "en");

/**
 * The values of the outcome email (template evaluationOutcome) in the recipient's language: the
 * outcome and its reason, the proposal's own scores per criterion, technical score against the pass
 * mark, rank and total, all rounded as on screen; below the pass mark, that the financial envelope
 * was never opened (DOMAIN.md rule 7).
 */
export function outcomeEmailParams(language: Language, outcome: OutcomeOfProposal): Record<string, string> {
  const t = translator(language);
  const mine = outcome.ranked;
  const figures = {
    technical: formatScore(mine.technicalScore),
    technicalMax: formatScore(mine.technicalMax),
    passMark: formatScore(mine.passMark),
    financial: mine.financialScore === null ? "—" : formatScore(mine.financialScore),
    total: mine.total === null ? "—" : formatScore(mine.total),
    rank: mine.rank === null ? "—" : String(mine.rank),
  };
  const criteria = mine.criteria.map((c) => {
    const criterion = outcome.criteria.find((x) => x.id === c.criterionId)!;
    return t("outcomes.email.criterion", { name: pick(language, { en: criterion.nameEn, zhHant: criterion.nameZhHant }), score: c.used === null ? "—" : formatScore(c.used), max: criterion.maxScore });
  });
  return {
    code: outcome.releaseCode,
    plot: outcome.plot,
    organisation: outcome.organisation,
    outcomeText: t(`outcome.${outcome.decision.outcome}`),
    reason: decisionReasonText(t, language, outcome.decision, mine),
    assessment: t(mine.passed ? "outcomes.email.assessmentPassed" : "outcomes.email.assessmentFailed", figures),
    // Empty for a proposal that passed: the email leaves out a paragraph with nothing to say.
    envelope: mine.passed ? "" : t("outcomes.email.envelopeNeverOpened"),
    criteria: criteria.join(t("outcomes.email.separator")),
    link: outcome.link,
  };
}
