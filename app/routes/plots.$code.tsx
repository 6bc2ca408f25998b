import { plotAward } from "~/results/public-results.server.ts";
import { AwardState } from "~/results/components/public-results.tsx";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { ReactNode } from "react";
import { Code, Unbroken } from "~/platform/ui/code.tsx";
import { ParkTime } from "~/platform/ui/deadline.tsx";
import { GeneralErrorBoundary, notFound } from "~/web/error-boundary.tsx";
import { useSquareMetres } from "~/plots/components/plot-facts.tsx";
import { useReleaseTitle } from "~/releases/components/release-summary.tsx";
import { SitePlan } from "~/plots/components/site-plan.tsx";
import { pageTitle } from "~/web/meta.ts";
import { drawSitePlan, getPublicPlot } from "~/plots/plots.server.ts";
import { getCurrentUser } from "~/accounts/sessions.server.ts";
import { can } from "~/accounts/permissions.ts";
import { ownProposalsForRelease } from "~/proposals/drafts.server.ts";
import { biddingJourney } from "~/proposals/journey.ts";
import { HowToSubmit } from "~/proposals/components/how-to-submit.tsx";

export const meta: MetaFunction<typeof loader> = (args) =>
  pageTitle(args, "plot.viewPlot", { code: args.data?.plot.code });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const plot = await getPublicPlot(params.code ?? "");
  if (!plot) throw notFound();
  const serverNow = new Date();
  // The release taking proposals for this plot now, if any: the plot page then leads to a proposal for it.
  const offeredIn = plot.releases.find((r) => r.state === "open" && !r.withdrawn && serverNow < r.submissionDeadline);
  const user = offeredIn ? await getCurrentUser(request) : null;
  const proposals = offeredIn && user && can(user.roles, "proposal:prepare") ? await ownProposalsForRelease(user, offeredIn.id) : {};
  return {
    plot,
    sitePlan: await drawSitePlan(plot.code),
    award: await plotAward(plot.code),
    offer: offeredIn ? { release: offeredIn, journey: biddingJourney(user, proposals, plot.code) } : null,
  };
}

export default function PlotPage() {
  const { plot, sitePlan, offer, award } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const { title, phaseName } = useReleaseTitle();
  const squareMetres = useSquareMetres();
  const facts: [string, ReactNode][] = [
    [t("plot.phase"), phaseName(plot.phase)],
    [t("plot.siteArea"), squareMetres(plot.siteAreaM2)],
    [t("plot.maxGfa"), squareMetres(plot.maxGfaM2)],
    [t("plot.plotRatio"), (plot.maxGfaM2 / plot.siteAreaM2).toLocaleString(i18n.language, { maximumFractionDigits: 2 })],
    [t("plot.permittedUses"), plot.permittedUses.map((use) => t(`use.${use}`)).join(t("format.listSeparator"))],
    [t("plot.state"), t(`plotState.${plot.state}`)],
  ];
  return (
    <div className="space-y-8">
      <h1 className="text-3xl font-semibold"><Unbroken text={t("plot.viewPlot", { code: plot.code })} /></h1>
      {award ? (
        <dl className="grid gap-x-6 gap-y-1 rounded border border-slate-400 bg-slate-50 p-3 sm:grid-cols-[max-content_minmax(0,1fr)]">
          <dt className="font-semibold">{t("results.awardedTo")}</dt>
          <dd>{award.organisation}{t("format.aside", { note: t(`origin.${award.origin}`) })}</dd>
          <dt className="font-semibold">{t("challenges.release")}</dt>
          <dd><Link to={`/releases/${award.release.code}#results`} className="text-park-700 underline"><Code>{award.release.code}</Code>{t("format.colon")}{title(award.release)}</Link></dd>
          <dt className="font-semibold">{t("results.awardStatus")}</dt>
          <dd><AwardState award={award} /></dd>
        </dl>
      ) : null}
      {offer ? (
        <div className="space-y-4">
          <p>
            {t("journey.offeredIn")}{" "}
            <Link to={`/releases/${offer.release.code}`} className="text-park-700 underline"><Code>{offer.release.code}</Code>{t("format.colon")}{title(offer.release)}</Link>
          </p>
          <HowToSubmit journey={offer.journey} release={offer.release} returnTo={`/plots/${plot.code}`} />
        </div>
      ) : null}
      <div className="grid gap-8 md:grid-cols-2">
        <section aria-labelledby="facts">
          <h2 id="facts" className="text-2xl font-semibold">{t("plot.facts")}</h2>
          <dl className="mt-3 grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2">
            {facts.map(([term, value]) => (
              <div key={term} className="contents">
                <dt className="font-medium">{term}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        </section>
        <section aria-labelledby="location">
          <h2 id="location" className="text-2xl font-semibold">{t("plot.location")}</h2>
          <div className="mt-3">
            <SitePlan
              title={t("plot.location")}
              highlight={plot.code}
              plan={sitePlan}
              emphasise={(code) => code === plot.code}
            />
          </div>
        </section>
      </div>
      <section aria-labelledby="history">
        <h2 id="history" className="text-2xl font-semibold">{t("plot.history")}</h2>
        {plot.releases.length === 0 ? (
          <p className="mt-3">{t("plot.noHistory")}</p>
        ) : (
          <ul className="mt-3 space-y-2">
            {plot.releases.map((release) => (
              <li key={release.code}>
                <Link to={`/releases/${release.code}`} className="text-park-700 underline">
                  {release.code}{t("format.colon")}{title(release)}
                </Link>
                <span className="block text-sm text-slate-700">
                  {t(`releaseState.${release.state}`)} · {t("releases.deadline")}{t("format.colon")}<ParkTime date={release.submissionDeadline} />
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
