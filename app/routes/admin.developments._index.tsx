import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DevelopmentsTable } from "~/developments/components/developments-table.tsx";
import { allDevelopments } from "~/developments/developments.server.ts";
import { staffCountsText } from "~/developments/staff-counts.ts";
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
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-semibold">{t("developments.staffTitle")}</h1>
      <p className="max-w-3xl">{t("developments.staffIntro")}</p>
      <p role="status">{staffCountsText(t, developments)}</p>
      {developments.length === 0 ? <p>{t("developments.noneAtAll")}</p> : <DevelopmentsTable developments={developments} href={(id) => `/admin/developments/${id}`} withOrganisation />}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
