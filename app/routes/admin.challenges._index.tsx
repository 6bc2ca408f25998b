import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Code } from "~/platform/ui/code.tsx";
import { DataTable } from "~/platform/ui/data-table.tsx";
import { ParkTime } from "~/platform/ui/deadline.tsx";
import { challengesForStaff } from "~/results/challenges.server.ts";
import { GeneralErrorBoundary } from "~/web/error-boundary.tsx";
import { pageTitle } from "~/web/meta.ts";
import { requirePermission } from "~/web/require.server.ts";

export const meta: MetaFunction = (args) => pageTitle(args, "challenges.staffTitle");

/** Administrators: every challenge, open ones first. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "challenges:decide");
  const challenges = await challengesForStaff();
  return { challenges: challenges.map((c) => ({ id: c.id, receiptNumber: c.receiptNumber, release: c.award.release.code, plot: c.award.plot.code, organisation: c.organisation.name, lodgedAt: c.lodgedAt, state: c.state })) };
}

export default function StaffChallenges() {
  const { t } = useTranslation();
  const { challenges } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-semibold">{t("challenges.staffTitle")}</h1>
      <p className="max-w-3xl">{t("challenges.staffIntro")}</p>
      {challenges.length === 0 ? (
        <p>{t("challenges.none")}</p>
      ) : (
        <DataTable label={t("challenges.staffTitle")} columns={[{ label: t("challenges.receipt") }, { label: t("challenges.release") }, { label: t("challenges.plot") }, { label: t("challenges.organisation") }, { label: t("challenges.lodgedAt") }, { label: t("challenges.stateLabel") }]}>
          {challenges.map((c) => (
            <tr key={c.id} className="border-b border-slate-200">
              <td className="p-2"><Link to={`/admin/challenges/${c.id}`} className="text-park-700 underline"><Code mono>{c.receiptNumber}</Code></Link></td>
              <td className="p-2"><Code mono>{c.release}</Code></td>
              <td className="p-2"><Code mono>{c.plot}</Code></td>
              <td className="p-2">{c.organisation}</td>
              <td className="p-2"><ParkTime date={new Date(c.lodgedAt)} /></td>
              <td className="p-2">{t(`challenges.state.${c.state}`)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
