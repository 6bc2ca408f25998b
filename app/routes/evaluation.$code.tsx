import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ErrorSummary } from "~/platform/ui/error-summary.tsx";
import { useTranslation } from "react-i18next";
import { Code } from "~/platform/ui/code.tsx";
import { z } from "zod";
import { requirePermission } from "~/web/require.server.ts";
import { DataTable } from "~/platform/ui/data-table.tsx";
import { Deadline } from "~/platform/ui/deadline.tsx";
import { MAIN_ACTION } from "~/platform/ui/confirm-step.tsx";
import { GeneralErrorBoundary, notFound } from "~/web/error-boundary.tsx";
import { EvaluationRecordLinks } from "~/evaluation/components/evaluation-records.tsx";
import { EvaluationStages } from "~/evaluation/components/evaluation-stages.tsx";
import { stageFacts } from "~/evaluation/stages.server.ts";
import { useReleaseTitle } from "~/releases/components/release-summary.tsx";
import { declareConflict, evaluatorOverview } from "~/evaluation/conflicts.server.ts";
import { panelRelease, setAssignmentMode } from "~/evaluation/panel.server.ts";
import { readForm } from "~/web/forms.server.ts";
import { pageTitle } from "~/web/meta.ts";
import { whenRefused } from "~/web/refusals.server.ts";
import { releaseCodeSchema } from "~/releases/schemas.ts";
import { refuseHiddenCharacters } from "~/platform/plain-text.ts";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, "evaluation.releaseTitle", { code: args.data?.release.code });

async function findPanel(request: Request, code: string | undefined) {
  const user = await requirePermission(request, "evaluation:take-part");
  const parsed = releaseCodeSchema.safeParse(code);
  const found = parsed.success ? await panelRelease(user.id, parsed.data) : null;
  // Not on this release's panel: the evaluation does not exist for them.
  if (!found) throw notFound();
  return { user, ...found };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, release, role } = await findPanel(request, params.code);
  // The chair declares on every bidder too (rule 5: "the chair included").
  const overview = await evaluatorOverview(user, release.code);
  const facts = role === "chair" ? await stageFacts(release.code) : null;
  return {
    release: { code: release.code, titleEn: release.titleEn, titleZhHant: release.titleZhHant, submissionDeadline: release.submissionDeadline },
    evaluation: release.evaluation,
    role,
    evaluators: release.panel.filter((m) => m.role === "evaluator").length,
    rows: overview?.rows ?? [],
    allDeclared: overview?.allDeclared ?? false,
    facts,
    serverNow: new Date(),
  };
}

const declarationSchema = z.object({
  proposalId: z.uuid(),
  conflicted: z.enum(["yes", "no"], { error: "evaluation.errors.chooseDeclaration" }),
  statement: z.string().trim().max(2_000, { error: "errors.tooLong" }).superRefine(refuseHiddenCharacters("conflictStatement")).optional(),
});
const modeSchema = z.object({ mode: z.enum(["all", "balanced"]), minimum: z.coerce.number().int().min(1).max(50) });

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, release } = await findPanel(request, params.code);
  const form = await readForm(request);
  const intent = form.get("intent");
  const back = (flag: string) => redirect(`/evaluation/${release.code}?${flag}=1`);
  try {
    if (intent === "declare") {
      const parsed = declarationSchema.safeParse(Object.fromEntries(form));
      // Refused: the declaration comes back as typed, beside its proposal.
      if (!parsed.success) return data({ problem: parsed.error.issues[0]!.message, proposalId: String(form.get("proposalId") ?? ""), conflicted: String(form.get("conflicted") ?? ""), statement: String(form.get("statement") ?? "") }, { status: 400 });
      await declareConflict(user, parsed.data.proposalId, { conflicted: parsed.data.conflicted === "yes", statement: parsed.data.statement });
      return back("declared");
    }
    if (intent === "mode") {
      const parsed = modeSchema.safeParse(Object.fromEntries(form));
      if (!parsed.success) return data({ problem: "evaluation.errors.minimum", proposalId: "" }, { status: 400 });
      await setAssignmentMode(user, release.code, parsed.data.mode, parsed.data.minimum);
      return back("mode");
    }
  } catch (error) {
    return whenRefused(error, ({ code, status }) => data({ problem: code, proposalId: String(form.get("proposalId") ?? "") }, { status }));
  }
  return data({ problem: "errors.required", proposalId: "" }, { status: 400 });
}

