import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { ErrorSummary, FieldErrors } from "~/platform/ui/error-summary.tsx";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { getCurrentUser } from "~/accounts/sessions.server.ts";
import { requireUser } from "~/web/require.server.ts";
import { askClarification, isFollowing, publishedClarifications, questionSchema, setFollowing } from "~/clarifications/clarifications.server.ts";
import { listAddenda } from "~/releases/addenda.server.ts";
import { readForm } from "~/web/forms.server.ts";
import { whenRefused } from "~/web/refusals.server.ts";
import { useTranslation } from "react-i18next";
import { Code } from "~/platform/ui/code.tsx";
import { DataTable } from "~/platform/ui/data-table.tsx";
import { Deadline, ParkTime } from "~/platform/ui/deadline.tsx";
import { GeneralErrorBoundary, notFound } from "~/web/error-boundary.tsx";
import { useSquareMetres } from "~/plots/components/plot-facts.tsx";
import { ReleaseConditionsView } from "~/releases/components/release-conditions.tsx";
import { TenderDocuments } from "~/releases/components/tender-documents.tsx";
import { ReleaseTimeline } from "~/releases/components/release-timeline.tsx";
import { useReleaseTitle } from "~/releases/components/release-summary.tsx";
import { pick } from "~/platform/i18n/i18n.ts";
import { SitePlan } from "~/plots/components/site-plan.tsx";
import { pageTitle } from "~/web/meta.ts";
import { drawSitePlanAround } from "~/plots/plots.server.ts";
import { organisationChallenges } from "~/results/challenges.server.ts";
import { publicResults } from "~/results/public-results.server.ts";
import { PublicResultsView } from "~/results/components/public-results.tsx";
import { getPublicRelease } from "~/releases/releases.server.ts";
import { sharedRead } from "~/platform/shared-reads.server.ts";
import { can } from "~/accounts/permissions.ts";
import { ownProposalsForRelease } from "~/proposals/drafts.server.ts";
import { biddingJourney, isBeforeBidding, stepHref } from "~/proposals/journey.ts";
import { HowToSubmit } from "~/proposals/components/how-to-submit.tsx";
import { receiptSetOf } from "~/receipts/commitments.server.ts";
import { ReceiptSetSummary } from "~/receipts/components/receipt-set-summary.tsx";
import { addendumChangesOf } from "~/releases/addendum-changes.ts";

export const meta: MetaFunction<typeof loader> = (args) =>
  pageTitle(args, "releases.viewRelease", { code: args.data?.release.code });

/** What everyone sees of a release, read once for everyone asking within the public pages' lifetime. */
const publicReleasePage = (code: string) =>
  sharedRead(`release page ${code}`, async () => {
    const release = await getPublicRelease(code);
    if (!release) return null;
    const offered = release.plots.filter((p) => !p.withdrawnAt).map(({ plot }) => plot.code);
    const [sitePlan, clarifications, addenda, results, receiptSet] = await Promise.all([
      drawSitePlanAround(offered),
      publishedClarifications(release.id),
      listAddenda(release.id),
      publicResults(release.id),
      receiptSetOf(release.code),
    ]);
    return { release, sitePlan, clarifications, addenda, results, receiptSet };
  });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const [shared, user] = await Promise.all([publicReleasePage(params.code ?? ""), getCurrentUser(request)]);
  if (!shared) throw notFound();
  const { release, sitePlan, clarifications, addenda, results, receiptSet } = shared;
  const following = user ? await isFollowing(user.id, release.id) : false;
  const serverNow = new Date();
  const canAsk = Boolean(user && !user.staffRole && release.state === "open" && serverNow < release.clarificationEndsAt);
  const biddingOpen = release.state === "open" && serverNow < release.submissionDeadline;
  // Members of an organisation may start (or return to) their proposal for each plot while the release is open.
  const canPropose = Boolean(user && can(user.roles, "proposal:prepare") && biddingOpen);
  const proposals = user && can(user.roles, "proposal:prepare") ? await ownProposalsForRelease(user, release.id) : {};
  // Visitors get the shared page copy (server/public-page-cache.ts): their journey depends on the release alone.
  const journey = biddingOpen ? biddingJourney(user, proposals) : null;
  // Owners and submitters are offered the way to challenge an award (the challenge page checks the rest).
  const canChallenge = Boolean(user && can(user.roles, "challenge:lodge"));
  const challenges = user && results && can(user.roles, "challenge:read") ? await organisationChallenges(user, release.code) : [];
  return { release, sitePlan, clarifications, addenda, results, receiptSet, serverNow, journey, viewer: user ? { following, canAsk, canPropose, proposals, canChallenge, challenges } : null };
}

