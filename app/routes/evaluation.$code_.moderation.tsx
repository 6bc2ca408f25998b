import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ErrorSummary } from "~/platform/ui/error-summary.tsx";
import { useTranslation } from "react-i18next";
import { Code } from "~/platform/ui/code.tsx";
import { DataTable } from "~/platform/ui/data-table.tsx";
import { z } from "zod";
import { requirePermission } from "~/web/require.server.ts";
import { GeneralErrorBoundary, notFound } from "~/web/error-boundary.tsx";
import { RankingTable } from "~/evaluation/components/ranking-table.tsx";
import { EvaluatorSpreadChart, ScoreDistribution } from "~/evaluation/components/score-charts.tsx";
import { parseWithZod } from "@conform-to/zod/v4";
import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { DecisionForm } from "~/evaluation/components/decision-form.tsx";
import { ModerationForms } from "~/evaluation/components/moderation-forms.tsx";
import { proposeDecision } from "~/evaluation/decisions.server.ts";
import { decisionSchema, fieldOf } from "~/evaluation/schemas.ts";
import { problemsOf } from "~/platform/ui/problems.ts";
import { moderateScore, moderationView } from "~/evaluation/moderation.server.ts";
import { panelRelease } from "~/evaluation/panel.server.ts";
import { formatScore } from "~/evaluation/ranking.ts";
import { readForm } from "~/web/forms.server.ts";
import { languageOrDefault, pick } from "~/platform/i18n/i18n.ts";
import { pageTitle } from "~/web/meta.ts";
import { whenRefused } from "~/web/refusals.server.ts";
import { releaseCodeSchema } from "~/releases/schemas.ts";
import { refuseHiddenCharacters } from "~/platform/plain-text.ts";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, "moderation.title", { code: args.data?.code });

async function findChair(request: Request, code: string | undefined) {
  const user = await requirePermission(request, "evaluation:take-part");
  const parsed = releaseCodeSchema.safeParse(code);
  const found = parsed.success ? await panelRelease(user.id, parsed.data) : null;
  if (!found || found.role !== "chair") throw notFound();
  return { user, release: found.release };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "evaluation:take-part");
  const parsed = releaseCodeSchema.safeParse(params.code);
  const view = parsed.success ? await moderationView(user, parsed.data) : null;
  if (!view) throw notFound();
  return {
    code: view.release.code,
    evaluation: view.release.evaluation,
    proposals: view.proposals,
    rows: view.rows,
    financialOpen: view.financialOpen,
    declared: view.sight?.declared ?? true,
    conflictedPlots: view.sight ? [...view.sight.conflictedPlots] : [],
  };
}

const moderationSchema = z.object({ proposalId: z.uuid(), criterionId: z.uuid(), score: z.coerce.number().min(0).max(1_000), reason: z.string().trim().min(3, { error: "evaluation.errors.reasonRequired" }).max(2_000).superRefine(refuseHiddenCharacters("moderationReason")) });

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, release } = await findChair(request, params.code);
  const form = await readForm(request);
  try {
    if (form.get("intent") === "moderate") {
      const parsed = moderationSchema.safeParse(Object.fromEntries(form));
      if (!parsed.success) return data({ problem: parsed.error.issues[0]!.message.includes(".") ? parsed.error.issues[0]!.message : "evaluation.errors.scoreRange" }, { status: 400 });
      await moderateScore(user, parsed.data.proposalId, parsed.data.criterionId, parsed.data.score, parsed.data.reason);
      return redirect(`/evaluation/${release.code}/moderation?moderated=1#p-${parsed.data.proposalId}`);
    }
    if (form.get("intent") === "decide") return await decide(user, release.code, form);
  } catch (error) {
    return whenRefused(error, ({ code, status }) => data({ problem: code }, { status }));
  }
  return data({ problem: "errors.required" }, { status: 400 });
}

