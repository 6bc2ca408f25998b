import { useTranslation } from "react-i18next";
import { FieldErrors } from "~/platform/ui/error-summary.tsx";

export type ReasonField = "reasonEn" | "reasonZhHant";

/**
 * The public reason, in both languages, that a cancellation or withdrawal must give. After a
 * refusal it shows what was typed and each field's own message; ids are `<prefix>-<field>`, the
 * error summary's link targets.
 */
export function PublicReasonFields({ prefix, sent, problems = [] }: { prefix: string; sent?: Partial<Record<ReasonField, string>>; problems?: { key: string; field?: string }[] }) {
  const { t } = useTranslation();
  const field = (name: ReasonField, label: string) => {
    const id = `${prefix}-${name}`;
    const errors = problems.filter((p) => p.field === name).map((p) => p.key);
    return (
      <div>
        <label htmlFor={id} className="block text-sm font-medium">{label}</label>
        <textarea id={id} name={name} rows={2} maxLength={1_000} defaultValue={sent?.[name]} aria-invalid={errors.length > 0 || undefined} aria-describedby={errors.length > 0 ? `${id}-error` : undefined} className="w-full rounded border border-slate-500 px-2 py-1" />
        <FieldErrors id={`${id}-error`} errors={errors.length > 0 ? errors : undefined} />
      </div>
    );
  };
  return (
    <div className="grid gap-2 md:grid-cols-2">
      {field("reasonEn", t("cancellation.reasonEn"))}
      {field("reasonZhHant", t("cancellation.reasonZhHant"))}
    </div>
  );
}
