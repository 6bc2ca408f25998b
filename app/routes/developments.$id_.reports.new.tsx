import { formatNumber } from "~/platform/i18n/i18n.ts";
import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { useDayText } from "~/developments/components/progress-section.tsx";
import { discardReportDocuments, keptReportDocuments, storeReportDocument } from "~/developments/report-documents.server.ts";
import { progressReportSchema, REPORT_DOCUMENTS_MAX, type ProgressReportInput } from "~/developments/report-schemas.ts";
import { reportingForm, submitProgressReport } from "~/developments/reports.server.ts";
import type { MILESTONE_KINDS } from "~/developments/promises.ts";
import { ErrorSummary, FieldErrors } from "~/platform/ui/error-summary.tsx";
import { FileInput } from "~/platform/ui/file-input.tsx";
import { Field, SubmitButton, VALIDATE_ON_SUBMIT } from "~/platform/ui/forms.tsx";
import { SummaryList } from "~/platform/ui/summary-list.tsx";
import { readFormWithDocuments } from "~/web/document-form.server.ts";
import { GeneralErrorBoundary, notFound } from "~/web/error-boundary.tsx";
import { pageTitle } from "~/web/meta.ts";
import { whenRefused } from "~/web/refusals.server.ts";
import { requirePermission } from "~/web/require.server.ts";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, "progressReports.form.title");

type Kept = { key: string; fileName: string };
/** The form's fields as the browser sends them (figures as typed). */
type ReportFields = {
  dueOn: string;
  investmentSpentHkd: string;
  researchPostsFilled: string;
  graduatePlacesFilled: string;
  gfaCompletedM2: string;
  gfaLetM2: string;
  narrative: string;
  reached: Partial<Record<(typeof MILESTONE_KINDS)[number], string>>;
  kept: Kept[];
};
type Answer = { step: "form"; result: SubmissionResult<string[]>; kept: Kept[] } | { step: "check"; input: ProgressReportInput; documents: Kept[] };

async function formOf(request: Request, id: string | undefined) {
  const user = await requirePermission(request, "progress:report");
  const developmentId = z.uuid().safeParse(id);
  if (!developmentId.success) throw notFound();
  try {
    return { user, developmentId: developmentId.data, form: await reportingForm(user, developmentId.data) };
  } catch (error) {
    // Another organisation's development, or none: it does not exist for this person.
    return whenRefused(error, () => {
      throw notFound();
    });
  }
}

