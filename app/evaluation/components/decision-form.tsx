import { VALIDATE_ON_SUBMIT } from "~/platform/ui/forms.tsx";
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, FieldErrors } from "~/platform/ui/error-summary.tsx";
import { problemsOf, type Problem } from "~/platform/ui/problems.ts";
import { useLanguage } from "~/platform/ui/deadline.tsx";
import { DECISION_REASONS, decisionReasonText, reasonHolds, suggestedReason, type DecisionOutcome, type DecisionReasonRecord, type ReasonFigures } from "../reasons.ts";
import { decisionSchema } from "../schemas.ts";

const OUTCOMES: DecisionOutcome[] = ["shortlisted", "reserve", "not_shortlisted"];

/**
 * The chair's decision for one proposal: the outcome, a reason chosen among the templates that
 * state what the ranking says of it (each shown as it will read, with its figures), and an optional
 * note in both languages. After a refusal it keeps what was typed.
 */
export function DecisionForm({
  row,
  lastResult,
}: {
  row: ReasonFigures & { proposalId: string; organisation: string; decision: ({ outcome: DecisionOutcome } & DecisionReasonRecord) | null };
  lastResult: SubmissionResult<Problem[]> | undefined;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const outcome: DecisionOutcome = row.decision?.outcome ?? (row.rank === 1 ? "shortlisted" : row.passed ? "reserve" : "not_shortlisted");
  const [form, fields] = useForm({
    id: `decision-${row.proposalId}`,
    lastResult,
    defaultValue: { proposalId: row.proposalId, outcome, reason: row.decision?.reason ?? suggestedReason(outcome, row), noteEn: row.decision?.noteEn ?? "", noteZhHant: row.decision?.noteZhHant ?? "" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: decisionSchema, formatError: problemsOf }),
    ...VALIDATE_ON_SUBMIT,
  });
  // Only the templates whose claim is true of this proposal are offered (the server checks it again).
  const reasons = DECISION_REASONS.filter((r) => reasonHolds(r, row));
  const note = (field: typeof fields.noteEn, label: string) => {
    const props = getTextareaProps(field);
    return (
      <div>
        <label htmlFor={field.id} className="block text-sm">{label}</label>
        <textarea {...props} key={props.key} rows={2} className="w-full rounded border border-slate-500 px-2 py-1 aria-invalid:border-red-700" />
        <FieldErrors id={field.errorId} errors={field.errors} />
      </div>
    );
  };
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-2 rounded border border-slate-300 p-3">
      <ErrorSummary form={form} />
      <input type="hidden" name="intent" value="decide" />
      <input {...getInputProps(fields.proposalId, { type: "hidden" })} key={fields.proposalId.key} />
      <p className="font-medium">{row.plot} · {row.organisation}</p>
      <div className="space-y-2">
        <div>
          <label htmlFor={fields.outcome.id} className="block text-sm">{t("ranking.decision")}</label>
          <select {...getSelectProps(fields.outcome)} key={fields.outcome.key} className="rounded border border-slate-500 px-2 py-1">
            {OUTCOMES.map((o) => <option key={o} value={o}>{t(`outcome.${o}`)}</option>)}
          </select>
          <FieldErrors id={fields.outcome.errorId} errors={fields.outcome.errors} />
        </div>
        <div>
          <label htmlFor={fields.reason.id} className="block text-sm">{t("moderation.reason")}</label>
          <select {...getSelectProps(fields.reason)} key={fields.reason.key} className="w-full max-w-full rounded border border-slate-500 px-2 py-1 aria-invalid:border-red-700">
            {reasons.map((r) => <option key={r} value={r}>{decisionReasonText(t, language, { reason: r, noteEn: null, noteZhHant: null }, row)}</option>)}
          </select>
          <FieldErrors id={fields.reason.errorId} errors={fields.reason.errors} />
        </div>
      </div>
      <p className="text-sm text-slate-700">{t("outcomes.form.noteHint")}</p>
      <div className="grid gap-2 md:grid-cols-2">
        {note(fields.noteEn, t("outcomes.form.noteEn"))}
        {note(fields.noteZhHant, t("outcomes.form.noteZhHant"))}
      </div>
      <button type="submit" className="rounded border border-park-700 px-3 py-1 text-park-800">{t("moderation.saveDecision", { organisation: row.organisation })}</button>
    </Form>
  );
}
