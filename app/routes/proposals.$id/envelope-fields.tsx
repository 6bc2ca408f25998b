import { getInputProps, getTextareaProps, type FieldMetadata, type FormMetadata } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { focusSectors } from "~/accounts/schemas.ts";
import { FieldErrors } from "~/platform/ui/error-summary.tsx";
import { CheckboxesField } from "~/platform/ui/forms.tsx";
import type { proposalDraftSchema } from "~/proposals/schemas.ts";

type DraftFields = ReturnType<FormMetadata<z.input<ReturnType<typeof proposalDraftSchema>>, string[]>["getFieldset"]>;

function TextArea({ field, label }: { field: FieldMetadata<string | undefined>; label: string }) {
  const props = getTextareaProps(field);
  return (
    <div className="space-y-1">
      <label htmlFor={field.id} className="block font-medium">{label}</label>
      <textarea {...props} key={props.key} rows={5} className="w-full max-w-3xl rounded border border-slate-500 px-3 py-2 aria-invalid:border-red-700" />
      <FieldErrors id={field.errorId} errors={field.errors} />
    </div>
  );
}

function NumberField({ field, label, hint }: { field: Parameters<typeof getInputProps>[0]; label: string; hint?: string }) {
  const hintId = `${field.id}-hint`;
  const props = getInputProps(field, { type: "text", ariaDescribedBy: hint ? hintId : undefined });
  return (
    <div className="space-y-1">
      <label htmlFor={field.id} className="block font-medium">{label}</label>
      <input {...props} key={props.key} inputMode="numeric" className="w-64 rounded border border-slate-500 px-3 py-2 aria-invalid:border-red-700" />
      {hint ? <p id={hintId} className="text-sm text-slate-700">{hint}</p> : null}
      <FieldErrors id={field.errorId} errors={field.errors} />
    </div>
  );
}

/** The technical and the financial envelope's fields. */
export function EnvelopeFields({ fields, maxGfaM2 }: { fields: DraftFields; maxGfaM2: number }) {
  const { t } = useTranslation();
  return (
    <>
      <fieldset id="technical" className="space-y-4">
        <legend className="text-2xl font-semibold">{t("proposals.technicalEnvelope")}</legend>
        <TextArea field={fields.developmentScheme} label={t("proposals.fields.developmentScheme")} />
        <CheckboxesField field={fields.intendedSectors} legend={t("proposals.fields.intendedSectors")} options={focusSectors.map((s) => ({ value: s, label: t(`sector.${s}`) }))} />
        <NumberField field={fields.grossFloorAreaM2} label={t("proposals.fields.grossFloorAreaM2")} hint={t("proposals.gfaHint", { max: maxGfaM2.toLocaleString("en") })} />
        <TextArea field={fields.programme} label={t("proposals.fields.programme")} />
        <TextArea field={fields.trackRecord} label={t("proposals.fields.trackRecord")} />
        <TextArea field={fields.jobsTalentPlan} label={t("proposals.fields.jobsTalentPlan")} />
      </fieldset>
      <fieldset id="financial" className="space-y-4">
        <legend className="text-2xl font-semibold">{t("proposals.financialEnvelope")}</legend>
        <NumberField field={fields.landPremiumHkd} label={t("proposals.fields.landPremiumHkd")} hint={t("proposals.hkdHint")} />
        <NumberField field={fields.investmentCommitmentHkd} label={t("proposals.fields.investmentCommitmentHkd")} hint={t("proposals.hkdHint")} />
      </fieldset>
    </>
  );
}
