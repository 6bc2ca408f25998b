import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ParkTime } from "~/platform/ui/deadline.tsx";
import { evaluationStages, type Stage, type StageFacts, type StageKey } from "../stages.ts";

const TAG: Record<Stage["state"], string> = {
  done: "border-park-700 bg-park-50 text-park-900",
  current: "border-sky-800 bg-sky-50 text-sky-900",
  waiting: "border-slate-400 bg-slate-100 text-slate-800",
};

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
        {stages.map((stage, i) => (
          <li key={stage.key} className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2 p-3" aria-current={stage.state === "current" ? "step" : undefined}>
            <div className="min-w-0 space-y-1">
              <p className="font-medium">{i + 1}. {t(`stages.step.${stage.key}`)}</p>
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
              {stage.state === "current" && actions[stage.key] ? <div className="pt-1">{actions[stage.key]}</div> : null}
            </div>
            <strong className={`shrink-0 rounded border px-2 py-0.5 text-sm ${TAG[stage.state]}`}>{t(`stages.state.${stage.state}`)}</strong>
          </li>
        ))}
      </ol>
    </section>
  );
}
