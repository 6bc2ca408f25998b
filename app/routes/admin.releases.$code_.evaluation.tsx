import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ErrorSummary } from "~/platform/ui/error-summary.tsx";
import { useTranslation } from "react-i18next";
import { Code } from "~/platform/ui/code.tsx";
import { z } from "zod";
import { requirePermission } from "~/web/require.server.ts";
import { MAIN_ACTION } from "~/platform/ui/confirm-step.tsx";
import { GeneralErrorBoundary, notFound } from "~/web/error-boundary.tsx";
import { EvaluationRecordLinks } from "~/evaluation/components/evaluation-records.tsx";
import { EvaluationStages } from "~/evaluation/components/evaluation-stages.tsx";
import { stageFacts } from "~/evaluation/stages.server.ts";
import { RankingTable } from "~/evaluation/components/ranking-table.tsx";
import { useReleaseTitle } from "~/releases/components/release-summary.tsx";
import { formPanel, releaseForPanel, staffEvaluators } from "~/evaluation/panel.server.ts";
import { rankingRows, releaseRanking } from "~/evaluation/ranking-data.server.ts";
import { readForm } from "~/web/forms.server.ts";
import { pageTitle } from "~/web/meta.ts";
import { whenRefused } from "~/web/refusals.server.ts";
import { releaseCodeSchema } from "~/releases/schemas.ts";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, "panel.adminTitle", { code: args.data?.release.code });

async function findRelease(code: string | undefined) {
  const parsed = releaseCodeSchema.safeParse(code);
  const release = parsed.success ? await releaseForPanel(parsed.data) : null;
  if (!release) throw notFound();
  return release;
}

/** Administrators form the panel of a release and publish its results. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "panels:manage");
  const release = await findRelease(params.code);
  const evaluators = await staffEvaluators();
  const [ranking, facts] = await Promise.all([releaseRanking(release.code), stageFacts(release.code)]);
  return {
    facts: facts!,
    release: { code: release.code, titleEn: release.titleEn, titleZhHant: release.titleZhHant, state: release.state, submissionDeadline: release.submissionDeadline },
    evaluation: release.evaluation,
    panel: release.panel.map((m) => ({ userId: m.userId, role: m.role, name: m.user.name })),
    evaluators,
    rows: ranking ? await rankingRows(release.code, ranking) : null,
    financialOpen: ranking?.financialOpen ?? false,
  };
}

const panelSchema = z.object({ chairId: z.uuid({ error: "panel.errors.chooseChair" }), evaluatorIds: z.array(z.uuid()).min(1, { error: "evaluation.errors.noEvaluators" }) });

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "panels:manage");
  const release = await findRelease(params.code);
  const form = await readForm(request);
  try {
    if (form.get("intent") === "panel") {
      const parsed = panelSchema.safeParse({ chairId: form.get("chairId"), evaluatorIds: form.getAll("evaluatorIds") });
      if (!parsed.success) return data({ problem: parsed.error.issues[0]!.message }, { status: 400 });
      await formPanel(admin, release.code, parsed.data);
      return redirect(`/admin/releases/${release.code}/evaluation?panel=1`);
    }
  } catch (error) {
    return whenRefused(error, ({ code, status }) => data({ problem: code }, { status }));
  }
  return data({ problem: "errors.required" }, { status: 400 });
}

export default function AdminEvaluation() {
  const { t } = useTranslation();
  const { facts, release, evaluation, panel, evaluators, rows, financialOpen } = useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { title } = useReleaseTitle();
  const chair = panel.find((m) => m.role === "chair");
  const opened = Boolean(evaluation?.technicalOpenedAt);
  return (
    <div className="space-y-8">
      <section>
        <p className="text-sm text-slate-700"><Code mono>{release.code}</Code></p>
        <h1 className="text-3xl font-semibold">{t("panel.adminHeading", { title: title(release) })}</h1>
        <p className="mt-2"><Link to={`/admin/releases/${release.code}`} className="text-park-700 underline">{t("panel.backToRelease")}</Link></p>
        {searchParams.get("panel") ? <p role="status" className="mt-2 text-park-800">{t("panel.formed")}</p> : null}
        {searchParams.get("chair") ? <p role="status" className="mt-2 text-park-800">{t("chair.change.done")}</p> : null}
        {searchParams.get("published") ? <p role="status" className="mt-2 text-park-800">{t("panel.published")}</p> : null}
        <ErrorSummary items={refused?.problem ? [{ message: refused.problem }] : undefined} />
      </section>
      <EvaluationStages
        facts={facts}
        actions={{
          panel: <a href="#panel-heading" className="text-park-700 underline">{t("panel.heading")}</a>,
          // Publishing goes through its confirmation page: the link is the page's main button.
          results: <Link to={`/admin/releases/${release.code}/publish-results`} className={MAIN_ACTION}>{t("panel.publish")}</Link>,
        }}
      />
      {opened ? <EvaluationRecordLinks code={release.code} /> : null}
      <section aria-labelledby="panel-heading" className="space-y-3">
        <h2 id="panel-heading" className="text-2xl font-semibold">{t("panel.heading")}</h2>
        {panel.length ? (
          <p>{t("panel.current", { chair: chair?.name ?? "—", evaluators: panel.filter((m) => m.role === "evaluator").map((m) => m.name).join(t("format.listSeparator")) })}</p>
        ) : (
          <p>{t("panel.none")}</p>
        )}
        {chair && !evaluation?.resultsPublishedAt ? (
          <p><Link to={`/admin/releases/${release.code}/chair`} className="text-park-700 underline">{t("chair.change.link")}</Link></p>
        ) : null}
        {opened ? (
          <p>{t("panel.fixedAfterOpening")}</p>
        ) : (
          <Form method="post" className="space-y-3">
            <input type="hidden" name="intent" value="panel" />
            <div>
              <label htmlFor="chairId" className="block font-medium">{t("panel.chair")}</label>
              <select id="chairId" name="chairId" defaultValue={chair?.userId ?? ""} className="w-full max-w-full rounded border border-slate-500 px-3 py-2 sm:w-auto">
                <option value="">{t("organisations.choose")}</option>
                {evaluators.map((e) => <option key={e.id} value={e.id}>{e.name} ({e.email})</option>)}
              </select>
            </div>
            <fieldset>
              <legend className="font-medium">{t("panel.evaluators")}</legend>
              {evaluators.map((e) => (
                <label key={e.id} className="flex items-start gap-2">
                  <input type="checkbox" name="evaluatorIds" value={e.id} defaultChecked={panel.some((m) => m.userId === e.id && m.role === "evaluator")} className="mt-1.5" />
                  {/* An email address has no spaces: on a phone it may wrap anywhere rather than widen the page. */}
                  <span className="min-w-0 [overflow-wrap:anywhere]">{e.name} ({e.email})</span>
                </label>
              ))}
            </fieldset>
            <button type="submit" className="rounded bg-park-700 px-4 py-2 font-medium text-white hover:bg-park-800">{t("panel.save")}</button>
          </Form>
        )}
      </section>
      {rows ? (
        <section aria-labelledby="ranking-heading" className="space-y-3">
          <h2 id="ranking-heading" className="text-2xl font-semibold">{t("ranking.heading")}</h2>
          <RankingTable rows={rows} financialOpen={financialOpen} />
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
