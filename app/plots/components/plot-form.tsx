import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, FieldErrors } from "~/platform/ui/error-summary.tsx";
import { problemsOf, type Problem } from "~/platform/ui/problems.ts";
import { VALIDATE_ON_SUBMIT, CheckboxesField, SubmitButton } from "~/platform/ui/forms.tsx";
import { permittedUses, plotFieldsSchema } from "../schemas.ts";

/**
 * The fields of a plot, checked as they are typed, with the server's messages (the boundary, the
 * rest of the inventory) beside the field they concern. On a refusal the form comes back with
 * everything that was typed.
 */
export function PlotForm({
  lastResult,
  defaultValue,
  phases,
  codeFixed,
  submitLabel,
}: {
  lastResult: SubmissionResult<Problem[]> | undefined;
  defaultValue?: { code: string; phase: string; maxGfaM2: string; permittedUses: string[]; polygon: string };
  phases: { code: string; name: string }[];
  codeFixed?: boolean;
  submitLabel: string;
}) {
  const { t } = useTranslation();
  const [form, fields] = useForm({
    // The fields' ids (plot-code, plot-phase…) come from it.
    id: "plot",
    lastResult,
    defaultValue,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: plotFieldsSchema, formatError: problemsOf }),
    ...VALIDATE_ON_SUBMIT,
  });
  const code = getInputProps(fields.code, { type: "text" });
  const gfa = getInputProps(fields.maxGfaM2, { type: "text" });
  const phase = getSelectProps(fields.phase);
  const polygon = getTextareaProps(fields.polygon, { ariaDescribedBy: `${fields.polygon.id}-hint` });
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-4">
      <ErrorSummary form={form} />
      <input type="hidden" name="intent" value="save" />
      <div className="space-y-1">
        <label htmlFor={fields.code.id} className="block font-medium">{t("plot.code")}</label>
        <input {...code} key={code.key} readOnly={codeFixed} className="rounded border border-slate-500 px-3 py-2 font-mono" />
        <FieldErrors id={fields.code.errorId} errors={fields.code.errors} />
      </div>
      <div className="space-y-1">
        <label htmlFor={fields.phase.id} className="block font-medium">{t("plot.phase")}</label>
        <select {...phase} key={phase.key} className="rounded border border-slate-500 px-3 py-2">
          {phases.map((p) => <option key={p.code} value={p.code}>{p.name}</option>)}
        </select>
        <FieldErrors id={fields.phase.errorId} errors={fields.phase.errors} />
      </div>
      <div className="space-y-1">
        <label htmlFor={fields.maxGfaM2.id} className="block font-medium">{t("format.parenthesised", { text: t("plot.maxGfa"), note: t("plot.squareMetreUnit") })}</label>
        <input {...gfa} key={gfa.key} inputMode="numeric" className="rounded border border-slate-500 px-3 py-2" />
        <FieldErrors id={fields.maxGfaM2.errorId} errors={fields.maxGfaM2.errors} />
      </div>
      <CheckboxesField field={fields.permittedUses} legend={t("plot.permittedUses")} options={permittedUses.map((use) => ({ value: use, label: t(`use.${use}`) }))} />
      <div className="space-y-1">
        <label htmlFor={fields.polygon.id} className="block font-medium">{t("inventory.polygon")}</label>
        <p id={`${fields.polygon.id}-hint`} className="text-sm text-slate-700">{t("inventory.polygonHint")}</p>
        <textarea {...polygon} key={polygon.key} rows={6} className="w-full rounded border border-slate-500 px-3 py-2 font-mono text-xs" />
        <FieldErrors id={fields.polygon.errorId} errors={fields.polygon.errors} />
      </div>
      <SubmitButton>{submitLabel}</SubmitButton>
    </Form>
  );
}
