import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/web/require.server.ts";
import { ConfirmStep } from "~/platform/ui/confirm-step.tsx";
import { cancellationPreview, cancelRelease } from "~/releases/cancellation.server.ts";
import { PublicReasonFields } from "~/releases/components/public-reason-fields.tsx";
import { previewOf, publicReasonsOf, releaseOfStep, type RefusedReasons } from "~/web/confirmation.server.ts";
import { GeneralErrorBoundary } from "~/web/error-boundary.tsx";
import { readForm } from "~/web/forms.server.ts";
import { pageTitle } from "~/web/meta.ts";
import { whenRefused } from "~/web/refusals.server.ts";


export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, "stages.confirm.cancel.title", { code: args.data?.code });

/** Cancelling a release, after a page that says what it will do and asks for the public reason. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "releases:manage");
  const code = releaseOfStep(params.code);
  return { code, ...(await previewOf(() => cancellationPreview(code))) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "releases:manage");
  const code = releaseOfStep(params.code);
  const form = await readForm(request);
  const { reasons, refused } = publicReasonsOf(form);
  if (refused) return refused;
  try {
    await cancelRelease(admin, code, reasons);
  } catch (error) {
    return whenRefused(error, ({ code: key, status }) => data<RefusedReasons>({ problems: [{ key }] }, { status }));
  }
  return redirect(`/admin/releases/${code}?cancelled=1`);
}

export default function CancelRelease() {
  const { t } = useTranslation();
  const { code, preview, refusal } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const problems = result?.problems ?? (refusal ? [{ key: refusal }] : null);
  return (
    <ConfirmStep
      title={t("stages.confirm.cancel.title", { code })}
      confirmLabel={t("cancellation.cancelSubmit")}
      destructive
      backTo={`/admin/releases/${code}`}
      problems={problems?.map((p) => ({ message: p.key, target: p.field ? `cancel-${p.field}` : undefined }))}
      blocked={Boolean(refusal)}
      consequences={
        preview
          ? [t("stages.confirm.cancel.plots", { count: preview.plots.length, plots: preview.plots.join(t("format.listSeparator")) }), t("stages.confirm.cancel.emails"), t("stages.confirm.cancel.final")]
          : []
      }
    >
      <PublicReasonFields prefix="cancel" sent={result?.sent} problems={result?.problems} />
    </ConfirmStep>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
