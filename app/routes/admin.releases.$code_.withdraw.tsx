import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { formatDateTime, PARK_TIME_ZONE } from "~/platform/time.ts";
import { intlLocale } from "~/platform/i18n/i18n.ts";
import { useLanguage } from "~/platform/ui/deadline.tsx";
import { requirePermission } from "~/web/require.server.ts";
import { ConfirmStep } from "~/platform/ui/confirm-step.tsx";
import { plotCodeSchema } from "~/plots/schemas.ts";
import { withdrawalPreview, withdrawPlot } from "~/releases/cancellation.server.ts";
import { PublicReasonFields } from "~/releases/components/public-reason-fields.tsx";
import { releaseCodeSchema } from "~/releases/schemas.ts";
import { previewOf, publicReasonsOf, type RefusedReasons } from "~/web/confirmation.server.ts";
import { GeneralErrorBoundary, notFound } from "~/web/error-boundary.tsx";
import { readForm } from "~/web/forms.server.ts";
import { pageTitle } from "~/web/meta.ts";
import { whenRefused } from "~/web/refusals.server.ts";


export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, "stages.confirm.withdraw.title", { code: args.data?.code, plot: args.data?.plot });

/** The release and the plot (`?plot=`, as the release page's form sends it); anything malformed does not exist. */
function withdrawal(request: Request, code: string | undefined) {
  const release = releaseCodeSchema.safeParse(code);
  const plot = plotCodeSchema.safeParse(new URL(request.url).searchParams.get("plot"));
  if (!release.success || !plot.success) throw notFound();
  return { code: release.data, plot: plot.data };
}

/** Withdrawing one plot of a release, after a page that says what it will do and asks for the public reason. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "releases:manage");
  const { code, plot } = withdrawal(request, params.code);
  return { code, plot, ...(await previewOf(() => withdrawalPreview(code, plot))) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "releases:manage");
  const { code, plot } = withdrawal(request, params.code);
  const form = await readForm(request);
  const { reasons, refused } = publicReasonsOf(form);
  if (refused) return refused;
  try {
    await withdrawPlot(admin, code, plot, reasons);
  } catch (error) {
    return whenRefused(error, ({ code: key, status }) => data<RefusedReasons>({ problems: [{ key }] }, { status }));
  }
  return redirect(`/admin/releases/${code}?withdrawn=1`);
}

/** What the withdrawal does to the tender: the addendum it issues and where it leaves the deadline. */
function addendumConsequences(t: TFunction, locale: string, addendum: NonNullable<Awaited<ReturnType<typeof withdrawalPreview>>["addendum"]>): string[] {
  const time = (iso: string) => formatDateTime(new Date(iso), PARK_TIME_ZONE, locale);
  const { deadline, opening } = addendum;
  return [
    t("text.withdrawal.confirm.addendum", { number: addendum.number }),
    addendum.deadlinePassed
      ? t("text.withdrawal.confirm.deadlinePassed", { deadline: time(deadline.from) })
      : deadline.moves
        ? t("text.withdrawal.confirm.deadlineMoves", { from: time(deadline.from), to: time(deadline.to) })
        : t("text.withdrawal.confirm.deadlineStays", { deadline: time(deadline.from) }),
    ...(opening.moves ? [t("text.withdrawal.confirm.openingMoves", { to: time(opening.to) })] : []),
  ];
}

export default function WithdrawPlot() {
  const { t } = useTranslation();
  const { code, plot, preview, refusal } = useLoaderData<typeof loader>();
  const locale = intlLocale(useLanguage());
  const result = useActionData<typeof action>();
  const problems = result?.problems ?? (refusal ? [{ key: refusal }] : null);
  return (
    <ConfirmStep
      title={t("stages.confirm.withdraw.title", { code, plot })}
      confirmLabel={t("cancellation.withdrawSubmit")}
      destructive
      backTo={`/admin/releases/${code}`}
      problems={problems?.map((p) => ({ message: p.key, target: p.field ? `withdraw-${p.field}` : undefined }))}
      blocked={Boolean(refusal)}
      consequences={
        preview
          ? [
              t("stages.confirm.withdraw.plot", { plot, count: preview.remaining }),
              ...(preview.addendum ? addendumConsequences(t, locale, preview.addendum) : [t("text.withdrawal.confirm.noAddendum"), t("stages.confirm.withdraw.emails")]),
            ]
          : []
      }
    >
      <PublicReasonFields prefix="withdraw" sent={result?.sent} problems={result?.problems} />
    </ConfirmStep>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
