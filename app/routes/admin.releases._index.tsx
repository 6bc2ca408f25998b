import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Code } from "~/platform/ui/code.tsx";
import { DataTable } from "~/platform/ui/data-table.tsx";
import { requirePermission } from "~/web/require.server.ts";
import { ParkTime } from "~/platform/ui/deadline.tsx";
import { useReleaseTitle } from "~/releases/components/release-summary.tsx";
import { listAllReleases } from "~/releases/releases.server.ts";
import { pageTitle } from "~/web/meta.ts";

export const meta: MetaFunction = (args) => pageTitle(args, "builder.title");

/** Every release, drafts included (administrators only). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "releases:manage");
  return { releases: await listAllReleases() };
}

export default function AdminReleases() {
  const { t } = useTranslation();
  const { releases } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const { title } = useReleaseTitle();
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-semibold">{t("builder.title")}</h1>
      {searchParams.get("deleted") ? <p role="status">{t("builder.deleted")}</p> : null}
      <p><Link to="/admin/releases/new" className="rounded bg-park-700 px-4 py-2 font-medium text-white">{t("builder.new")}</Link></p>
      <DataTable label={t("builder.title")} columns={[{ label: t("releases.code") }, { label: t("releases.release") }, { label: t("releases.state") }, { label: t("timeline.publication") }, { label: t("releases.deadline") }, { label: t("releases.plots"), numeric: true }]}>
          {releases.map((release) => (
            <tr key={release.code} className="border-b border-slate-200">
              <td className="p-2"><Link to={`/admin/releases/${release.code}`} className="text-park-700 underline"><Code mono>{release.code}</Code></Link></td>
              <td className="p-2">{title(release)}</td>
              <td className="p-2">{t(`releaseState.${release.state}`)}</td>
              <td className="p-2"><ParkTime date={release.publicationAt} /></td>
              <td className="p-2"><ParkTime date={release.submissionDeadline} /></td>
              <td className="p-2 text-right">{release._count.plots}</td>
            </tr>
          ))}
        </DataTable>
    </div>
  );
}
