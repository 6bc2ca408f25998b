import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/**
 * Withdrawing one plot, or cancelling the whole release: each leads to its confirmation page, which
 * states what will happen and asks for the public reason.
 */
export function CancellationSection({ releaseCode, offered }: { releaseCode: string; offered: string[] }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="cancel-heading" className="max-w-3xl space-y-4">
      <h2 id="cancel-heading" className="text-2xl font-semibold">{t("cancellation.title")}</h2>
      {offered.length > 1 ? (
        <Form method="get" action={`/admin/releases/${releaseCode}/withdraw`} className="flex flex-wrap items-end gap-2 rounded border border-slate-300 p-3">
          <div>
            <label htmlFor="withdraw-plot" className="block font-medium">{t("cancellation.withdrawPlot")}</label>
            <select id="withdraw-plot" name="plot" className="rounded border border-slate-500 px-2 py-1">
              {offered.map((code) => <option key={code} value={code}>{code}</option>)}
            </select>
          </div>
          <button type="submit" className="rounded border border-red-800 px-4 py-2 text-red-900">{t("cancellation.withdrawSubmit")}</button>
        </Form>
      ) : null}
      <p className="rounded border border-red-700 p-3">
        <Link to={`/admin/releases/${releaseCode}/cancel`} className="font-medium text-red-900 underline">{t("cancellation.cancelSubmit")}</Link>
      </p>
    </section>
  );
}
