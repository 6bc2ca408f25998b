import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { useDayText } from "~/developments/components/progress-section.tsx";
import { reviewProgressReport, verificationPreview } from "~/developments/reports.server.ts";
import { ConfirmStep } from "~/platform/ui/confirm-step.tsx";
import { confirmed, previewOf, UNCONFIRMED } from "~/web/confirmation.server.ts";
import { GeneralErrorBoundary, notFound } from "~/web/error-boundary.tsx";
import { readForm } from "~/web/forms.server.ts";
import { pageTitle } from "~/web/meta.ts";
import { whenRefused } from "~/web/refusals.server.ts";
import { requirePermission } from "~/web/require.server.ts";

export const meta: MetaFunction = (args) => pageTitle(args, "progressReports.admin.verify");

function idsOf(params: { id?: string; reportId?: string }) {
  const ids = z.object({ id: z.uuid(), reportId: z.uuid() }).safeParse(params);
  if (!ids.success) throw notFound();
  return ids.data;
}

/** What verifying will do (the milestones reached, the plot's new state), or why it cannot be done now. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "progress:verify");
  const { id, reportId } = idsOf(params);
  const answer = await previewOf(() => verificationPreview(id, reportId));
  if (answer.refusal === "progressReports.errors.unknownReport") throw notFound();
  return { ...answer, id, reportId };
}

/** Verifying changes the plot's state: only from this confirmation page. */
export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "progress:verify");
  const { id, reportId } = idsOf(params);
  if (!confirmed(await readForm(request))) return data({ problem: UNCONFIRMED }, { status: 400 });
  try {
    await reviewProgressReport(admin, id, reportId, { decision: "verify" });
  } catch (error) {
    return whenRefused(error, ({ code, status }) => data({ problem: code }, { status }));
  }
  return redirect(`/admin/developments/${id}/reports/${reportId}?reviewed=verified`);
}

export default function VerifyProgressReport() {
  const { t } = useTranslation();
  const day = useDayText();
  const { preview, refusal, id, reportId } = useLoaderData<typeof loader>();
  const problem = useActionData<typeof action>()?.problem ?? refusal;
  const plotState = (state: string) => t(`plotState.${state}`);
  return (
    <ConfirmStep
      title={preview ? t("progressReports.admin.confirmTitle", { dueOn: day(preview.dueOn), plot: preview.plot }) : t("progressReports.admin.verify")}
      confirmLabel={t("progressReports.admin.verify")}
      backTo={`/admin/developments/${id}/reports/${reportId}`}
      problems={problem ? [{ message: problem }] : undefined}
      blocked={!preview}
      consequences={
        preview
          ? [
              ...(preview.milestones.length
                ? preview.milestones.map((m) => t("progressReports.admin.confirmMilestone", { milestone: t(`progressReports.milestone.${m.kind}`), reachedOn: day(m.reachedOn) }))
                : [t("progressReports.admin.confirmNoMilestones")]),
              preview.plotStateAfter !== preview.plotStateBefore
                ? t("progressReports.admin.confirmPlotState", { from: plotState(preview.plotStateBefore), to: plotState(preview.plotStateAfter) })
                : t("progressReports.admin.confirmPlotUnchanged", { state: plotState(preview.plotStateBefore) }),
              t("progressReports.admin.confirmEmail"),
            ]
          : []
      }
    />
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
