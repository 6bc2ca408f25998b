import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** Withdrawing one plot, or cancelling the whole release, each with a public reason. */
export function CancellationSection({ offered, sent }: { offered: string[]; sent?: Record<string, string> }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="cancel-heading" className="max-w-3xl space-y-4">
      <h2 id="cancel-heading" className="text-2xl font-semibold">{t("cancellation.title")}</h2>
      <Form method="post" noValidate className="space-y-2 rounded border border-slate-300 p-3">
        <input type="hidden" name="intent" value="withdraw" />
        <label htmlFor="withdraw-plot" className="block font-medium">{t("cancellation.withdrawPlot")}</label>
        <select id="withdraw-plot" name="plot" defaultValue={sent?.intent === "withdraw" ? sent.plot : undefined} className="rounded border border-slate-500 px-2 py-1">
          {offered.map((code) => <option key={code} value={code}>{code}</option>)}
        </select>
        <ReasonFields prefix="withdraw" sent={sent?.intent === "withdraw" ? sent : undefined} />
        <button type="submit" className="rounded border border-red-800 px-4 py-2 text-red-900">{t("cancellation.withdrawSubmit")}</button>
      </Form>
      <Form method="post" noValidate className="space-y-2 rounded border border-red-700 p-3">
        <input type="hidden" name="intent" value="cancel" />
        <p className="font-medium">{t("cancellation.cancelRelease")}</p>
        <ReasonFields prefix="cancel" sent={sent?.intent === "cancel" ? sent : undefined} />
        <button type="submit" className="rounded bg-red-800 px-4 py-2 font-medium text-white">{t("cancellation.cancelSubmit")}</button>
      </Form>
    </section>
  );
}

/** The public reason, in both languages, that a cancellation or withdrawal must give. */
function ReasonFields({ prefix, sent }: { prefix: string; sent?: Record<string, string> }) {
  const { t } = useTranslation();
  return (
    <div className="grid gap-2 md:grid-cols-2">
      <div>
        <label htmlFor={`${prefix}-reasonEn`} className="block text-sm font-medium">{t("cancellation.reasonEn")}</label>
        <textarea id={`${prefix}-reasonEn`} name="reasonEn" rows={2} maxLength={1_000} defaultValue={sent?.reasonEn} className="w-full rounded border border-slate-500 px-2 py-1" />
      </div>
      <div>
        <label htmlFor={`${prefix}-reasonZhHant`} className="block text-sm font-medium">{t("cancellation.reasonZhHant")}</label>
        <textarea id={`${prefix}-reasonZhHant`} name="reasonZhHant" rows={2} maxLength={1_000} defaultValue={sent?.reasonZhHant} className="w-full rounded border border-slate-500 px-2 py-1" />
      </div>
    </div>
  );
}
