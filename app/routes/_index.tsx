import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Deadline } from "~/platform/ui/deadline.tsx";
import { useReleaseTitle } from "~/releases/components/release-summary.tsx";
import { pageTitle } from "~/web/meta.ts";
import { listOpenReleases } from "~/releases/releases.server.ts";

export const meta: MetaFunction = (args) => pageTitle(args, "home.title");

export async function loader() {
  return { releases: await listOpenReleases(), serverNow: new Date() };
}

export default function Home() {
  const { releases, serverNow } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const { title, phaseName } = useReleaseTitle();
  return (
    <div className="space-y-8">
      <section>
        <h1 className="text-3xl font-semibold">{t("home.title")}</h1>
        <p className="mt-3 max-w-3xl">{t("home.intro")}</p>
        <p className="mt-2 max-w-3xl text-slate-700">
          {t("home.facts", { hectares: 87, gfa: (1_200_000).toLocaleString(i18n.language) })}
        </p>
      </section>
      <section aria-labelledby="open-releases">
        <h2 id="open-releases" className="text-2xl font-semibold">
          {t("home.openReleases")}
        </h2>
        {releases.length === 0 ? (
          <p className="mt-3">{t("home.noOpenReleases")}</p>
        ) : (
          <ul className="mt-4 grid gap-4 md:grid-cols-2">
            {releases.map((release) => (
              <li key={release.code} className="rounded border border-slate-300 p-4">
                <h3 className="text-lg font-semibold">
                  <Link to={`/releases/${release.code}`} className="text-park-700 underline">
                    {title(release)}
                  </Link>
                </h3>
                <p className="text-sm text-slate-700">
                  {release.code} · {phaseName(release.phase)} · {t("home.plotsOffered", { count: release._count.plots })}
                </p>
                <div className="mt-3">
                  <Deadline date={release.submissionDeadline} serverNow={serverNow} label={t("home.submissionDeadline")} />
                </div>
              </li>
            ))}
          </ul>
        )}
        <p className="mt-4">
          <Link to="/releases" className="text-park-700 underline">
            {t("home.allReleases")}
          </Link>
        </p>
      </section>
    </div>
  );
}
