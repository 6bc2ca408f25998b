import { getInputProps, getTextareaProps, type FieldMetadata, type FormMetadata } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { focusSectors } from "~/accounts/schemas.ts";
import { FieldErrors } from "~/platform/ui/error-summary.tsx";
import { CheckboxesField } from "~/platform/ui/forms.tsx";
import { useCalendarDay } from "~/proposals/components/proposal-summary.tsx";
import { MILESTONE_FIELDS, type proposalDraftSchema } from "~/proposals/schemas.ts";

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

function DateField({ field, label }: { field: Parameters<typeof getInputProps>[0]; label: string }) {
  const props = getInputProps(field, { type: "date" });
  return (
    <div className="space-y-1">
      <label htmlFor={field.id} className="block font-medium">{label}</label>
      <input {...props} key={props.key} className="w-56 max-w-full rounded border border-slate-500 px-3 py-2 aria-invalid:border-red-700" />
      <FieldErrors id={field.errorId} errors={field.errors} />
    </div>
  );
}

/**
 * The countable promises of a release with structured commitments: what the development record will
 * hold if the proposal wins, so they are asked as numbers and dates, not prose.
 */
function CommitmentFields({ fields, deadlineDay }: { fields: DraftFields; deadlineDay: string }) {
  const { t } = useTranslation();
  const calendarDay = useCalendarDay();
  return (
    <div id="commitments" className="space-y-4">
      <h3 className="text-xl font-semibold">{t("proposals.commitments.heading")}</h3>
      <p className="max-w-3xl">{t("proposals.commitments.intro")}</p>
      <NumberField field={fields.researchPosts} label={t("proposals.fields.researchPosts")} hint={t("proposals.commitments.headcountHint")} />
      <NumberField field={fields.graduatePlaces} label={t("proposals.fields.graduatePlaces")} hint={t("proposals.commitments.headcountHint")} />
      <fieldset className="space-y-3" aria-describedby="milestones-hint">
        <legend className="font-medium">{t("proposals.commitments.milestones")}</legend>
        <p id="milestones-hint" className="text-sm text-slate-700">{t("proposals.commitments.milestonesHint", { deadline: calendarDay(deadlineDay) })}</p>
        {MILESTONE_FIELDS.map((name) => <DateField key={name} field={fields[name]} label={t(`proposals.fields.${name}`)} />)}
      </fieldset>
    </div>
  );
}

/** The technical and the financial envelope's fields; `commitments` where the release asks for countable promises. */
export function EnvelopeFields({ fields, maxGfaM2, commitments }: { fields: DraftFields; maxGfaM2: number; commitments: { deadlineDay: string } | null }) {
  const { t } = useTranslation();
  return (
    <>
      <fieldset id="technical" className="space-y-4">
        <legend className="text-2xl font-semibold">{t("proposals.technicalEnvelope")}</legend>
        <TextArea field={fields.developmentScheme} label={t("proposals.fields.developmentScheme")} />
        <CheckboxesField field={fields.intendedSectors} legend={t("proposals.fields.intendedSectors")} options={focusSectors.map((s) => ({ value: s, label: t(`sector.${s}`) }))} />
        <NumberField field={fields.grossFloorAreaM2} label={t("proposals.fields.grossFloorAreaM2")} hint={t("proposals.gfaHint", { max: maxGfaM2 })} />
        <TextArea field={fields.programme} label={t("proposals.fields.programme")} />
        <TextArea field={fields.trackRecord} label={t("proposals.fields.trackRecord")} />
        <TextArea field={fields.jobsTalentPlan} label={t("proposals.fields.jobsTalentPlan")} />
        {commitments ? <CommitmentFields fields={fields} deadlineDay={commitments.deadlineDay} /> : null}
      </fieldset>
      <fieldset id="financial" className="space-y-4">
        <legend className="text-2xl font-semibold">{t("proposals.financialEnvelope")}</legend>
        <NumberField field={fields.landPremiumHkd} label={t("proposals.fields.landPremiumHkd")} hint={t("proposals.hkdHint")} />
        <NumberField field={fields.investmentCommitmentHkd} label={t("proposals.fields.investmentCommitmentHkd")} hint={t("proposals.hkdHint")} />
      </fieldset>
    </>
  );
}
