import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PortfolioView } from "~/portfolio/components/portfolio-view.tsx";
import { parkPortfolio } from "~/portfolio/portfolio.server.ts";
import { GeneralErrorBoundary } from "~/web/error-boundary.tsx";
import { pageTitle } from "~/web/meta.ts";

export const meta: MetaFunction = (args) => pageTitle(args, "portfolio.title");

/** Public: the park's plots, awards and development records against its targets. */
export async function loader() {
  return { portfolio: await parkPortfolio() };
}

export default function PortfolioPage() {
  const { t } = useTranslation();
  const { portfolio } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-8">
      <h1 className="text-3xl font-semibold">{t("portfolio.title")}</h1>
      <p className="max-w-3xl">{t("portfolio.intro")}</p>
      <p>
        <a href="/portfolio.csv" download className="text-park-700 underline">{t("portfolio.download")}</a>
      </p>
      <PortfolioView portfolio={portfolio} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
