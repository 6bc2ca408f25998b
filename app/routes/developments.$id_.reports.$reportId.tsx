import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { useDayText } from "~/developments/components/progress-section.tsx";
import { ReportDetails } from "~/developments/components/report-details.tsx";
import { progressAccess, reportForReader } from "~/developments/reports.server.ts";
import { Unbroken } from "~/platform/ui/code.tsx";
import { GeneralErrorBoundary, notFound } from "~/web/error-boundary.tsx";
import { pageTitle } from "~/web/meta.ts";
import { requirePermission } from "~/web/require.server.ts";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, "progressReports.view", { dueOn: args.data?.report.dueOn });

/** One progress report, for the awarded organisation's members and administrators; anyone else is told it does not exist. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "progress:read");
  const ids = z.object({ id: z.uuid(), reportId: z.uuid() }).safeParse(params);
  const report = ids.success ? await reportForReader(user, ids.data.id, ids.data.reportId) : null;
  if (!report) throw notFound();
  const access = await progressAccess(user, report.developmentId);
  return { report, mayReport: Boolean(access?.report) };
}

export default function ProgressReportPage() {
  const { t } = useTranslation();
  const day = useDayText();
  const { report, mayReport } = useLoaderData<typeof loader>();
  const [search] = useSearchParams();
  return (
    <div className="max-w-3xl space-y-6">
      <p><Link to={`/developments/${report.developmentId}/reports`} className="text-park-700 underline">{t("progressReports.plot", { plot: report.plot })}</Link></p>
      {search.get("submitted") ? (
        <div role="status" className="space-y-2 rounded bg-park-700 p-6 text-white">
          <h1 className="text-3xl font-semibold">{t("progressReports.submitted")}</h1>
          <p>{t("progressReports.submittedBody")}</p>
        </div>
      ) : (
        <h1 className="text-3xl font-semibold"><Unbroken text={t("progressReports.view", { dueOn: day(report.dueOn) })} /></h1>
      )}
      {report.state === "queried" && mayReport ? (
        <p className="border-l-4 border-amber-700 bg-amber-50 p-3">
          <Unbroken text={t("progressReports.queriedNotice", { dueOn: day(report.dueOn) })} />{" "}
          <Link to={`/developments/${report.developmentId}/reports/new?due=${report.dueOn}`} className="font-medium text-park-700 underline">{t("progressReports.report")}</Link>
        </p>
      ) : null}
      <ReportDetails report={report} documentHref={(documentId) => `/developments/${report.developmentId}/reports/${report.id}/documents/${documentId}`} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
