/**
 * The stages of a release's evaluation as a task list, worked out from counts (browser-safe: the
 * chair's and the administrator's pages render it). Each stage is done, the current one (the next
 * thing to do), or waiting with the reason why.
 */

export type StageKey = "panel" | "technical" | "declarations" | "scores" | "moderation" | "financial" | "decisions" | "results";

/**
 * What a panel member has done so far: declarations over the proposals they declare on (the
 * chair: every proposal received), scores over those assigned to them.
 */
export interface EvaluatorProgress {
  name: string;
  chair: boolean;
  assigned: number;
  toDeclare: number;
  declared: number;
  conflicted: number;
  submitted: number;
}

/**
 * The facts the stages are worked out from. Nothing about proposals is known before the technical
 * envelopes are opened: `proposals` is null and `evaluators` count nothing until then.
 */
export interface StageFacts {
  panel: { chair: string | null; evaluators: number };
  deadline: string;
  deadlinePassed: boolean;
  technicalOpenedAt: string | null;
  financialOpenedAt: string | null;
  resultsPublishedAt: string | null;
  proposals: number | null;
  evaluators: EvaluatorProgress[];
  /** Criteria of proposals where evaluators disagree widely and the chair has not moderated. */
  moderationPending: number;
  decisions: number;
  /** Proposals the chair declared a conflict on: someone else must moderate and decide their plots. */
  chairConflicts: number;
}

export interface Stage {
  key: StageKey;
  state: "done" | "current" | "waiting";
  /** "n of m", where the stage is counted. */
  progress?: { done: number; of: number };
  /** When it was done, for the stages that happen at one moment. */
  at?: string;
  /** Why a waiting stage cannot start yet (a catalog key under stages.waiting and its values). */
  reason?: { key: string; values?: Record<string, string | number> };
  /** Further figures of the stage (a catalog key under stages.detail and its values). */
  detail?: { key: string; values: Record<string, string | number> };
}

const expectedScores = (e: EvaluatorProgress) => e.assigned - e.conflicted;

export function evaluationStages(facts: StageFacts): Stage[] {
  const panelFormed = Boolean(facts.panel.chair) && facts.panel.evaluators > 0;
  const opened = facts.technicalOpenedAt !== null;
  const financial = facts.financialOpenedAt !== null;
  const published = facts.resultsPublishedAt !== null;
  const proposals = facts.proposals ?? 0;
  const sum = (count: (e: EvaluatorProgress) => number) => facts.evaluators.reduce((total, e) => total + count(e), 0);
  const declarations = { done: sum((e) => e.declared), of: sum((e) => e.toDeclare) };
  const scores = { done: sum((e) => e.submitted), of: sum(expectedScores) };
  const undeclared = facts.evaluators.filter((e) => e.declared < e.toDeclare).length;
  const unscored = facts.evaluators.filter((e) => e.submitted < expectedScores(e)).length;
  const notOpened = { key: "technical" } as const;
  const notFinancial = { key: "financial" } as const;

  const stages: Stage[] = [
    panelFormed
      ? { key: "panel", state: "done", detail: { key: "panel", values: { chair: facts.panel.chair!, count: facts.panel.evaluators } } }
      : { key: "panel", state: "current" },
    opened
      ? { key: "technical", state: "done", at: facts.technicalOpenedAt!, detail: { key: "technical", values: { count: proposals } } }
      : !panelFormed
        ? { key: "technical", state: "waiting", reason: { key: "panel" } }
        : !facts.deadlinePassed
          ? { key: "technical", state: "waiting", reason: { key: "deadline" } }
          : { key: "technical", state: "current" },
    !opened
      ? { key: "declarations", state: "waiting", reason: notOpened }
      : { key: "declarations", state: declarations.done === declarations.of ? "done" : "current", progress: declarations },
    !opened
      ? { key: "scores", state: "waiting", reason: notOpened }
      : { key: "scores", state: scores.done === scores.of ? "done" : "current", progress: scores },
    !opened
      ? { key: "moderation", state: "waiting", reason: notOpened }
      : financial || (facts.moderationPending === 0 && scores.done === scores.of)
        ? { key: "moderation", state: "done", detail: { key: "moderation", values: { count: facts.moderationPending } } }
        : { key: "moderation", state: "current", detail: { key: "moderation", values: { count: facts.moderationPending } } },
    financial
      ? { key: "financial", state: "done", at: facts.financialOpenedAt! }
      : !opened
        ? { key: "financial", state: "waiting", reason: notOpened }
        : undeclared > 0
          ? { key: "financial", state: "waiting", reason: { key: "declarations", values: { count: undeclared } } }
          : unscored > 0
            ? { key: "financial", state: "waiting", reason: { key: "scores", values: { count: unscored } } }
            : { key: "financial", state: "current" },
    !financial
      ? { key: "decisions", state: "waiting", reason: notFinancial }
      : { key: "decisions", state: facts.decisions === proposals ? "done" : "current", progress: { done: facts.decisions, of: proposals } },
    published
      ? { key: "results", state: "done", at: facts.resultsPublishedAt! }
      : !financial
        ? { key: "results", state: "waiting", reason: notFinancial }
        : facts.decisions < proposals
          ? { key: "results", state: "waiting", reason: { key: "decisions", values: { count: proposals - facts.decisions } } }
          : { key: "results", state: "current" },
  ];
  return stages;
}

/** The steps that are someone's action (the others are counted as they happen). */
export const ACTION_STAGES = ["panel", "technical", "financial", "results"] as const satisfies readonly StageKey[];

/** The one next step of the evaluation that is an action, if any can be taken now. */
export function nextAction(stages: Stage[]): (typeof ACTION_STAGES)[number] | null {
  const next = stages.find((s) => (ACTION_STAGES as readonly StageKey[]).includes(s.key) && s.state === "current");
  return (next?.key as (typeof ACTION_STAGES)[number] | undefined) ?? null;
}
