import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ErrorSummary } from "~/platform/ui/error-summary.tsx";
import { useTranslation } from "react-i18next";
import { Code } from "~/platform/ui/code.tsx";
import { z } from "zod";
import { requirePermission } from "~/web/require.server.ts";
import { DataTable } from "~/platform/ui/data-table.tsx";
import { GeneralErrorBoundary, notFound } from "~/web/error-boundary.tsx";
import { languageOrDefault, pick } from "~/platform/i18n/i18n.ts";
import { useReleaseTitle } from "~/releases/components/release-summary.tsx";
import { proposalForEvaluator, saveScores } from "~/evaluation/scoring.server.ts";
import { readForm } from "~/web/forms.server.ts";
import { pageTitle } from "~/web/meta.ts";
import { whenRefused } from "~/web/refusals.server.ts";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, "evaluation.scoreTitle", { plot: args.data?.proposal.plot });

async function findProposal(request: Request, id: string | undefined) {
  const user = await requirePermission(request, "evaluation:take-part");
  const parsed = z.uuid().safeParse(id);
  const proposal = parsed.success ? await proposalForEvaluator(user, parsed.data) : null;
  // Not assigned, undeclared, or conflicted: the proposal does not exist for this evaluator.
  if (!proposal) throw notFound();
  return { user, proposal };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { proposal } = await findProposal(request, params.id);
  return { proposal };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, proposal } = await findProposal(request, params.id);
  const form = await readForm(request);
  const typed = proposal.criteria.map((c) => ({ criterionId: c.id, score: String(form.get(`score-${c.id}`) ?? ""), comment: String(form.get(`comment-${c.id}`) ?? "").slice(0, 5_000) }));
  const scores = typed
    .filter((s) => s.score.trim() !== "")
    .map((s) => ({ criterionId: s.criterionId, score: /^\d{1,3}$/.test(s.score.trim()) ? Number(s.score) : Number.NaN, comment: s.comment }));
  const submit = form.get("intent") === "submit";
  try {
    await saveScores(user, proposal.proposalId, scores, submit);
  } catch (error) {
    return whenRefused(error, ({ code, status }) => data({ problem: code, typed }, { status }));
  }
  return redirect(`/evaluation/${params.code}/proposals/${proposal.proposalId}?${submit ? "submitted" : "saved"}=1`);
}