export default function ReleaseEvaluation() {
  const { t } = useTranslation();
  const { release, evaluation, role, evaluators, rows, allDeclared, facts, serverNow } = useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>();
  const typedFor = (proposalId: string) => {
    const typed = refused as { proposalId?: string; conflicted?: string; statement?: string } | undefined;
    return typed?.statement !== undefined && typed.proposalId === proposalId ? typed : undefined;
  };
  const [searchParams] = useSearchParams();
  const { title } = useReleaseTitle();
  const opened = Boolean(evaluation?.technicalOpenedAt);
  const deadlinePassed = new Date(serverNow) >= new Date(release.submissionDeadline);
  return (
    <div className="space-y-8">
      <section className="space-y-2">
        <p className="text-sm text-slate-700"><Code mono>{release.code}</Code></p>
        <h1 className="text-3xl font-semibold">{t("evaluation.releaseHeading", { title: title(release) })}</h1>
        <p>{t(`evaluation.roles.${role}`)}</p>
        <Deadline date={new Date(release.submissionDeadline)} serverNow={new Date(serverNow)} label={t("home.submissionDeadline")} />
        {["declared", "mode", "opened"].map((flag) => (searchParams.get(flag) ? <p key={flag} role="status" className="text-park-800">{t(`evaluation.done.${flag}`)}</p> : null))}
        <ErrorSummary items={refused?.problem ? [{ message: refused.problem, target: typedFor(refused.proposalId) ? `statement-${refused.proposalId}` : undefined }] : undefined} />
      </section>

      {role === "chair" && facts ? (
        <>
          <EvaluationStages
            facts={facts}
            actions={{
              // The irreversible steps go through their confirmation pages: the link is the page's main button.
              technical: <Link to={`/evaluation/${release.code}/open/technical`} className={MAIN_ACTION}>{t("evaluation.openTechnical")}</Link>,
              moderation: <Link to={`/evaluation/${release.code}/moderation`} className="text-park-700 underline">{t("evaluation.moderationLink")}</Link>,
              financial: <Link to={`/evaluation/${release.code}/open/financial`} className={MAIN_ACTION}>{t("evaluation.openFinancial")}</Link>,
              decisions: <Link to={`/evaluation/${release.code}/moderation#ranking`} className="text-park-700 underline">{t("moderation.decisions")}</Link>,
            }}
          />
          <section aria-labelledby="chair-heading" className="space-y-4">
            <h2 id="chair-heading" className="text-2xl font-semibold">{t("evaluation.chairHeading")}</h2>
            {!opened ? (
              <>
                <p>{deadlinePassed ? t("evaluation.readyToOpen") : t("evaluation.sealedUntilDeadline")}</p>
                <p>
                  {t("evaluation.assignment")}{t("format.colon")}{t(`evaluation.modes.${evaluation?.assignmentMode === "balanced" ? "balanced" : "all"}`)}
                </p>
                {/* A setting, not the page's next step: folded away, so the stage's button stays the one main action. */}
                <details className="rounded border border-slate-300 p-3">
                  <summary className="cursor-pointer text-park-700 underline">{t("journeys2.changeAssignment")}</summary>
                  <Form method="post" className="mt-3 space-y-2">
                    <input type="hidden" name="intent" value="mode" />
                    <fieldset>
                      <legend className="font-medium">{t("evaluation.assignment")}</legend>
                      <label className="flex items-center gap-2">
                        <input type="radio" name="mode" value="all" defaultChecked={evaluation?.assignmentMode !== "balanced"} /> {t("evaluation.modes.all")}
                      </label>
                      <label className="flex items-center gap-2">
                        <input type="radio" name="mode" value="balanced" defaultChecked={evaluation?.assignmentMode === "balanced"} /> {t("evaluation.modes.balanced")}
                      </label>
                    </fieldset>
                    <label htmlFor="minimum" className="block font-medium">{t("evaluation.minimum", { count: evaluators })}</label>
                    <input id="minimum" name="minimum" type="number" min={1} max={evaluators} defaultValue={evaluation?.minEvaluatorsPerProposal ?? 2} className="w-24 rounded border border-slate-500 px-3 py-2" />
                    <div>
                      <button type="submit" className="rounded border border-park-700 px-4 py-2 text-park-800">{t("evaluation.saveAssignment")}</button>
                    </div>
                  </Form>
                </details>
              </>
            ) : (
              <div className="space-y-3">
                <p>
                  <Link to={`/evaluation/${release.code}/moderation`} className="text-park-700 underline">{t("evaluation.moderationLink")}</Link>
                </p>
                <EvaluationRecordLinks code={release.code} />
              </div>
            )}
          </section>
        </>
      ) : null}

      {role === "evaluator" || opened ? (
        <section aria-labelledby="assigned-heading" className="space-y-3">
          <h2 id="assigned-heading" className="text-2xl font-semibold">{t(role === "chair" ? "chair.declarationsHeading" : "evaluation.assigned")}</h2>
          {!opened ? <p>{t("evaluation.sealedUntilOpening")}</p> : null}
          {opened && !allDeclared ? <p role="note" className="rounded border border-amber-700 bg-amber-50 p-3">{t(role === "chair" ? "chair.declareFirst" : "evaluation.declareFirst")}</p> : null}
          {rows.length ? (
            <DataTable label={t("evaluation.assigned")} columns={[{ label: t("plot.code") }, { label: t("receipts.organisation") }, { label: t("evaluation.declaration") }, { label: t("evaluation.scores") }]}>
              {rows.map((row) => (
                <tr key={row.proposalId} className="border-b border-slate-200 align-top">
                  <td className="p-2"><Code mono>{row.plot}</Code></td>
                  <td className="p-2">{row.organisation}</td>
                  <td className="p-2">
                    {row.declaration ? (
                      row.declaration.conflicted ? t("evaluation.conflicted") : t("evaluation.noConflict")
                    ) : (
                      <Form method="post" className="space-y-1" key={typedFor(row.proposalId) ? "refused" : "fresh"}>
                        <input type="hidden" name="intent" value="declare" />
                        <input type="hidden" name="proposalId" value={row.proposalId} />
                        <fieldset>
                          <legend className="sr-only">{t("evaluation.declareFor", { organisation: row.organisation })}</legend>
                          <label className="flex items-center gap-2"><input type="radio" name="conflicted" value="no" required defaultChecked={typedFor(row.proposalId)?.conflicted === "no"} /> {t("evaluation.noConflict")}</label>
                          <label className="flex items-center gap-2"><input type="radio" name="conflicted" value="yes" defaultChecked={typedFor(row.proposalId)?.conflicted === "yes"} /> {t("evaluation.haveConflict")}</label>
                        </fieldset>
                        <label htmlFor={`statement-${row.proposalId}`} className="block text-sm">{t("evaluation.statement")}</label>
                        <textarea id={`statement-${row.proposalId}`} name="statement" rows={2} defaultValue={typedFor(row.proposalId)?.statement} className="w-full rounded border border-slate-500 px-2 py-1" />
                        <button type="submit" className="rounded border border-park-700 px-3 py-1 text-park-800">{t("evaluation.declare", { organisation: row.organisation })}</button>
                      </Form>
                    )}
                  </td>
                  <td className="p-2">
                    {allDeclared && row.assigned && row.declaration && !row.declaration.conflicted ? (
                      <Link to={`/evaluation/${release.code}/proposals/${row.proposalId}`} className="text-park-700 underline">
                        {row.submitted ? t("evaluation.viewScores") : t("evaluation.score", { organisation: row.organisation })}
                      </Link>
                    ) : (
                      "—"
                    )}
                  </td>
                </tr>
              ))}
            </DataTable>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
