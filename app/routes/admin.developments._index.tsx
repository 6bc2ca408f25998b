import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DevelopmentsTable } from "~/developments/components/developments-table.tsx";
import { allDevelopments } from "~/developments/developments.server.ts";
import { GeneralErrorBoundary } from "~/web/error-boundary.tsx";
import { pageTitle } from "~/web/meta.ts";
import { requirePermission } from "~/web/require.server.ts";

export const meta: MetaFunction = (args) => pageTitle(args, "developments.staffTitle");

/** Every development record, with its overdue milestones and variations waiting for a decision. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "developments:manage");
  return { developments: await allDevelopments() };
}

export default function StaffDevelopments() {
  const { t } = useTranslation();
  const { developments } = useLoaderData<typeof loader>();
  const waiting = developments.reduce((sum, d) => sum + d.variationsRequested, 0);
  const overdue = developments.reduce((sum, d) => sum + d.overdue, 0);
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-semibold">{t("developments.staffTitle")}</h1>
      <p className="max-w-3xl">{t("developments.staffIntro")}</p>
      <p role="status">
        {t("developments.staffCounts", {
          records: t("developments.count.record", { count: developments.length }),
          waiting: t("developments.count.variationWaiting", { count: waiting }),
          overdue: t("developments.count.milestoneOverdue", { count: overdue }),
        })}
      </p>
      {developments.length === 0 ? <p>{t("developments.noneAtAll")}</p> : <DevelopmentsTable developments={developments} href={(id) => `/admin/developments/${id}`} withOrganisation />}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
