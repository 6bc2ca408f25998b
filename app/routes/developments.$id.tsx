import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DevelopmentRecordView } from "~/developments/components/development-record.tsx";
import { ProgressSection } from "~/developments/components/progress-section.tsx";
import { progressAccess, progressOf } from "~/developments/reports.server.ts";
import { requireOwnDevelopment } from "~/web/developments.server.ts";
import { GeneralErrorBoundary } from "~/web/error-boundary.tsx";
import { pageTitle } from "~/web/meta.ts";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, "developments.recordHeading", { plot: args.data?.record.plot });

/** The awarded organisation's development record: its promises, programme, progress reports and variations. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, record, today } = await requireOwnDevelopment(request, params.id);
  const [progress, access] = await Promise.all([progressOf(record.id), progressAccess(user, record.id)]);
  return { record, today, progress, mayReport: Boolean(access?.report) };
}

export default function DevelopmentPage() {
  const { t } = useTranslation();
  const { record, today, progress, mayReport } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const base = `/developments/${record.id}/variations/new`;
  return (
    <div className="space-y-6">
      <p><Link to="/developments" className="text-park-700 underline">{t("developments.title")}</Link></p>
      {searchParams.get("requested") ? <p role="status" className="rounded border-2 border-park-700 bg-green-50 p-3">{t("variations.requestedNote")}</p> : null}
      <DevelopmentRecordView
        record={record}
        today={new Date(today)}
        requestHref={record.mayRequestVariation ? (subject, milestone) => `${base}?subject=${subject}${milestone ? `&milestone=${milestone}` : ""}` : undefined}
      >
        {progress ? (
          <ProgressSection
            progress={progress}
            reportHref={(reportId) => `/developments/${record.id}/reports/${reportId}`}
            reportAction={mayReport ? `/developments/${record.id}/reports/new` : undefined}
          />
        ) : null}
      </DevelopmentRecordView>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
