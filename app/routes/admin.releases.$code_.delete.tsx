import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/web/require.server.ts";
import { ConfirmStep } from "~/platform/ui/confirm-step.tsx";
import { deleteDraftRelease, draftDeletionPreview } from "~/releases/builder.server.ts";
import { confirmed, previewOf, releaseOfStep, UNCONFIRMED } from "~/web/confirmation.server.ts";
import { GeneralErrorBoundary } from "~/web/error-boundary.tsx";
import { readForm } from "~/web/forms.server.ts";
import { pageTitle } from "~/web/meta.ts";
import { whenRefused } from "~/web/refusals.server.ts";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, "stages.confirm.deleteDraft.title", { code: args.data?.code });

/** Deleting a draft release, after a page that says what goes with it. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "releases:manage");
  const code = releaseOfStep(params.code);
  return { code, ...(await previewOf(() => draftDeletionPreview(code))) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "releases:manage");
  const code = releaseOfStep(params.code);
  if (!confirmed(await readForm(request))) return data({ problem: UNCONFIRMED }, { status: 400 });
  try {
    await deleteDraftRelease(admin, code);
  } catch (error) {
    return whenRefused(error, ({ code: problem, status }) => data({ problem }, { status }));
  }
  return redirect("/admin/releases?deleted=1");
}

export default function DeleteDraft() {
  const { t } = useTranslation();
  const { code, preview, refusal } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const problem = result?.problem ?? refusal;
  return (
    <ConfirmStep
      title={t("stages.confirm.deleteDraft.title", { code })}
      confirmLabel={t("builder.deleteDraft")}
      destructive
      backTo={`/admin/releases/${code}`}
      problems={problem ? [{ message: problem }] : undefined}
      blocked={Boolean(refusal)}
      consequences={
        preview
          ? [
              t("journeys2.confirm.deleteContents", {
                criteria: t("journeys2.count.criterion", { count: preview.criteria }),
                documents: t("journeys2.count.requiredDocument", { count: preview.requiredDocuments }),
                files: t("journeys2.count.tenderFile", { count: preview.documents }),
              }),
              t("journeys2.confirm.deletePlots", { count: preview.plots }),
            ]
          : []
      }
    />
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
