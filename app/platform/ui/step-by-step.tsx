import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

export type StepState = "done" | "next" | "todo";

export interface Step {
  /** Stable key (also the step's anchor). */
  id: string;
  title: ReactNode;
  /** What the step means, and the way to do it when it is the next one. */
  body?: ReactNode;
  /** Left out for a visitor, where the portal cannot know the person's progress. */
  state?: StepState;
}

const marker: Record<StepState | "plain", string> = {
  done: "border-park-700 bg-park-700 text-white",
  next: "border-park-700 bg-white text-park-800 ring-2 ring-park-700 ring-offset-2",
  todo: "border-slate-500 bg-white text-slate-800",
  plain: "border-slate-500 bg-white text-slate-800",
};

/**
 * A process explained before it starts (GOV.UK "step by step"): numbered steps joined by a line,
 * each with its state in words (colour is never the only signal) when the person's progress is known.
 */
export function StepByStep({ id, title, intro, steps, children }: { id: string; title: ReactNode; intro?: ReactNode; steps: Step[]; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <section id={id} aria-labelledby={`${id}-heading`} className="rounded border border-slate-300 p-4 sm:p-6">
      <h2 id={`${id}-heading`} className="text-2xl font-semibold">{title}</h2>
      {intro ? <div className="mt-2">{intro}</div> : null}
      <ol className="mt-4">
        {steps.map((step, index) => (
          <li key={step.id} id={`${id}-${step.id}`} className="relative flex gap-3 pb-5 last:pb-0" aria-current={step.state === "next" ? "step" : undefined}>
            {index < steps.length - 1 ? <span aria-hidden="true" className="absolute top-9 bottom-1 left-[0.95rem] w-0.5 bg-slate-300" /> : null}
            <span aria-hidden="true" className={`flex h-8 w-8 shrink-0 items-center justify-center rounded-full border-2 font-semibold ${marker[step.state ?? "plain"]}`}>
              {step.state === "done" ? "✓" : index + 1}
            </span>
            <div className="min-w-0 pt-1">
              <h3 className="font-semibold">
                <span className="sr-only">{t("journey.stepNumber", { number: index + 1 })} </span>
                {step.title}
                {step.state ? (
                  <span className={`ml-2 inline-block rounded px-2 text-sm font-medium whitespace-nowrap ${step.state === "done" ? "bg-park-50 text-park-800" : step.state === "next" ? "bg-amber-100 text-amber-900" : "bg-slate-100 text-slate-800"}`}>
                    {t(`journey.state.${step.state}`)}
                  </span>
                ) : null}
              </h3>
              {step.body ? <div className="mt-1 text-slate-800">{step.body}</div> : null}
            </div>
          </li>
        ))}
      </ol>
      {children ? <div className="mt-5">{children}</div> : null}
    </section>
  );
}