export default function ScoreProposal() {
  const { t, i18n } = useTranslation();
  const { proposal } = useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { title } = useReleaseTitle();
  const language = languageOrDefault(i18n.language);
  const name = (c: { nameEn: string; nameZhHant: string }) => pick(language, { en: c.nameEn, zhHant: c.nameZhHant });
  const valueOf = (criterionId: string, field: "score" | "comment") => {
    const typed = refused?.typed.find((s) => s.criterionId === criterionId);
    if (typed) return typed[field];
    const mine = proposal.myScores.find((s) => s.criterionId === criterionId);
    return mine ? String(mine[field]) : "";
  };
  const technical = proposal.technical as unknown as Record<string, string | number | string[] | null>;
  const viewed = proposal.documents.find((d) => d.id === searchParams.get("view") && d.contentType === "application/pdf");
  return (
    <div className="space-y-8">
      <section className="space-y-2">
        <p className="text-sm text-slate-700"><Code mono>{proposal.release.code}</Code> · <Code mono>{proposal.plot}</Code> · <Code mono>{proposal.receiptNumber}</Code></p>
        <h1 className="text-3xl font-semibold">{t("evaluation.scoreHeading", { organisation: proposal.organisation, plot: proposal.plot })}</h1>
        <p>{title(proposal.release)}</p>
        <p><Link to={`/evaluation/${proposal.release.code}`} className="text-park-700 underline">{t("evaluation.backToRelease")}</Link></p>
        {searchParams.get("saved") ? <p role="status" className="text-park-800">{t("evaluation.done.saved")}</p> : null}
        {searchParams.get("submitted") ? <p role="status" className="text-park-800">{t("evaluation.done.submitted")}</p> : null}
        <ErrorSummary items={refused?.problem ? [{ message: refused.problem }] : undefined} />
      </section>
      <section aria-labelledby="envelope-heading" className="space-y-3">
        <h2 id="envelope-heading" className="text-2xl font-semibold">{t("proposals.technicalEnvelope")}</h2>
        <dl className="space-y-3">
          {(["developmentScheme", "intendedSectors", "grossFloorAreaM2", "programme", "trackRecord", "jobsTalentPlan"] as const).map((field) => (
            <div key={field}>
              <dt className="font-medium">{t(`proposals.fields.${field}`)}</dt>
              <dd className="whitespace-pre-wrap">
                {Array.isArray(technical[field]) ? (technical[field] as string[]).map((s) => t(`sector.${s}`)).join(t("format.listSeparator")) : String(technical[field] ?? "—")}
              </dd>
            </div>
          ))}
        </dl>
        <h3 className="text-xl font-semibold">{t("proposals.documents")}</h3>
        {proposal.documents.length ? (
          <ul className="list-disc pl-6">
            {proposal.documents.map((d) => (
              <li key={d.id}>
                {pick(language, { en: d.name, zhHant: d.nameZhHant })}{t("format.colon")}
                <a href={`/evaluation/${proposal.release.code}/documents/${d.id}`} className="text-park-700 underline" target="_blank" rel="noreferrer">{d.fileName}</a>{" "}
                {d.contentType === "application/pdf" ? (
                  <>
                    (<Link to={`?view=${d.id}#document-viewer`} preventScrollReset className="text-park-700 underline" aria-current={viewed?.id === d.id ? "true" : undefined}>{t("evaluation.viewInPage")}</Link>){" "}
                  </>
                ) : null}
                <span className="font-mono text-sm">SHA-256 {d.sha256?.slice(0, 16)}…</span>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("evaluation.noDocuments")}</p>
        )}
        {viewed ? (
          <figure id="document-viewer" className="space-y-2">
            <figcaption className="font-medium">{t("evaluation.viewing", { file: viewed.fileName })}</figcaption>
            {/* The link lives 5 minutes: the key makes a new one each time the page is shown. */}
            <iframe key={viewed.id} src={`/evaluation/${proposal.release.code}/documents/${viewed.id}?show=inline`} title={t("evaluation.viewing", { file: viewed.fileName })} className="h-[80vh] w-full rounded border border-slate-400" />
          </figure>
        ) : null}
      </section>
      <section aria-labelledby="scores-heading" className="space-y-3">
        <h2 id="scores-heading" className="text-2xl font-semibold">{t("evaluation.yourScores")}</h2>
        {proposal.submitted ? <p role="note">{t("evaluation.locked")}</p> : <p>{t("evaluation.commentRule")}</p>}
        {proposal.submitted ? (
          // Submitted scores are locked: shown as what they are, text, not as inputs that cannot be used.
          <dl className="space-y-3">
            {proposal.criteria.map((c) => (
              <div key={c.id} className="rounded border border-slate-300 p-3">
                <dt className="font-medium">{t("format.parenthesised", { text: name(c), note: t("evaluation.weight", { weight: c.weight, max: c.maxScore }) })}</dt>
                <dd className="tabular-nums">{t("evaluation.scoreLabel", { max: c.maxScore })}{t("format.colon")}{valueOf(c.id, "score") || "—"}</dd>
                <dd className="whitespace-pre-wrap">{t("evaluation.comment")}{t("format.colon")}{valueOf(c.id, "comment") || "—"}</dd>
              </div>
            ))}
          </dl>
        ) : (
          <Form method="post" noValidate className="space-y-4">
            {proposal.criteria.map((c) => (
              <fieldset key={c.id} className="space-y-1 rounded border border-slate-300 p-3">
                <legend className="font-medium">{t("format.parenthesised", { text: name(c), note: t("evaluation.weight", { weight: c.weight, max: c.maxScore }) })}</legend>
                <label htmlFor={`score-${c.id}`} className="block text-sm">{t("evaluation.scoreLabel", { max: c.maxScore })}</label>
                <input id={`score-${c.id}`} name={`score-${c.id}`} type="number" min={0} max={c.maxScore} step={1} defaultValue={valueOf(c.id, "score")} className="w-24 rounded border border-slate-500 px-3 py-2" />
                <label htmlFor={`comment-${c.id}`} className="block text-sm">{t("evaluation.comment")}</label>
                <textarea id={`comment-${c.id}`} name={`comment-${c.id}`} rows={2} defaultValue={valueOf(c.id, "comment")} className="w-full max-w-3xl rounded border border-slate-500 px-3 py-2" />
              </fieldset>
            ))}
            <div className="flex gap-3">
              <button type="submit" name="intent" value="save" className="rounded border border-park-700 px-4 py-2 text-park-800">{t("evaluation.saveScores")}</button>
              <button type="submit" name="intent" value="submit" className="rounded bg-park-700 px-4 py-2 font-medium text-white hover:bg-park-800">{t("evaluation.submitScores")}</button>
            </div>
          </Form>
        )}
      </section>
      {proposal.submitted ? (
        <section aria-labelledby="others-heading" className="space-y-3">
          <h2 id="others-heading" className="text-2xl font-semibold">{t("evaluation.othersScores")}</h2>
          {proposal.othersScores.length ? (
            <DataTable label={t("evaluation.othersScores")} columns={[{ label: t("evaluation.evaluator") }, { label: t("evaluation.criterion") }, { label: t("evaluation.scoreColumn"), numeric: true }, { label: t("evaluation.comment") }]}>
              {proposal.othersScores.map((s, i) => (
                <tr key={i} className="border-b border-slate-200">
                  <td className="p-2">{s.evaluator}</td>
                  <td className="p-2">{name(proposal.criteria.find((c) => c.id === s.criterionId)!)}</td>
                  <td className="p-2 text-right">{s.score}</td>
                  <td className="p-2">{s.comment}</td>
                </tr>
              ))}
            </DataTable>
          ) : (
            <p>{t("evaluation.noOthersYet")}</p>
          )}
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
