import { getFormProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/web/require.server.ts";
import { GeneralErrorBoundary, notFound } from "~/web/error-boundary.tsx";
import { VALIDATE_ON_SUBMIT, SubmitButton } from "~/platform/ui/forms.tsx";
import { PlotForm } from "~/plots/components/plot-form.tsx";
import { ErrorSummary, FieldErrors } from "~/platform/ui/error-summary.tsx";
import { fieldErrorsOf, problemsOf, type Problem } from "~/platform/ui/problems.ts";
import { useReleaseTitle } from "~/releases/components/release-summary.tsx";
import { SitePlan } from "~/plots/components/site-plan.tsx";
import { readForm } from "~/web/forms.server.ts";
import { pageTitle } from "~/web/meta.ts";
import { whenRefused } from "~/web/refusals.server.ts";
import { retirePlot, updatePlot } from "~/plots/inventory.server.ts";
import { drawSitePlan, getInventoryPlot } from "~/plots/plots.server.ts";
import { plotFieldsSchema, retirePlotSchema } from "~/plots/schemas.ts";
import { listPhases } from "~/releases/releases.server.ts";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, "plot.viewPlot", { code: args.data?.plot.code });

async function findPlot(code: string | undefined) {
  const plot = await getInventoryPlot(code);
  if (!plot) throw notFound();
  return plot;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "inventory:manage");
  const plot = await findPlot(params.code);
  const [sitePlan, phases] = await Promise.all([drawSitePlan(plot.code), listPhases()]);
  return { plot, sitePlan, phases };
}

/** Which form the reply is for: the plot's fields, or its retirement. */
type ActionResult = { form: "plot" | "retire"; result: SubmissionResult<Problem[]> };

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "inventory:manage");
  const plot = await findPlot(params.code);
  const form = await readForm(request);
  if (form.get("intent") === "retire") {
    const submission = parseWithZod(form, { schema: retirePlotSchema, formatError: problemsOf });
    if (submission.status !== "success") return data<ActionResult>({ form: "retire", result: submission.reply() }, { status: 400 });
    try {
      await retirePlot(admin, plot.code, submission.value.reason);
    } catch (error) {
      return whenRefused(error, ({ code, status }) => data<ActionResult>({ form: "retire", result: submission.reply({ formErrors: [{ key: code }] }) }, { status }));
    }
    return redirect(`/admin/plots/${plot.code}?retired=1`);
  }
  // A plot keeps its code: the page's, whatever the form says.
  form.set("code", plot.code);
  const submission = parseWithZod(form, { schema: plotFieldsSchema, formatError: problemsOf });
  if (submission.status !== "success") return data<ActionResult>({ form: "plot", result: submission.reply() }, { status: 400 });
  try {
    const outcome = await updatePlot(admin, plot.code, submission.value);
    if (outcome.status === "invalid") return data<ActionResult>({ form: "plot", result: submission.reply({ fieldErrors: fieldErrorsOf(outcome.problems) }) }, { status: 400 });
  } catch (error) {
    return whenRefused(error, ({ code, status }) => data<ActionResult>({ form: "plot", result: submission.reply({ formErrors: [{ key: code }] }) }, { status }));
  }
  return redirect(`/admin/plots/${plot.code}?saved=1`);
}

export default function EditPlot() {
  const { t } = useTranslation();
  const { plot, sitePlan, phases } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { phaseName } = useReleaseTitle();
  const editable = plot.state === "inventory";
  const stored = { code: plot.code, phase: plot.phase.code, maxGfaM2: String(plot.maxGfaM2), permittedUses: plot.permittedUses, polygon: JSON.stringify(plot.polygon) };
  return (
    <div className="space-y-8">
      <h1 className="text-3xl font-semibold">{t("plot.viewPlot", { code: plot.code })}</h1>
      {searchParams.get("saved") ? <p role="status">{t("inventory.saved")}</p> : null}
      {searchParams.get("retired") ? <p role="status">{t("inventory.retired")}</p> : null}
      <p>{t("plot.state")}{t("format.colon")}{t(`plotState.${plot.state}`)}</p>
      <SitePlan title={t("plot.location")} highlight={plot.code} plan={sitePlan} emphasise={(code) => code === plot.code} linkTo={(code) => `/admin/plots/${code}`} />
      {editable ? (
        <>
          <section aria-labelledby="edit-heading" className="max-w-2xl space-y-4">
            <h2 id="edit-heading" className="text-2xl font-semibold">{t("inventory.edit")}</h2>
            <PlotForm key={plot.code} lastResult={result?.form === "plot" ? result.result : undefined} defaultValue={stored} phases={phases.map((p) => ({ code: p.code, name: phaseName(p) }))} codeFixed submitLabel={t("inventory.save")} />
          </section>
          <section aria-labelledby="retire-heading" className="max-w-2xl space-y-4">
            <h2 id="retire-heading" className="text-2xl font-semibold">{t("inventory.retire")}</h2>
            <RetireForm key={plot.code} lastResult={result?.form === "retire" ? result.result : undefined} />
          </section>
        </>
      ) : (
        <>
          {/* A refusal because the plot left the inventory meanwhile: the forms that would show it are gone. */}
          <ErrorSummary items={result?.result.error?.[""]?.map((message) => ({ message }))} />
          <p>{t("inventory.notEditable")}</p>
        </>
      )}
    </div>
  );
}

/** Retiring the plot, with the reason on record. */
function RetireForm({ lastResult }: { lastResult: SubmissionResult<Problem[]> | undefined }) {
  const { t } = useTranslation();
  const [form, fields] = useForm({
    // The reason's id (retire-reason) comes from it.
    id: "retire",
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: retirePlotSchema, formatError: problemsOf }),
    ...VALIDATE_ON_SUBMIT,
  });
  const reason = getTextareaProps(fields.reason);
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3">
      <ErrorSummary form={form} />
      <input type="hidden" name="intent" value="retire" />
      <label htmlFor={fields.reason.id} className="block font-medium">{t("inventory.reason")}</label>
      <textarea {...reason} key={reason.key} rows={3} className="w-full rounded border border-slate-500 px-3 py-2" />
      <FieldErrors id={fields.reason.errorId} errors={fields.reason.errors} />
      <SubmitButton>{t("inventory.retireSubmit")}</SubmitButton>
    </Form>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
