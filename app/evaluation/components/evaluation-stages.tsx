import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ParkTime } from "~/platform/ui/deadline.tsx";
import { TASK_TONES, type TaskTone } from "~/platform/ui/task-list.tsx";
import { evaluationStages, type Stage, type StageFacts, type StageKey } from "../stages.ts";

/** Who takes each stage's step: the page says so where the viewer does not. */
const ACTOR: Record<StageKey, string> = {
  panel: "stages.byAdministrator",
  technical: "stages.byChair",
  declarations: "journeys2.stages.byEvaluators",
  scores: "journeys2.stages.byEvaluators",
  moderation: "stages.byChair",
  financial: "stages.byChair",
  decisions: "stages.byChair",
  results: "stages.byAdministrator",
};

/**
 * A stage's state in the words and look of every task list of the portal, whoever views it: the chair
 * and an administrator see the same tag for the same stage. A current stage is "ready" until something
 * of it is counted, then "in progress".
 */
function tagOf(stage: Stage): { key: string; tone: TaskTone } {
  if (stage.state === "done") return { key: "stages.state.done", tone: "done" };
  if (stage.state === "waiting") return { key: "stages.state.waiting", tone: "blocked" };
  return stage.progress && stage.progress.done > 0 ? { key: "journeys2.stages.inProgress", tone: "doing" } : { key: "journeys2.stages.ready", tone: "todo" };
}

/**
 * A release's evaluation as a task list: each stage with its state in words, its counts ("3 of 6"),
 * when it was done, or why it cannot start yet. `actions` holds what the viewer can do at a stage;
 * it shows only while that stage is the current one, so a later step is never a button.
 */
export function EvaluationStages({ facts, actions }: { facts: StageFacts; actions: Partial<Record<StageKey, ReactNode>> }) {
  const { t } = useTranslation();
  const stages = evaluationStages(facts);
  return (
    <section aria-labelledby="stages-heading" className="space-y-3">
      <h2 id="stages-heading" className="text-2xl font-semibold">{t("stages.heading")}</h2>
      <ol className="divide-y divide-slate-300 rounded border border-slate-300">
        {stages.map((stage, i) => {
          const tag = tagOf(stage);
          const action = stage.state === "current" ? actions[stage.key] : undefined;
          return (
            <li key={stage.key} className="space-y-1 p-3" aria-current={stage.state === "current" ? "step" : undefined}>
              {/* The tag on the stage's own line, at every width: never beside or under a button, where it would look like one. */}
              <div className="flex items-start justify-between gap-x-4">
                <p className="min-w-0 font-medium">{i + 1}. {t(`stages.step.${stage.key}`)}</p>
                <strong className={`shrink-0 rounded px-2 py-0.5 text-sm font-semibold whitespace-nowrap ${TASK_TONES[tag.tone]}`}>{t(tag.key)}</strong>
              </div>
              {stage.progress ? <p className="tabular-nums">{t("stages.progress", stage.progress)}</p> : null}
              {stage.detail ? <p>{t(`stages.detail.${stage.detail.key}`, stage.detail.values)}</p> : null}
              {stage.at ? <p className="text-sm"><ParkTime date={new Date(stage.at)} /></p> : null}
              {stage.key === "declarations" && stage.state !== "waiting" && facts.evaluators.length ? (
                <ul aria-label={t("chair.declarationsPerMember")} className="list-disc pl-6 text-sm tabular-nums">
                  {facts.evaluators.map((e) => (
                    <li key={e.name}>{t(e.chair ? "chair.declarationsOfChair" : "stages.byEvaluator", { name: e.name, done: e.declared, of: e.toDeclare })}</li>
                  ))}
                </ul>
              ) : null}
              {stage.key === "decisions" && facts.chairConflicts > 0 && !facts.resultsPublishedAt ? (
                <p role="note" className="border-l-4 border-amber-700 bg-amber-50 p-2 text-sm">{t("chair.conflictsWarning", { count: facts.chairConflicts })}</p>
              ) : null}
              {stage.key === "scores" && stage.state !== "waiting" && facts.evaluators.length ? (
                <ul aria-label={t("stages.scoresPerEvaluator")} className="list-disc pl-6 text-sm tabular-nums">
                  {facts.evaluators.filter((e) => e.assigned > 0).map((e) => (
                    <li key={e.name}>{t("stages.byEvaluator", { name: e.name, done: e.submitted, of: e.assigned - e.conflicted })}</li>
                  ))}
                </ul>
              ) : null}
              {stage.reason ? (
                <p className="text-slate-700">
                  {t(`stages.waiting.${stage.reason.key}`, stage.reason.values)}
                  {stage.reason.key === "deadline" ? <> (<ParkTime date={new Date(facts.deadline)} />)</> : null}
                </p>
              ) : null}
              {stage.state === "current" && !action ? <p className="text-sm text-slate-700">{t(ACTOR[stage.key])}</p> : null}
              {action ? <div className="pt-1">{action}</div> : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
