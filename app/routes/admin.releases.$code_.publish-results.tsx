import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/web/require.server.ts";
import { ConfirmStep } from "~/platform/ui/confirm-step.tsx";
import { releaseForPanel } from "~/evaluation/panel.server.ts";
import { publicationCountsText } from "~/results/publication-counts.ts";
import { publicationPreview, publishResults } from "~/results/results.server.ts";
import { confirmed, previewOf, UNCONFIRMED } from "~/web/confirmation.server.ts";
import { GeneralErrorBoundary, notFound } from "~/web/error-boundary.tsx";
import { readForm } from "~/web/forms.server.ts";
import { pageTitle } from "~/web/meta.ts";
import { whenRefused } from "~/web/refusals.server.ts";
import { releaseCodeSchema } from "~/releases/schemas.ts";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, "stages.confirm.publish.title", { code: args.data?.code });

async function findRelease(request: Request, code: string | undefined) {
  const admin = await requirePermission(request, "results:publish");
  const parsed = releaseCodeSchema.safeParse(code);
  const release = parsed.success ? await releaseForPanel(parsed.data) : null;
  if (!release) throw notFound();
  return { admin, code: release.code };
}

/** Publishing the results, after a page that says what it will do. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { code } = await findRelease(request, params.code);
  return { code, ...(await previewOf(() => publicationPreview(code))) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { admin, code } = await findRelease(request, params.code);
  if (!confirmed(await readForm(request))) return data({ problem: UNCONFIRMED }, { status: 400 });
  try {
    await publishResults(admin, code);
  } catch (error) {
    return whenRefused(error, ({ code: problem, status }) => data({ problem }, { status }));
  }
  return redirect(`/admin/releases/${code}/evaluation?published=1`);
}

export default function PublishResults() {
  const { t } = useTranslation();
  const { code, preview, refusal } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const problem = result?.problem ?? refusal;
  return (
    <ConfirmStep
      title={t("stages.confirm.publish.title", { code })}
      confirmLabel={t("panel.publish")}
      backTo={`/admin/releases/${code}/evaluation`}
      problems={problem ? [{ message: problem }] : undefined}
      blocked={Boolean(refusal)}
      consequences={
        preview
          ? [
              ...publicationCountsText(t, preview),
              t("stages.confirm.publish.public"),
            ]
          : []
      }
    />
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