/** The chair's decision on one proposal; a refusal comes back to that proposal's form, with what was typed. */
async function decide(user: CurrentUser, code: string, form: FormData) {
  const submission = parseWithZod(form, { schema: decisionSchema, formatError: problemsOf });
  const proposalId = String(form.get("proposalId") ?? "");
  if (submission.status !== "success") return data({ decision: { proposalId, result: submission.reply() } }, { status: 400 });
  try {
    await proposeDecision(user, submission.value.proposalId, { outcome: submission.value.outcome, reason: submission.value.reason, noteEn: submission.value.noteEn ?? null, noteZhHant: submission.value.noteZhHant ?? null });
  } catch (error) {
    return whenRefused(error, ({ code: problem, status }) =>
      data({ decision: { proposalId, result: submission.reply({ fieldErrors: { [fieldOf(problem, submission.value.noteEn)]: [{ key: problem }] } }) } }, { status }),
    );
  }
  return redirect(`/evaluation/${code}/moderation?decided=1#ranking`);
}

export default function Moderation() {
  const { t, i18n } = useTranslation();
  const { code, evaluation, proposals, rows, financialOpen, declared, conflictedPlots } = useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const language = languageOrDefault(i18n.language);
  const name = (c: { nameEn: string; nameZhHant: string }) => pick(language, { en: c.nameEn, zhHant: c.nameZhHant });
  const moderating = Boolean(evaluation?.technicalOpenedAt) && !evaluation?.financialOpenedAt;
  const deciding = Boolean(evaluation?.financialOpenedAt) && !evaluation?.resultsPublishedAt;
  const first = proposals[0];
  const distribution = first
    ? first.criteria.map((c, i) => ({ name: name(c), maxScore: c.maxScore, scores: proposals.flatMap((p) => p.criteria[i]!.scores.map((s) => s.score)) }))
    : [];
  const byEvaluator = new Map<string, number[]>();
  for (const p of proposals) for (const c of p.criteria) for (const s of c.scores) byEvaluator.set(s.evaluator, [...(byEvaluator.get(s.evaluator) ?? []), s.score / c.maxScore]);
  return (
    <div className="space-y-10">
      <section className="space-y-2">
        <p className="text-sm text-slate-700"><Code mono>{code}</Code></p>
        <h1 className="text-3xl font-semibold">{t("moderation.heading")}</h1>
        <p><Link to={`/evaluation/${code}`} className="text-park-700 underline">{t("evaluation.backToRelease")}</Link></p>
        {["moderated", "decided", "financial"].map((flag) => (searchParams.get(flag) ? <p key={flag} role="status" className="text-park-800">{t(`moderation.done.${flag}`)}</p> : null))}
        <ErrorSummary items={refused && "problem" in refused ? [{ message: refused.problem }] : undefined} />
        {!declared ? <p role="note" className="rounded border border-amber-700 bg-amber-50 p-3">{t("chair.declareFirst")} <Link to={`/evaluation/${code}`} className="text-park-700 underline">{t("chair.declarationsHeading")}</Link></p> : null}
        {conflictedPlots.length ? <p role="note" className="rounded border border-amber-700 bg-amber-50 p-3">{t("chair.plotsHidden", { plots: conflictedPlots.join(t("format.listSeparator")) })}</p> : null}
      </section>

      {proposals.length ? (
        <section aria-labelledby="charts-heading" className="space-y-4">
          <h2 id="charts-heading" className="text-2xl font-semibold">{t("charts.heading")}</h2>
          <ScoreDistribution criteria={distribution} title={t("charts.distribution")} />
          <EvaluatorSpreadChart evaluators={[...byEvaluator.entries()].map(([evaluator, shares]) => ({ evaluator, shares }))} title={t("charts.spread")} />
        </section>
      ) : null}

      <section id="ranking" aria-labelledby="ranking-heading" className="space-y-3">
        <h2 id="ranking-heading" className="text-2xl font-semibold">{t("ranking.heading")}</h2>
        {/* Before the technical opening there is nothing to rank: say so, not an empty table. */}
        {evaluation?.technicalOpenedAt ? (
          <>
            <p>{financialOpen ? t("ranking.explainOpen") : t("ranking.explainSealed")}</p>
            <RankingTable rows={rows} financialOpen={financialOpen} link={(row) => `#p-${row.proposalId}`} />
          </>
        ) : (
          <p role="note" className="rounded border border-slate-500 bg-slate-100 p-3">{t("moderation.notOpened")}</p>
        )}
        {deciding ? (
          <div className="space-y-3">
            <h3 className="text-xl font-semibold">{t("moderation.decisions")}</h3>
            {rows.map((row) => (
              <DecisionForm key={row.proposalId} row={row} lastResult={refused && "decision" in refused && refused.decision.proposalId === row.proposalId ? refused.decision.result : undefined} />
            ))}
          </div>
        ) : null}
      </section>

      {proposals.length ? (
      <section aria-labelledby="matrix-heading" className="space-y-6">
        <h2 id="matrix-heading" className="text-2xl font-semibold">{t("moderation.matrix")}</h2>
        {proposals.map((p) => {
          const evaluators = [...new Set(p.criteria.flatMap((c) => c.scores.map((s) => s.evaluator)))].sort();
          return (
            <article key={p.proposalId} id={`p-${p.proposalId}`} aria-labelledby={`h-${p.proposalId}`} className="space-y-2 rounded border border-slate-300 p-4">
              <h3 id={`h-${p.proposalId}`} className="text-xl font-semibold"><Code>{p.plot}</Code> · {p.organisation}</h3>
              {/* Each sentence on its own line: joined by a separator, a Chinese full stop would meet it ("。 ·"). */}
              <div className="space-y-1 text-sm">
                <p>{t("moderation.progress", { submitted: p.submittedCount, eligible: p.eligibleEvaluators })}</p>
                {p.declarations.filter((d) => d.conflicted).map((d) => <p key={d.evaluator}>{t("moderation.conflict", { evaluator: d.evaluator, statement: d.statement })}</p>)}
              </div>
              {p.belowMinimum ? <p role="alert" className="text-red-800">{t("moderation.belowMinimum", { count: p.eligibleEvaluators })}</p> : null}
              <DataTable
                label={t("moderation.matrixCaption", { organisation: p.organisation })}
                columns={[
                  { label: t("evaluation.criterion") },
                  // A name is not broken at its hyphen ("Wong Ka-" / "yan"): each evaluator's column is headed by their whole name.
                  ...evaluators.map((e) => ({ label: <span className="whitespace-nowrap">{e}</span>, numeric: true })),
                  { label: t("moderation.mean"), numeric: true },
                  { label: t("moderation.spread"), numeric: true },
                  { label: t("moderation.moderated") },
                ]}
              >
                    {p.criteria.map((c) => (
                      <tr key={c.criterionId} className={`border-b border-slate-200 align-top ${c.wide ? "bg-amber-50" : ""}`}>
                        <th scope="row" className="p-2 font-medium">{t("moderation.criterionOutOf", { name: name(c), max: c.maxScore })}</th>
                        {evaluators.map((e) => {
                          const s = c.scores.find((x) => x.evaluator === e);
                          return <td key={e} className="p-2 text-right" title={s?.comment || undefined}>{s ? s.score : "—"}</td>;
                        })}
                        <td className="p-2 text-right">{c.mean === null ? "—" : formatScore(c.mean)}</td>
                        <td className="p-2 text-right">{c.spread}{c.wide ? ` · ${t("moderation.wide")}` : ""}</td>
                        <td className="p-2">{c.moderated ? `${formatScore(c.moderated.score)}${t("format.colon")}${c.moderated.reason}` : "—"}</td>
                      </tr>
                    ))}
              </DataTable>
              {moderating ? <ModerationForms proposalId={p.proposalId} criteria={p.criteria} /> : null}
            </article>
          );
        })}
      </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
