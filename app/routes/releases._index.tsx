import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Code } from "~/platform/ui/code.tsx";
import { DataTable } from "~/platform/ui/data-table.tsx";
import { ParkTime } from "~/platform/ui/deadline.tsx";
import { useReleaseTitle } from "~/releases/components/release-summary.tsx";
import { ReleasesChart } from "~/releases/components/releases-chart.tsx";
import { SitePlan } from "~/plots/components/site-plan.tsx";
import { pageTitle } from "~/web/meta.ts";
import { drawSitePlan } from "~/plots/plots.server.ts";
import { listPhases, listPublicReleases, releaseFiltersSchema } from "~/releases/releases.server.ts";
import { permittedUses } from "~/plots/schemas.ts";

/** Published states, for the filter (drafts never reach this page). */
const PUBLIC_STATES = ["open", "closed", "concluded", "cancelled"] as const;

export const meta: MetaFunction = (args) => pageTitle(args, "releases.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const filters = releaseFiltersSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [releases, sitePlan, phases] = await Promise.all([listPublicReleases(filters), drawSitePlan(), listPhases()]);
  return { releases, sitePlan, phases, filters, serverNow: new Date() };
}

export default function Releases() {
  const { releases, sitePlan, phases, filters, serverNow } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const { title, phaseName } = useReleaseTitle();
  return (
    <div className="space-y-8">
      <section>
        <h1 className="text-3xl font-semibold">{t("releases.title")}</h1>
        <p className="mt-2">{t("releases.intro")}</p>
        <Form method="get" className="mt-4 flex flex-wrap items-end gap-4" aria-label={t("releases.filters")}>
          <div>
            <label htmlFor="filter-phase" className="block text-sm font-medium">{t("releases.phase")}</label>
            <select id="filter-phase" name="phase" defaultValue={filters.phase ?? ""} className="rounded border border-slate-500 px-2 py-1">
              <option value="">{t("releases.any")}</option>
              {phases.map((phase) => <option key={phase.code} value={phase.code}>{phaseName(phase)}</option>)}
            </select>
          </div>
          <div>
            <label htmlFor="filter-state" className="block text-sm font-medium">{t("releases.state")}</label>
            <select id="filter-state" name="state" defaultValue={filters.state ?? ""} className="rounded border border-slate-500 px-2 py-1">
              <option value="">{t("releases.any")}</option>
              {PUBLIC_STATES.map((state) => <option key={state} value={state}>{t(`releaseState.${state}`)}</option>)}
            </select>
          </div>
          <div>
            <label htmlFor="filter-use" className="block text-sm font-medium">{t("plot.permittedUses")}</label>
            <select id="filter-use" name="use" defaultValue={filters.use ?? ""} className="rounded border border-slate-500 px-2 py-1">
              <option value="">{t("releases.any")}</option>
              {permittedUses.map((use) => <option key={use} value={use}>{t(`use.${use}`)}</option>)}
            </select>
          </div>
          <button type="submit" className="rounded bg-park-700 px-3 py-1 font-medium text-white">{t("releases.applyFilters")}</button>
          <a href="/feeds/releases.atom" className="text-park-700 underline">{t("releases.feed")}</a>
          <a href="/open-data/ocds/releases.json" className="text-park-700 underline">{t("releases.openData")}</a>
        </Form>
        {releases.length === 0 ? (
          <p className="mt-4">{t("releases.none")}</p>
        ) : (
          <div className="mt-4">
<DataTable label={t("releases.title")} columns={[{ label: t("releases.code") }, { label: t("releases.release") }, { label: t("releases.phase") }, { label: t("releases.state") }, { label: t("releases.deadline") }, { label: t("releases.plots"), numeric: true }]}>
                {releases.map((release) => (
                  <tr key={release.code} className="border-b border-slate-200">
                    <td className="p-2"><Code mono>{release.code}</Code></td>
                    <td className="p-2">
                      <Link to={`/releases/${release.code}`} className="text-park-700 underline">
                        {title(release)}
                      </Link>
                    </td>
                    <td className="p-2">{phaseName(release.phase)}</td>
                    <td className="p-2">{t(`releaseState.${release.state}`)}</td>
                    <td className="p-2"><ParkTime date={release.submissionDeadline} /></td>
                    <td className="p-2 text-right">{release._count.plots}</td>
                  </tr>
                ))}
              </DataTable>
</div>
        )}
      </section>
      {releases.length > 0 ? (
        <section aria-labelledby="timelines">
          <h2 id="timelines" className="text-2xl font-semibold">{t("releases.timelines")}</h2>
          <div className="mt-4">
            <ReleasesChart releases={releases} serverNow={serverNow} />
          </div>
        </section>
      ) : null}
      <section aria-labelledby="site-plan">
        <h2 id="site-plan" className="text-2xl font-semibold">{t("releases.sitePlan")}</h2>
        <div className="mt-4">
          <SitePlan title={t("releases.sitePlanAll")} plan={sitePlan} />
        </div>
      </section>
    </div>
  );
}