/** An owner or submitter of the awarded organisation: the reporting dates they may report for. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { form } = await formOf(request, params.id);
  const due = new URL(request.url).searchParams.get("due");
  return { ...form, due: due && form.dates.includes(due) ? due : (form.dates[0] ?? null) };
}

/**
 * Three steps on one address, each working without JavaScript: the form (its documents stream to
 * storage, checked, as they arrive) leads to the check-your-answers page, which carries the answers
 * and the stored documents' keys back; "change" returns to the form with them; "submit" records the
 * report, the documents read again from storage, and goes to the report's page.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { user, developmentId } = await formOf(request, params.id);
  const { form, stored, problem } = await readFormWithDocuments(request, { max: REPORT_DOCUMENTS_MAX, tooMany: "progressReports.errors.tooManyDocuments", store: storeReportDocument });
  const submission = parseWithZod(form ?? new FormData(), { schema: progressReportSchema });
  const kept = submission.status === "success" ? submission.value.kept : [];
  const tooMany = kept.length + stored.length > REPORT_DOCUMENTS_MAX ? "progressReports.errors.tooManyDocuments" : undefined;
  if (submission.status !== "success" || problem || tooMany) {
    await discardReportDocuments(stored);
    const documentsProblem = problem ?? tooMany;
    return data<Answer>({ step: "form", result: submission.reply(documentsProblem ? { fieldErrors: { documents: [documentsProblem] } } : undefined), kept }, { status: 400 });
  }
  const documents = [...kept, ...stored.map((d) => ({ key: d.key, fileName: d.fileName }))];
  const intent = form?.get("intent");
  if (intent === "change") return data<Answer>({ step: "form", result: submission.reply(), kept: documents });
  if (intent !== "submit") return data<Answer>({ step: "check", input: submission.value, documents });
  try {
    const report = await submitProgressReport(user, developmentId, submission.value, await keptReportDocuments(documents));
    return redirect(`/developments/${developmentId}/reports/${report.id}?submitted=1`);
  } catch (error) {
    return whenRefused(error, ({ code, status }) => data<Answer>({ step: "form", result: submission.reply({ formErrors: [code] }), kept: [] }, { status }));
  }
}

function HiddenAnswers({ input, documents }: { input: ProgressReportInput; documents: Kept[] }) {
  const fields: [string, string][] = [
    ["dueOn", input.dueOn],
    ["investmentSpentHkd", input.investmentSpentHkd],
    ["researchPostsFilled", String(input.researchPostsFilled)],
    ["graduatePlacesFilled", String(input.graduatePlacesFilled)],
    ["gfaCompletedM2", String(input.gfaCompletedM2)],
    ["gfaLetM2", String(input.gfaLetM2)],
    ["narrative", input.narrative],
    ...Object.entries(input.reached).filter((e): e is [string, string] => Boolean(e[1])).map(([kind, day]): [string, string] => [`reached.${kind}`, day]),
    ...documents.flatMap((d, i): [string, string][] => [[`kept[${i}].key`, d.key], [`kept[${i}].fileName`, d.fileName]]),
  ];
  return <>{fields.map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />)}</>;
}

function CheckAnswers({ input, documents }: { input: ProgressReportInput; documents: Kept[] }) {
  const { t, i18n } = useTranslation();
  const day = useDayText();
  const number = (value: number | string) => formatNumber(BigInt(value), i18n.language);
  const reached = Object.entries(input.reached).filter((e): e is [string, string] => Boolean(e[1]));
  return (
    <div className="max-w-3xl space-y-6">
      <h1 className="text-3xl font-semibold">{t("progressReports.form.check")}</h1>
      <SummaryList
        rows={[
          { key: t("progressReports.dueOn"), value: day(input.dueOn) },
          { key: t("progressReports.milestonesClaimed"), value: reached.length ? reached.map(([kind, on]) => `${t(`progressReports.milestone.${kind}`)}${t("format.colon")}${day(on)}`).join("\n") : t("progressReports.form.none") },
          { key: t("progressReports.investment"), value: t("progressReports.hkd", { value: number(input.investmentSpentHkd) }) },
          { key: t("progressReports.researchPosts"), value: number(input.researchPostsFilled) },
          { key: t("progressReports.graduatePlaces"), value: number(input.graduatePlacesFilled) },
          { key: t("progressReports.gfaCompleted"), value: t("progressReports.squareMetres", { value: number(input.gfaCompletedM2) }) },
          { key: t("progressReports.gfaLet"), value: t("progressReports.squareMetres", { value: number(input.gfaLetM2) }) },
          { key: t("progressReports.narrative"), value: input.narrative || t("progressReports.form.none") },
          { key: t("progressReports.documents"), value: documents.length ? documents.map((d) => d.fileName).join("\n") : t("progressReports.form.none") },
        ]}
      />
      <p>{t("progressReports.form.declaration")}</p>
      <Form method="post" className="flex flex-wrap items-center gap-4">
        <HiddenAnswers input={input} documents={documents} />
        <button type="submit" name="intent" value="submit" className="rounded bg-park-700 px-4 py-2 font-medium text-white hover:bg-park-800">{t("progressReports.form.submit")}</button>
        <button type="submit" name="intent" value="change" className="text-park-700 underline">{t("progressReports.form.change")}</button>
      </Form>
    </div>
  );
}

export default function ReportProgress() {
  const { t } = useTranslation();
  const day = useDayText();
  const { development, dates, due, promisedGfaM2, openMilestones, latest } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as Answer | undefined;
  const [form, fields] = useForm<ReportFields, ProgressReportInput>({
    lastResult: answer?.step === "form" ? answer.result : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: progressReportSchema }) as never,
    ...VALIDATE_ON_SUBMIT,
    defaultValue: {
      dueOn: due ?? undefined,
      investmentSpentHkd: latest?.investmentSpentHkd,
      researchPostsFilled: latest?.researchPostsFilled.toString(),
      graduatePlacesFilled: latest?.graduatePlacesFilled.toString(),
      gfaCompletedM2: latest?.gfaCompletedM2.toString(),
      gfaLetM2: latest?.gfaLetM2.toString(),
    },
  });
  if (answer?.step === "check") return <CheckAnswers input={answer.input} documents={answer.documents} />;
  const reached = fields.reached.getFieldset();
  const kept = answer?.step === "form" ? answer.kept : [];
  const documentsId = `${form.id}-documents`;
  const documentErrors = form.allErrors.documents;
  return (
    <div className="max-w-3xl space-y-6">
      <p><Link to={`/developments/${development.id}/reports`} className="text-park-700 underline">{t("progressReports.plot", { plot: development.plot })}</Link></p>
      <h1 className="text-3xl font-semibold">{t("progressReports.form.title")}</h1>
      {dates.length === 0 ? (
        <p className="rounded border border-slate-400 bg-slate-50 p-3">{t("progressReports.form.nothing")}</p>
      ) : (
        <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="space-y-6">
          <ErrorSummary form={form} />
          <input type="hidden" name="intent" value="check" />
          <fieldset className="space-y-1" aria-describedby={`${fields.dueOn.id}-hint`}>
            <legend className="font-medium">{t("progressReports.form.dueOn")}</legend>
            <p id={`${fields.dueOn.id}-hint`} className="text-sm text-slate-700">{t("progressReports.form.dueOnHint")}</p>
            {dates.map((date, i) => (
              <label key={date} className="flex items-center gap-2">
                <input type="radio" name={fields.dueOn.name} value={date} id={i === 0 ? fields.dueOn.id : undefined} defaultChecked={(fields.dueOn.initialValue ?? due) === date} />
                {day(date)}
              </label>
            ))}
            <FieldErrors id={fields.dueOn.errorId} errors={fields.dueOn.errors} />
          </fieldset>
          {openMilestones.length ? (
            <fieldset className="space-y-3" aria-describedby={`${form.id}-reached-hint`}>
              <legend className="font-medium">{t("progressReports.form.reachedTitle")}</legend>
              <p id={`${form.id}-reached-hint`} className="text-sm text-slate-700">{t("progressReports.form.reachedHint")}</p>
              {openMilestones.map((m) => {
                const field = reached[m.kind as (typeof MILESTONE_KINDS)[number]];
                return (
                  <div key={m.kind} className="space-y-1">
                    <label htmlFor={field.id} className="block">{t("progressReports.form.reachedDue", { milestone: t(`progressReports.milestone.${m.kind}`), dueBy: day(m.dueBy) })}</label>
                    <input {...getInputProps(field, { type: "date" })} key={field.key} className="rounded border border-slate-500 px-3 py-2 aria-invalid:border-red-700" />
                    <FieldErrors id={field.errorId} errors={field.errors} />
                  </div>
                );
              })}
            </fieldset>
          ) : null}
          <Field field={fields.investmentSpentHkd} label={t("progressReports.form.investment")} hint={t("progressReports.form.investmentHint")} />
          <Field field={fields.researchPostsFilled} label={t("progressReports.form.researchPosts")} />
          <Field field={fields.graduatePlacesFilled} label={t("progressReports.form.graduatePlaces")} />
          <Field field={fields.gfaCompletedM2} label={t("progressReports.form.gfaCompleted")} hint={t("progressReports.form.gfaCompletedHint", { promised: promisedGfaM2 })} />
          <Field field={fields.gfaLetM2} label={t("progressReports.form.gfaLet")} hint={t("progressReports.form.gfaLetHint")} />
          <div className="space-y-1">
            <label htmlFor={fields.narrative.id} className="block font-medium">{t("progressReports.form.narrative")}</label>
            <textarea {...getTextareaProps(fields.narrative)} rows={6} className="w-full rounded border border-slate-500 px-3 py-2 aria-invalid:border-red-700" />
            <FieldErrors id={fields.narrative.errorId} errors={fields.narrative.errors} />
          </div>
          {kept.length ? (
            <div className="space-y-1">
              <p className="font-medium">{t("progressReports.form.kept")}</p>
              <ul className="list-disc pl-6">
                {kept.map((d, i) => (
                  <li key={d.key}>
                    {d.fileName}
                    <input type="hidden" name={`kept[${i}].key`} value={d.key} />
                    <input type="hidden" name={`kept[${i}].fileName`} value={d.fileName} />
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <div className="space-y-1">
            <label htmlFor={documentsId} className="block font-medium">{t("progressReports.form.documents")}</label>
            <p id={`${documentsId}-hint`} className="text-sm text-slate-700">{t("progressReports.form.documentsHint")}</p>
            <FileInput
              multiple
              id={documentsId}
              name="documents"
              accept=".pdf,.docx,.xlsx,.zip,.png,.jpg,.jpeg"
              aria-describedby={`${documentsId}-hint${documentErrors?.length ? ` ${documentsId}-error` : ""}`}
              aria-invalid={documentErrors?.length ? true : undefined}
            />
            <FieldErrors id={`${documentsId}-error`} errors={documentErrors} />
          </div>
          <SubmitButton>{t("progressReports.form.continue")}</SubmitButton>
        </Form>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
