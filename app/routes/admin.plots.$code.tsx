import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requirePermission } from "~/accounts/sessions.server.ts";
import { GeneralErrorBoundary, notFound } from "~/web/error-boundary.tsx";
import { SubmitButton } from "~/platform/ui/forms.tsx";
import { PlotForm, plotFormValues, type PlotFormValues } from "~/plots/components/plot-form.tsx";
import { ProblemList } from "~/platform/ui/problem-list.tsx";
import { useReleaseTitle } from "~/releases/components/release-summary.tsx";
import { SitePlan } from "~/plots/components/site-plan.tsx";
import { db } from "~/platform/database/db.server.ts";
import { readForm } from "~/web/forms.server.ts";
import { pageTitle } from "~/web/meta.ts";
import { DomainError } from "~/platform/domain-error.ts";
import { plotFieldsSchema, retirePlot, updatePlot, type PlotProblem } from "~/plots/inventory.server.ts";
import { plotCodeSchema, drawSitePlan } from "~/plots/plots.server.ts";
import { listPhases } from "~/releases/releases.server.ts";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, "plot.viewPlot", { code: args.data?.plot.code });

async function findPlot(code: string | undefined) {
  const parsed = plotCodeSchema.safeParse(code);
  const plot = parsed.success ? await db().plot.findUnique({ where: { code: parsed.data }, include: { phase: { select: { code: true } } } }) : null;
  if (!plot) throw notFound();
  return plot;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "inventory:manage");
  const plot = await findPlot(params.code);
  const [sitePlan, phases] = await Promise.all([drawSitePlan(plot.code), listPhases()]);
  return { plot, sitePlan, phases };
}

const retireSchema = z.object({ reason: z.string().trim().min(3).max(500) });

type ActionResult = { values: PlotFormValues; problems: PlotProblem[] } | { retireProblem: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "inventory:manage");
  const plot = await findPlot(params.code);
  const form = await readForm(request);
  try {
    if (form.get("intent") === "retire") {
      const parsed = retireSchema.safeParse(Object.fromEntries(form));
      if (!parsed.success) return data<ActionResult>({ retireProblem: "inventory.errors.reason" }, { status: 400 });
      await retirePlot(admin, plot.code, parsed.data.reason);
      return redirect(`/admin/plots/${plot.code}?retired=1`);
    }
    const values = { ...plotFormValues(form), code: plot.code };
    const parsed = plotFieldsSchema.safeParse(values);
    if (!parsed.success) {
      return data<ActionResult>({ values, problems: parsed.error.issues.map((i) => ({ field: String(i.path[0]) as PlotProblem["field"], key: i.message })) }, { status: 400 });
    }
    const outcome = await updatePlot(admin, plot.code, parsed.data);
    if (outcome.status === "invalid") return data<ActionResult>({ values, problems: outcome.problems }, { status: 400 });
    return redirect(`/admin/plots/${plot.code}?saved=1`);
  } catch (error) {
    if (error instanceof DomainError) return data<ActionResult>({ values: plotFormValues(form), problems: [{ field: "row", key: error.code }] }, { status: 409 });
    throw error;
  }
}

export default function EditPlot() {
  const { t } = useTranslation();
  const { plot, sitePlan, phases } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { phaseName } = useReleaseTitle();
  const editable = plot.state === "inventory";
  const failed = result && "values" in result ? result : undefined;
  const values: PlotFormValues = failed?.values ?? {
    code: plot.code,
    phase: plot.phase.code,
    maxGfaM2: plot.maxGfaM2,
    permittedUses: plot.permittedUses,
    polygon: JSON.stringify(plot.polygon),
  };
  return (
    <div className="space-y-8">
      <h1 className="text-3xl font-semibold">{t("plot.viewPlot", { code: plot.code })}</h1>
      {searchParams.get("saved") ? <p role="status">{t("inventory.saved")}</p> : null}
      {searchParams.get("retired") ? <p role="status">{t("inventory.retired")}</p> : null}
      <p>{t("plot.state")}: {t(`plotState.${plot.state}`)}</p>
      <SitePlan title={t("plot.location")} highlight={plot.code} plan={sitePlan} emphasise={(code) => code === plot.code} linkTo={(code) => `/admin/plots/${code}`} />
      {failed ? <ProblemList problems={failed.problems.filter((p) => p.field === "row")} /> : null}
      {editable ? (
        <>
          <section aria-labelledby="edit-heading" className="max-w-2xl space-y-4">
            <h2 id="edit-heading" className="text-2xl font-semibold">{t("inventory.edit")}</h2>
            <PlotForm values={values} problems={failed?.problems ?? []} phases={phases.map((p) => ({ code: p.code, name: phaseName(p) }))} codeFixed submitLabel={t("inventory.save")} />
          </section>
          <section aria-labelledby="retire-heading" className="max-w-2xl space-y-4">
            <h2 id="retire-heading" className="text-2xl font-semibold">{t("inventory.retire")}</h2>
            <Form method="post" className="space-y-3">
              <input type="hidden" name="intent" value="retire" />
              <label htmlFor="retire-reason" className="block font-medium">{t("inventory.reason")}</label>
              <textarea id="retire-reason" name="reason" rows={3} required minLength={3} maxLength={500} className="w-full rounded border border-slate-500 px-3 py-2" aria-invalid={result && "retireProblem" in result ? true : undefined} />
              {result && "retireProblem" in result ? <p className="text-sm text-red-800">{t(result.retireProblem)}</p> : null}
              <SubmitButton>{t("inventory.retireSubmit")}</SubmitButton>
            </Form>
          </section>
        </>
      ) : (
        <p>{t("inventory.notEditable")}</p>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
