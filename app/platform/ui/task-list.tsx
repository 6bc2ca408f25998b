import type { ReactNode } from "react";

/** How a task's state looks; the words are the caller's, so colour is never the only signal. */
export type TaskTone = "todo" | "doing" | "done" | "problem" | "blocked";

export interface TaskItem {
  id: string;
  label: ReactNode;
  /** Where the task is done; none when it cannot be started yet. */
  href?: string;
  status: { text: string; tone: TaskTone };
  hint?: ReactNode;
}

/** The look of each state, the same in every task list of the portal (a proposal's parts, the evaluation's stages). */
export const TASK_TONES: Record<TaskTone, string> = {
  todo: "border border-sky-800 bg-sky-50 text-sky-900",
  doing: "border border-amber-800 bg-amber-50 text-amber-900",
  done: "text-slate-900",
  problem: "border border-red-800 bg-red-50 text-red-900",
  blocked: "text-slate-700",
};

/**
 * A piece of work in parts (GOV.UK task list): each part's name (a link when it can be done), an
 * optional hint, and its state in words beside it. Screen readers hear the state with the link.
 */
export function TaskList({ items, label }: { items: TaskItem[]; label?: string }) {
  return (
    <ul aria-label={label} className="max-w-3xl divide-y divide-slate-300 border-y border-slate-300">
      {items.map((item) => {
        const statusId = `task-${item.id}-status`;
        const hintId = `task-${item.id}-hint`;
        return (
          <li key={item.id} className="flex flex-wrap items-start justify-between gap-x-4 gap-y-1 py-3">
            <div className="min-w-0 flex-1 basis-56">
              {item.href ? (
                <a href={item.href} aria-describedby={item.hint ? `${hintId} ${statusId}` : statusId} className="font-medium text-park-700 underline">
                  {item.label}
                </a>
              ) : (
                <span className="font-medium">{item.label}</span>
              )}
              {item.hint ? <p id={hintId} className="text-sm text-slate-700">{item.hint}</p> : null}
            </div>
            <strong id={statusId} className={`shrink-0 rounded px-2 py-0.5 text-sm font-semibold whitespace-nowrap ${TASK_TONES[item.status.tone]}`}>
              {item.status.text}
            </strong>
          </li>
        );
      })}
    </ul>
  );
}
