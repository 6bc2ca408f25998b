import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { useDayText } from "~/developments/components/progress-section.tsx";
import { ReportDetails } from "~/developments/components/report-details.tsx";
import { reviewReportSchema } from "~/developments/report-schemas.ts";
import { reportForReader, reviewProgressReport } from "~/developments/reports.server.ts";
import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { Unbroken } from "~/platform/ui/code.tsx";
import { MAIN_ACTION } from "~/platform/ui/confirm-step.tsx";
import { ErrorSummary, FieldErrors } from "~/platform/ui/error-summary.tsx";
import { SubmitButton, VALIDATE_ON_SUBMIT } from "~/platform/ui/forms.tsx";
import { GeneralErrorBoundary, notFound } from "~/web/error-boundary.tsx";
import { readForm, refused } from "~/web/forms.server.ts";
import { pageTitle } from "~/web/meta.ts";
import { whenRefused } from "~/web/refusals.server.ts";
import { requirePermission } from "~/web/require.server.ts";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, "progressReports.admin.title", { dueOn: args.data?.report.dueOn });

async function reportOf(admin: CurrentUser, params: { id?: string; reportId?: string }) {
  const ids = z.object({ id: z.uuid(), reportId: z.uuid() }).safeParse(params);
  const report = ids.success ? await reportForReader(admin, ids.data.id, ids.data.reportId) : null;
  if (!report) throw notFound();
  return report;
}

/** An administrator reads a progress report, then verifies it (on its confirmation page) or queries it. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requirePermission(request, "progress:verify");
  return { report: await reportOf(admin, params) };
}

/** Querying: the note is required; the awardee is emailed it and reports again for that date. */
export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "progress:verify");
  const report = await reportOf(admin, params);
  const submission = parseWithZod(await readForm(request), { schema: reviewReportSchema });
  if (submission.status !== "success") return refused(submission.reply());
  try {
    await reviewProgressReport(admin, report.developmentId, report.id, { decision: "query", note: submission.value.note });
  } catch (error) {
    return whenRefused(error, ({ code, status }) => refused(submission.reply({ formErrors: [code] }), status));
  }
  return redirect(`/admin/developments/${report.developmentId}/reports/${report.id}?reviewed=queried`);
}

export default function ReviewProgressReport() {
  const { t } = useTranslation();
  const day = useDayText();
  const { report } = useLoaderData<typeof loader>();
  const [search] = useSearchParams();
  const reviewed = search.get("reviewed");
  const [form, fields] = useForm({
    lastResult: useActionData<typeof action>(),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: reviewReportSchema }),
    ...VALIDATE_ON_SUBMIT,
  });
  const base = `/admin/developments/${report.developmentId}/reports/${report.id}`;
  return (
    <div className="max-w-4xl space-y-6">
      <p><Link to={`/developments/${report.developmentId}/reports`} className="text-park-700 underline">{t("progressReports.plot", { plot: report.plot })}</Link>{t("format.listSeparator")}{report.organisation}</p>
      <h1 className="text-3xl font-semibold"><Unbroken text={t("progressReports.admin.title", { dueOn: day(report.dueOn) })} /></h1>
      {reviewed === "queried" || reviewed === "verified" ? <p role="status" className="rounded border-2 border-park-700 bg-park-50 p-3">{t(`progressReports.admin.${reviewed}`)}</p> : null}
      <ReportDetails report={report} documentHref={(documentId) => `/developments/${report.developmentId}/reports/${report.id}/documents/${documentId}`} />
      {report.state === "submitted" ? (
        <>
          <Link to={`${base}/verify`} className={MAIN_ACTION}>{t("progressReports.admin.verify")}</Link>
          <Form method="post" {...getFormProps(form)} className="space-y-4">
            <h2 className="text-2xl font-semibold">{t("progressReports.admin.query")}</h2>
            <ErrorSummary form={form} />
            <div className="space-y-1">
              <label htmlFor={fields.note.id} className="block font-medium">{t("progressReports.admin.queryNote")}</label>
              <p id={`${fields.note.id}-hint`} className="text-sm text-slate-700">{t("progressReports.admin.queryNoteHint")}</p>
              <textarea {...getTextareaProps(fields.note, { ariaDescribedBy: `${fields.note.id}-hint` })} rows={5} className="w-full rounded border border-slate-500 px-3 py-2 aria-invalid:border-red-700" />
              <FieldErrors id={fields.note.errorId} errors={fields.note.errors} />
            </div>
            <SubmitButton secondary>{t("progressReports.admin.query")}</SubmitButton>
          </Form>
        </>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
