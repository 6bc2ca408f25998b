import { useEffect, useRef, type MouseEvent } from "react";
import { useTranslation } from "react-i18next";
import { Unbroken } from "./code.tsx";
import type { Problem } from "./problems.ts";

/** A message as forms carry it: a catalog key, or a key with the values it names. */
export type Message = string | Problem;

/** One problem of the summary, and the id of the control it concerns (none: the form as a whole). */
export interface SummaryItem {
  target?: string;
  message: Message;
}

/** The parts of a Conform form the summary reads (its id, whether it was sent, and every error). */
interface ConformForm {
  id: string;
  status?: "success" | "error";
  allErrors: Record<string, Message[] | undefined>;
}

export function useMessage() {
  const { t } = useTranslation();
  return (message: Message) => (typeof message === "string" ? t(message) : t(message.key, message.values));
}

/** A Conform form's problems, each pointing to its control (Conform names a control `<form id>-<field name>`). */
function itemsOf(form: ConformForm): SummaryItem[] {
  return Object.entries(form.allErrors).flatMap(([name, messages]) =>
    (messages ?? []).map((message) => (name ? { target: `${form.id}-${name}`, message } : { message })),
  );
}

/** Moves focus to the control a summary item names and brings its label into view (the label says what to fix). */
function focusTarget(event: MouseEvent<HTMLAnchorElement>, target: string) {
  const control = document.getElementById(target);
  if (!control) return;
  event.preventDefault();
  const label = document.querySelector(`label[for="${CSS.escape(target)}"]`) ?? control.closest("fieldset")?.querySelector("legend");
  (label ?? control).scrollIntoView();
  control.focus({ preventScroll: true });
}

/**
 * The error summary at the top of a form (GOV.UK's pattern): "There is a problem" and every problem
 * as a link to its control. It takes focus when it appears after a submission, so a screen reader
 * reads it and a keyboard user is one Tab from the first problem.
 *
 * A Conform form (`form`) shows it once it has been sent and refused, in the browser or by the server;
 * other forms pass the problems the server answered (`items`, a new array for each answer).
 * `description`: what the refusal means for the person's work, under the title (GOV.UK's description).
 */
export function ErrorSummary(props: ({ form: ConformForm } | { items: SummaryItem[] | undefined }) & { description?: string }) {
  const { t } = useTranslation();
  const message = useMessage();
  const ref = useRef<HTMLDivElement>(null);
  const conform = "form" in props ? props.form : undefined;
  const items = conform ? (conform.status === "error" ? itemsOf(conform) : []) : (props as { items?: SummaryItem[] }).items ?? [];
  const shown = items.length > 0;

  // A Conform form: focus after each submission (the page's first render counts, for a refusal
  // reached without JavaScript), never while someone types and a new problem shows.
  const submitted = useRef(true);
  const formId = conform?.id;
  useEffect(() => {
    const form = formId ? document.getElementById(formId) : null;
    if (!form) return;
    const onSubmit = () => {
      submitted.current = true;
      // A submission refused with the same problems draws nothing new: focus once it was checked.
      requestAnimationFrame(() => {
        if (submitted.current && ref.current) {
          ref.current.focus();
          submitted.current = false;
        }
      });
    };
    form.addEventListener("submit", onSubmit);
    return () => form.removeEventListener("submit", onSubmit);
  }, [formId]);
  // Other forms: each answer of the server is a new list of problems.
  const focusedItems = useRef<SummaryItem[] | undefined>(undefined);
  const answer = conform ? undefined : (props as { items?: SummaryItem[] }).items;
  useEffect(() => {
    if (!shown || !ref.current) return;
    if (conform ? submitted.current : focusedItems.current !== answer) {
      ref.current.focus();
      submitted.current = false;
      focusedItems.current = answer;
    }
  });

  if (!shown) return null;
  // autoFocus reaches the server's HTML as `autofocus`: without JavaScript, a page answering a refused
  // form opens with the browser focused on the summary and scrolled to it, wherever the page put it.
  // (In the browser React leaves it to the effects above.)
  return (
    <div ref={ref} tabIndex={-1} autoFocus className="rounded border-4 border-red-700 bg-white p-4 focus:outline-4 focus:outline-offset-2 focus:outline-amber-400">
      <div role="alert">
        <h2 className="text-xl font-semibold text-red-900">{t("errors.summaryTitle")}</h2>
        {props.description ? <p className="mt-2">{props.description}</p> : null}
        <ul className="mt-2 list-none space-y-1">
          {items.map((item, i) => (
            <li key={i}>
              {item.target ? (
                <a href={`#${item.target}`} onClick={(event) => focusTarget(event, item.target!)} className="font-medium text-red-800 underline">
                  <Unbroken text={message(item.message)} />
                </a>
              ) : (
                <span className="font-medium text-red-800"><Unbroken text={message(item.message)} /></span>
              )}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** A control's own messages, below its label, each read with "Error:" before it. */
export function FieldErrors({ id, errors }: { id: string; errors: Message[] | undefined }) {
  const { t } = useTranslation();
  const message = useMessage();
  if (!errors?.length) return null;
  return (
    <ul id={id} className="mt-1 text-sm font-medium text-red-800">
      {errors.map((error, i) => (
        <li key={i}>
          <span className="sr-only">{t("errors.prefix")} </span>
          <Unbroken text={message(error)} />
        </li>
      ))}
    </ul>
  );
}
