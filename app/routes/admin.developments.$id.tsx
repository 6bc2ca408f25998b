import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DevelopmentRecordView } from "~/developments/components/development-record.tsx";
import { ProgressSection } from "~/developments/components/progress-section.tsx";
import { progressOf } from "~/developments/reports.server.ts";
import { requireDevelopmentForStaff } from "~/web/developments.server.ts";
import { GeneralErrorBoundary } from "~/web/error-boundary.tsx";
import { pageTitle } from "~/web/meta.ts";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, "developments.recordHeading", { plot: args.data?.record.plot });

/** A development record for administrators: the same record, with variations to decide and promises they may vary. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { record, today } = await requireDevelopmentForStaff(request, params.id);
  return { record, today, progress: await progressOf(record.id) };
}

export default function StaffDevelopment() {
  const { t } = useTranslation();
  const { record, today, progress } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const base = `/developments/${record.id}/variations/new`;
  return (
    <div className="space-y-6">
      <p><Link to="/admin/developments" className="text-park-700 underline">{t("developments.staffTitle")}</Link></p>
      {searchParams.get("requested") ? <p role="status" className="rounded border-2 border-park-700 bg-green-50 p-3">{t("variations.requestedNote")}</p> : null}
      {searchParams.get("decided") ? <p role="status" className="rounded border-2 border-park-700 bg-green-50 p-3">{t("variations.decidedNote")}</p> : null}
      <DevelopmentRecordView
        record={record}
        today={new Date(today)}
        requestHref={(subject, milestone) => `${base}?subject=${subject}${milestone ? `&milestone=${milestone}` : ""}`}
        decideHref={(variationId) => `/admin/developments/${record.id}/variations/${variationId}`}
      >
        {progress ? <ProgressSection progress={progress} reportHref={(reportId) => `/admin/developments/${record.id}/reports/${reportId}`} /> : null}
      </DevelopmentRecordView>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
