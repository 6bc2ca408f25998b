import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** Withdrawing one plot, or cancelling the whole release, each with a public reason. */
export function CancellationSection({ offered }: { offered: string[] }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="cancel-heading" className="max-w-3xl space-y-4">
      <h2 id="cancel-heading" className="text-2xl font-semibold">{t("cancellation.title")}</h2>
      <Form method="post" className="space-y-2 rounded border border-slate-300 p-3">
        <input type="hidden" name="intent" value="withdraw" />
        <label htmlFor="withdraw-plot" className="block font-medium">{t("cancellation.withdrawPlot")}</label>
        <select id="withdraw-plot" name="plot" className="rounded border border-slate-500 px-2 py-1">
          {offered.map((code) => <option key={code} value={code}>{code}</option>)}
        </select>
        <ReasonFields prefix="withdraw" />
        <button type="submit" className="rounded border border-red-800 px-4 py-2 text-red-900">{t("cancellation.withdrawSubmit")}</button>
      </Form>
      <Form method="post" className="space-y-2 rounded border border-red-700 p-3">
        <input type="hidden" name="intent" value="cancel" />
        <p className="font-medium">{t("cancellation.cancelRelease")}</p>
        <ReasonFields prefix="cancel" />
        <button type="submit" className="rounded bg-red-800 px-4 py-2 font-medium text-white">{t("cancellation.cancelSubmit")}</button>
      </Form>
    </section>
  );
}

/** The public reason, in both languages, that a cancellation or withdrawal must give. */
function ReasonFields({ prefix }: { prefix: string }) {
  const { t } = useTranslation();
  return (
    <div className="grid gap-2 md:grid-cols-2">
      <div>
        <label htmlFor={`${prefix}-reason-en`} className="block text-sm font-medium">{t("cancellation.reasonEn")}</label>
        <textarea id={`${prefix}-reason-en`} name="reasonEn" rows={2} required maxLength={1_000} className="w-full rounded border border-slate-500 px-2 py-1" />
      </div>
      <div>
        <label htmlFor={`${prefix}-reason-zh`} className="block text-sm font-medium">{t("cancellation.reasonZhHant")}</label>
        <textarea id={`${prefix}-reason-zh`} name="reasonZhHant" rows={2} required maxLength={1_000} className="w-full rounded border border-slate-500 px-2 py-1" />
      </div>
    </div>
  );
}
