import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Deadline } from "~/components/deadline.tsx";
import { GeneralErrorBoundary, notFound } from "~/components/error-boundary.tsx";
import { useSquareMetres } from "~/components/plot-facts.tsx";
import { ReleaseConditionsView } from "~/components/release-conditions.tsx";
import { TenderDocuments } from "~/components/tender-documents.tsx";
import { ReleaseTimeline } from "~/components/release-timeline.tsx";
import { useReleaseTitle } from "~/components/release-summary.tsx";
import { SitePlan } from "~/components/site-plan.tsx";
import { pageTitle } from "~/meta.ts";
import { listSitePlan } from "~/plots.server.ts";
import { getPublicRelease } from "~/releases.server.ts";

export const meta: MetaFunction<typeof loader> = (args) =>
  pageTitle(args, "releases.viewRelease", { code: args.data?.release.code });

export async function loader({ params }: LoaderFunctionArgs) {
  const release = await getPublicRelease(params.code ?? "");
  if (!release) throw notFound();
  const sitePlan = await listSitePlan();
  return { release, sitePlan, serverNow: new Date() };
}

export default function ReleasePage() {
  const { release, sitePlan, serverNow } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const { title, phaseName } = useReleaseTitle();
  const squareMetres = useSquareMetres();
  const offered = new Set(release.plots.map(({ plot }) => plot.code));
  return (
    <div className="space-y-8">
      <section>
        <p className="font-mono text-sm text-slate-700">{release.code}</p>
        <h1 className="text-3xl font-semibold">{title(release)}</h1>
        <p className="mt-1 text-slate-700">
          {phaseName(release.phase)} · {t(`releaseState.${release.state}`)}
        </p>
        <div className="mt-4">
          <Deadline date={release.submissionDeadline} serverNow={serverNow} label={t("home.submissionDeadline")} />
        </div>
      </section>
      <section aria-labelledby="timeline">
        <h2 id="timeline" className="text-2xl font-semibold">{t("release.timeline")}</h2>
        <ReleaseTimeline code={release.code} dates={release} serverNow={serverNow} />
      </section>
      <section aria-labelledby="documents">
        <h2 id="documents" className="text-2xl font-semibold">{t("documents.title")}</h2>
        <div className="mt-2"><TenderDocuments releaseCode={release.code} documents={release.documents} linked /></div>
      </section>
      <ReleaseConditionsView release={release} />
      <section aria-labelledby="plots">
        <h2 id="plots" className="text-2xl font-semibold">{t("release.plots")}</h2>
        <div className="mt-4 overflow-x-auto">
          <table className="w-full border-collapse text-left text-sm">
            <thead>
              <tr className="border-b-2 border-slate-400">
                <th scope="col" className="p-2">{t("plot.code")}</th>
                <th scope="col" className="p-2 text-right">{t("plot.siteArea")}</th>
                <th scope="col" className="p-2 text-right">{t("plot.maxGfa")}</th>
                <th scope="col" className="p-2">{t("plot.permittedUses")}</th>
                <th scope="col" className="p-2">{t("plot.state")}</th>
              </tr>
            </thead>
            <tbody>
              {release.plots.map(({ plot }) => (
                <tr key={plot.code} className="border-b border-slate-200">
                  <td className="p-2 font-mono">
                    <Link to={`/plots/${plot.code}`} className="text-park-700 underline">{plot.code}</Link>
                  </td>
                  <td className="p-2 text-right">{squareMetres(plot.siteAreaM2)}</td>
                  <td className="p-2 text-right">{squareMetres(plot.maxGfaM2)}</td>
                  <td className="p-2">{plot.permittedUses.map((use) => t(`use.${use}`)).join(", ")}</td>
                  <td className="p-2">{t(`plotState.${plot.state}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="site-plan">
        <h2 id="site-plan" className="text-2xl font-semibold">{t("release.sitePlan")}</h2>
        <p className="mt-1 text-sm text-slate-700">{t("release.sitePlanCaption")}</p>
        <div className="mt-4">
          <SitePlan
            title={t("release.sitePlan")}
            plots={sitePlan.map((p) => ({ ...p, emphasised: offered.has(p.code) }))}
          />
        </div>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
