import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DevelopmentsTable } from "~/portfolio/components/developments-table.tsx";
import { PortfolioView } from "~/portfolio/components/portfolio-view.tsx";
import { parkPortfolio } from "~/portfolio/portfolio.server.ts";
import { GeneralErrorBoundary } from "~/web/error-boundary.tsx";
import { pageTitle } from "~/web/meta.ts";
import { requirePermission } from "~/web/require.server.ts";

export const meta: MetaFunction = (args) => pageTitle(args, "portfolio.admin.title");

/** Administrators: the portfolio with every development record's standing, and the way to the targets. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "portfolio:manage");
  return { portfolio: await parkPortfolio() };
}

export default function AdminPortfolio() {
  const { t } = useTranslation();
  const { portfolio } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-8">
      <h1 className="text-3xl font-semibold">{t("portfolio.admin.title")}</h1>
      <p className="max-w-3xl">{t("portfolio.admin.intro")}</p>
      <ul className="flex flex-wrap gap-x-6 gap-y-2">
        <li><Link to="/admin/portfolio/targets" className="text-park-700 underline">{t("portfolio.targets.change")}</Link></li>
        <li><a href="/portfolio.csv" download className="text-park-700 underline">{t("portfolio.download")}</a></li>
        <li><Link to="/portfolio" className="text-park-700 underline">{t("portfolio.admin.publicPage")}</Link></li>
      </ul>
      <DevelopmentsTable developments={portfolio.developments} />
      <PortfolioView portfolio={portfolio} linkTo={(code) => `/admin/plots/${code}`} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
