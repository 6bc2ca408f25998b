import { useTranslation } from "react-i18next";

/** The public reason, in both languages, that a cancellation or withdrawal must give. */
export function PublicReasonFields({ prefix }: { prefix: string }) {
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
