import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ProgressSection } from "~/developments/components/progress-section.tsx";
import { REMINDER_DAYS_BEFORE } from "~/developments/reminders.server.ts";
import { progressAccess, progressOf } from "~/developments/reports.server.ts";
import { GeneralErrorBoundary, notFound } from "~/web/error-boundary.tsx";
import { pageTitle } from "~/web/meta.ts";
import { requirePermission } from "~/web/require.server.ts";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, "progressReports.title");

/**
 * A development's progress: for the awarded organisation's members (owners and submitters may
 * report) and administrators (who open each report to review it). Anyone else: it does not exist.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "progress:read");
  const id = z.uuid().safeParse(params.id);
  const access = id.success ? await progressAccess(user, id.data) : null;
  const progress = access && id.success ? await progressOf(id.data) : null;
  if (!access || !progress) throw notFound();
  return { progress, mayReport: access.report, administrator: user.staffRole === "administrator", reminderDays: REMINDER_DAYS_BEFORE };
}

export default function DevelopmentProgress() {
  const { t } = useTranslation();
  const { progress, mayReport, administrator, reminderDays } = useLoaderData<typeof loader>();
  const base = `${administrator ? "/admin" : ""}/developments/${progress.developmentId}/reports`;
  return (
    <div className="max-w-3xl space-y-6">
      <h1 className="text-3xl font-semibold">{t("progressReports.plot", { plot: progress.plot })}</h1>
      <p>{t("progressReports.intro")}</p>
      <p className="text-sm text-slate-700">{t("reminders.daysBefore", { days: reminderDays })}</p>
      <ProgressSection progress={progress} reportHref={(reportId) => `${base}/${reportId}`} reportAction={mayReport ? `/developments/${progress.developmentId}/reports/new` : undefined} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
