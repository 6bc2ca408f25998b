import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/web/require.server.ts";
import { ConfirmStep } from "~/platform/ui/confirm-step.tsx";
import { ProblemList } from "~/platform/ui/problem-list.tsx";
import { cancellationPreview, cancelRelease, publicReasonSchema } from "~/releases/cancellation.server.ts";
import { PublicReasonFields } from "~/releases/components/public-reason-fields.tsx";
import { confirmed, previewOf, releaseOfStep, UNCONFIRMED } from "~/web/confirmation.server.ts";
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
  if (!confirmed(form)) return data({ problems: [{ key: UNCONFIRMED }] }, { status: 400 });
  const parsed = publicReasonSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return data({ problems: parsed.error.issues.map((i) => ({ key: i.message })) }, { status: 400 });
  try {
    await cancelRelease(admin, code, parsed.data);
  } catch (error) {
    return whenRefused(error, ({ code: key, status }) => data({ problems: [{ key }] }, { status }));
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
      problem={problems ? <ProblemList problems={problems} /> : undefined}
      blocked={Boolean(refusal)}
      consequences={
        preview
          ? [t("stages.confirm.cancel.plots", { count: preview.plots.length, plots: preview.plots.join(", ") }), t("stages.confirm.cancel.emails"), t("stages.confirm.cancel.final")]
          : []
      }
    >
      <PublicReasonFields prefix="cancel" />
    </ConfirmStep>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