/** Signed-in people follow or unfollow the release, and proposers ask questions while clarifications are open. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request);
  const code = String(params.code ?? "");
  try {
    const intent = form.get("intent");
    if (intent === "follow" || intent === "unfollow") {
      await setFollowing(user, code, intent === "follow");
      return redirect(`/releases/${code}#follow`);
    }
    if (intent === "ask") {
      const parsed = questionSchema.safeParse(Object.fromEntries(form));
      if (!parsed.success) return data({ question: String(form.get("question") ?? ""), problem: parsed.error.issues[0]!.message }, { status: 400 });
      await askClarification(user, code, parsed.data.question);
      return redirect(`/releases/${code}?asked=1#clarifications`);
    }
    return data({ question: "", problem: "errors.required" }, { status: 400 });
  } catch (error) {
    return whenRefused(error, ({ code, status }) => data({ question: String(form.get("question") ?? ""), problem: code }, { status }));
  }
}

export default function ReleasePage() {
  const { release, sitePlan, serverNow, clarifications, addenda, results, receiptSet, journey, viewer } = useLoaderData<typeof loader>();
  const asked = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { t } = useTranslation();
  const { title, phaseName, language } = useReleaseTitle();
  const squareMetres = useSquareMetres();
  const offered = new Set(release.plots.filter((p) => !p.withdrawnAt).map(({ plot }) => plot.code));
  // Staff never bid: they get no proposal column while the release is open.
  const own = viewer?.proposals ?? {};
  const proposalColumn = (journey !== null && journey.next.kind !== "staff") || Object.keys(own).length > 0;
  const inLanguage = (en: string | null, zhHant: string | null) => pick(language, { en: en ?? "", zhHant: zhHant ?? "" });
  return (
    <div className="space-y-8">
      <section>
        <p className="text-sm text-slate-700"><Code mono>{release.code}</Code></p>
        <h1 className="text-3xl font-semibold">{title(release)}</h1>
        <p className="mt-1 text-slate-700">
          {phaseName(release.phase)} · {t(`releaseState.${release.state}`)}
        </p>
        {release.state === "cancelled" ? (
          <div role="note" className="mt-4 rounded border border-red-700 bg-red-50 p-3">
            <p className="font-semibold">{t("cancellation.cancelled")}</p>
            <p>{inLanguage(release.cancellationReasonEn, release.cancellationReasonZhHant)}</p>
          </div>
        ) : (
          <div className="mt-4">
            <Deadline date={release.submissionDeadline} serverNow={serverNow} label={t("home.submissionDeadline")} />
          </div>
        )}
      </section>
      {journey ? <HowToSubmit journey={journey} release={release} returnTo={`/releases/${release.code}`} /> : null}
      {results ? <PublicResultsView code={release.code} results={results} serverNow={serverNow} canChallenge={viewer?.canChallenge ?? false} ownChallenges={viewer?.challenges ?? []} /> : null}
      {receiptSet ? <ReceiptSetSummary receiptSet={receiptSet} /> : null}
      <section aria-labelledby="timeline">
        <h2 id="timeline" className="text-2xl font-semibold">{t("release.timeline")}</h2>
        <ReleaseTimeline code={release.code} dates={release} serverNow={serverNow} />
      </section>
      <section aria-labelledby="follow-heading" id="follow">
        <h2 id="follow-heading" className="sr-only">{t("clarifications.followHeading")}</h2>
        {viewer ? (
          <Form method="post">
            <input type="hidden" name="intent" value={viewer.following ? "unfollow" : "follow"} />
            <button type="submit" className="rounded border border-park-700 px-3 py-1 text-park-800">
              {viewer.following ? t("clarifications.unfollow") : t("clarifications.follow")}
            </button>
            {viewer.following ? <span className="ml-2 text-sm">{t("clarifications.following")}</span> : null}
          </Form>
        ) : (
          <p className="text-sm">
            <Link to={`/login?redirectTo=/releases/${release.code}`} className="text-park-700 underline">{t("login.title")}</Link> {t("clarifications.signInToFollow")}
          </p>
        )}
      </section>
      {addenda.length > 0 ? (
        <section aria-labelledby="addenda-heading" id="addenda" className="space-y-2">
          <h2 id="addenda-heading" className="text-2xl font-semibold">{t("addenda.title")}</h2>
          <ol className="space-y-2">
            {addenda.map((addendum) => ({ addendum, changes: addendumChangesOf(addendum.changes) })).map(({ addendum, changes }) => (
              <li key={addendum.number} className="rounded border border-slate-300 p-3">
                <p className="font-medium">{t("addenda.number", { number: addendum.number })} · <ParkTime date={addendum.issuedAt} /></p>
                <p className="whitespace-pre-wrap">{inLanguage(addendum.notesEn, addendum.notesZhHant)}</p>
                <ul className="mt-1 text-sm text-slate-700">
                  {changes.withdrawnPlot ? <li>{t("text.withdrawal.changeLine", { plot: changes.withdrawnPlot })}</li> : null}
                  {changes.timeline.map(({ field, from, to }) => (
                    <li key={field}>
                      {t(`addenda.field.${field}`)}{t("format.colon")}<ParkTime date={new Date(from)} /> → <ParkTime date={new Date(to)} />
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      <section aria-labelledby="clarifications-heading" id="clarifications" className="space-y-3">
        <h2 id="clarifications-heading" className="text-2xl font-semibold">{t("clarifications.title")}</h2>
        {clarifications.length === 0 ? <p>{t("clarifications.none")}</p> : (
          <dl className="space-y-3">
            {clarifications.map((c) => (
              <div key={c.id} className="rounded border border-slate-300 p-3">
                <dt className="font-medium">{c.question}</dt>
                <dd className="mt-1 whitespace-pre-wrap">{c.answer}</dd>
                {c.answeredAt ? <dd className="mt-1 text-sm text-slate-700">{t("clarifications.answeredAt")} <ParkTime date={c.answeredAt} /></dd> : null}
              </div>
            ))}
          </dl>
        )}
        {searchParams.get("asked") ? <p role="status">{t("clarifications.asked")}</p> : null}
        {viewer?.canAsk ? (
          <Form method="post" noValidate className="max-w-2xl space-y-2">
            <ErrorSummary items={asked?.problem ? [{ target: "question", message: asked.problem }] : undefined} />
            <input type="hidden" name="intent" value="ask" />
            <label htmlFor="question" className="block font-medium">{t("clarifications.ask")}</label>
            <p id="question-hint" className="text-sm text-slate-700">{t("clarifications.askHint")}</p>
            <textarea id="question" name="question" rows={4} maxLength={2_000} defaultValue={asked?.question ?? ""} aria-describedby={asked?.problem ? "question-hint question-problem" : "question-hint"} aria-invalid={asked?.problem ? true : undefined} className="w-full rounded border border-slate-500 px-3 py-2" />
            <FieldErrors id="question-problem" errors={asked?.problem ? [asked.problem] : undefined} />
            <button type="submit" className="rounded bg-park-700 px-4 py-2 font-medium text-white">{t("clarifications.send")}</button>
          </Form>
        ) : null}
      </section>
      <section aria-labelledby="documents">
        <h2 id="documents" className="text-2xl font-semibold">{t("documents.title")}</h2>
        <div className="mt-2"><TenderDocuments releaseCode={release.code} documents={release.documents} linked /></div>
      </section>
      <ReleaseConditionsView release={release} />
      <section aria-labelledby="plots">
        <h2 id="plots" className="text-2xl font-semibold">{t("release.plots")}</h2>
        <div className="mt-4">
<DataTable label={t("release.plots")} columns={[{ label: t("plot.code") }, { label: t("plot.siteArea"), numeric: true }, { label: t("plot.maxGfa"), numeric: true }, { label: t("plot.permittedUses") }, { label: t("plot.state") }, ...(proposalColumn ? [{ label: t("journey.proposalColumn") }] : [])]}>
              {release.plots.map(({ plot, withdrawnAt, withdrawalReasonEn, withdrawalReasonZhHant }) => (
                <tr key={plot.code} className={`border-b border-slate-200 ${withdrawnAt ? "text-slate-700" : ""}`}>
                  <td className="p-2">
                    <Link to={`/plots/${plot.code}`} className="text-park-700 underline"><Code mono>{plot.code}</Code></Link>
                  </td>
                  <td className="p-2 text-right">{squareMetres(plot.siteAreaM2)}</td>
                  <td className="p-2 text-right">{squareMetres(plot.maxGfaM2)}</td>
                  <td className="p-2">{plot.permittedUses.map((use) => t(`use.${use}`)).join(t("format.listSeparator"))}</td>
                  <td className="p-2">
                    {withdrawnAt ? `${t("cancellation.withdrawn")}${t("format.colon")}${inLanguage(withdrawalReasonEn, withdrawalReasonZhHant)}` : t(`plotState.${plot.state}`)}
                  </td>
                  {proposalColumn ? (
                    <td className="p-2">
                      {own[plot.code] ? (
                        <Link to={`/proposals/${own[plot.code]!.id}`} className="text-park-700 underline">{t("proposals.openYours", { plot: plot.code })}</Link>
                      ) : withdrawnAt ? null : viewer?.canPropose ? (
                        // Outline: the page's one solid button is the next step of "How to submit a proposal".
                        <Form method="post" action="/proposals">
                          <input type="hidden" name="release" value={release.code} />
                          <input type="hidden" name="plot" value={plot.code} />
                          <button type="submit" className="rounded border border-park-700 px-3 py-1 font-medium whitespace-nowrap text-park-800 hover:bg-park-50">{t("proposals.start", { plot: plot.code })}</button>
                        </Form>
                      ) : journey && isBeforeBidding(journey.next) ? (
                        <Link to={stepHref(journey.next, `/plots/${plot.code}`)} className="font-medium whitespace-nowrap text-park-700 underline">{t("proposals.start", { plot: plot.code })}</Link>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </DataTable>
</div>
      </section>
      <section aria-labelledby="site-plan">
        <h2 id="site-plan" className="text-2xl font-semibold">{t("release.sitePlan")}</h2>
        <p className="mt-1 text-sm text-slate-700">{t("release.sitePlanCaption")}</p>
        <div className="mt-4">
          <SitePlan
            title={t("release.sitePlan")}
            plan={sitePlan}
            emphasise={(code) => offered.has(code)}
          />
        </div>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
