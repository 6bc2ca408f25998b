import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Unbroken } from "./code.tsx";
import { ErrorSummary, type SummaryItem } from "./error-summary.tsx";

/** The look of a page's one main action, also where it is a link to a confirmation page. */
export const MAIN_ACTION = "inline-block rounded bg-park-700 px-4 py-2 font-medium text-white no-underline hover:bg-park-800";

/** The field a confirmation page sends; an action that acts without it refuses (see app/web/confirmation.server.ts). */
export const CONFIRM_FIELD = "confirm";

/** Sent by "Change what you entered" on a confirmation page: back to the form, as it was filled in. */
export const CHANGE_FIELD = "change";

/**
 * The page before a step that cannot be undone (GOV.UK's confirmation pattern, as a page so it works
 * without JavaScript): what will happen, with its counts, then the one button that does it and a
 * way back. `problems` say what went wrong (in the one error summary); when the step cannot be taken now (`blocked`) it replaces
 * the button. `children` are the fields the step needs (a public reason, for instance). A step whose
 * page follows a form (`changeable`: its children carry what was entered) goes back by sending them
 * again, so the form comes back as it was filled in, never empty.
 */
export function ConfirmStep({
  title,
  consequences,
  confirmLabel,
  backTo,
  destructive = false,
  problems,
  blocked = false,
  changeable = false,
  children,
}: {
  title: string;
  consequences: string[];
  confirmLabel: string;
  backTo: string;
  destructive?: boolean;
  problems?: SummaryItem[];
  blocked?: boolean;
  changeable?: boolean;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div className="max-w-3xl space-y-6">
      <h1 className="text-3xl font-semibold"><Unbroken text={title} /></h1>
      <ErrorSummary items={problems} />
      <ul className="list-disc space-y-2 pl-6">
        {consequences.map((line) => (
          <li key={line}><Unbroken text={line} /></li>
        ))}
      </ul>
      <p className="border-l-4 border-amber-700 bg-amber-50 p-3 font-medium">{t("stages.confirm.cannotUndo")}</p>
      {blocked ? (
        <Link to={backTo} className="text-park-700 underline">{t("stages.confirm.back")}</Link>
      ) : (
      <Form method="post" noValidate className="space-y-4">
        <input type="hidden" name={CONFIRM_FIELD} value="yes" />
        {children}
        <div className="flex flex-wrap items-center gap-4">
          <button
            type="submit"
            className={destructive ? "rounded bg-red-800 px-4 py-2 font-medium text-white hover:bg-red-900" : MAIN_ACTION}
          >
            {confirmLabel}
          </button>
          {changeable ? (
            <button type="submit" name={CHANGE_FIELD} value="yes" className="text-park-700 underline">{t("stages.confirm.change")}</button>
          ) : (
            <Link to={backTo} className="text-park-700 underline">{t("stages.confirm.back")}</Link>
          )}
        </div>
      </Form>
      )}
    </div>
  );
}
