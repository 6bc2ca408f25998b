import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/web/require.server.ts";
import { ConfirmStep } from "~/platform/ui/confirm-step.tsx";
import { GeneralErrorBoundary, notFound } from "~/web/error-boundary.tsx";
import { openingCountsText } from "~/evaluation/opening-counts.ts";
import { financialOpeningPreview, openFinancialEnvelopes, openTechnicalEnvelopes, technicalOpeningPreview } from "~/evaluation/opening.server.ts";
import { panelRelease } from "~/evaluation/panel.server.ts";
import { stageFacts } from "~/evaluation/stages.server.ts";
import { formatScore } from "~/evaluation/ranking.ts";
import { confirmed, previewOf, UNCONFIRMED } from "~/web/confirmation.server.ts";
import { readForm } from "~/web/forms.server.ts";
import { pageTitle } from "~/web/meta.ts";
import { whenRefused } from "~/web/refusals.server.ts";
import { releaseCodeSchema } from "~/releases/schemas.ts";

export const meta: MetaFunction<typeof loader> = (args) =>
  pageTitle(args, args.data?.envelope === "financial" ? "stages.confirm.openFinancial.title" : "stages.confirm.openTechnical.title", { code: args.data?.code });

/** The chair of this release's panel, and which envelopes; anyone else is told it does not exist. */
async function findChair(request: Request, params: LoaderFunctionArgs["params"]) {
  const user = await requirePermission(request, "evaluation:take-part");
  const parsed = releaseCodeSchema.safeParse(params.code);
  const envelope = params.envelope;
  const found = parsed.success && (envelope === "technical" || envelope === "financial") ? await panelRelease(user.id, parsed.data) : null;
  if (!found || found.role !== "chair") throw notFound();
  return { user, code: found.release.code, envelope: envelope as "technical" | "financial" };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, code, envelope } = await findChair(request, params);
  if (envelope === "technical") return { code, envelope, technical: await previewOf(() => technicalOpeningPreview(user, code)), financial: null, moderationPending: 0 };
  const facts = await stageFacts(code);
  return { code, envelope, technical: null, financial: await previewOf(() => financialOpeningPreview(user, code)), moderationPending: facts?.moderationPending ?? 0 };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, code, envelope } = await findChair(request, params);
  if (!confirmed(await readForm(request))) return data({ problem: UNCONFIRMED }, { status: 400 });
  try {
    if (envelope === "technical") {
      await openTechnicalEnvelopes(user, code);
      return redirect(`/evaluation/${code}?opened=1`);
    }
    await openFinancialEnvelopes(user, code);
    return redirect(`/evaluation/${code}/moderation?financial=1`);
  } catch (error) {
    return whenRefused(error, ({ code: problem, status }) => data({ problem }, { status }));
  }
}

export default function OpenEnvelopes() {
  const { t } = useTranslation();
  const { code, envelope, technical, financial, moderationPending } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const refusal = technical?.refusal ?? financial?.refusal ?? null;
  const problem = result?.problem ?? refusal;
  const shared = { backTo: `/evaluation/${code}`, problems: problem ? [{ message: problem }] : undefined, blocked: Boolean(refusal) };
  if (envelope === "technical") {
    const p = technical?.preview;
    return (
      <ConfirmStep
        {...shared}
        title={t("stages.confirm.openTechnical.title", { code })}
        confirmLabel={t("evaluation.openTechnical")}
        consequences={
          p
            ? [
                openingCountsText(t, p),
                t("stages.confirm.openTechnical.names"),
                t("stages.confirm.openTechnical.assignment", { mode: t(`evaluation.modes.${p.assignmentMode}`) }),
                t("stages.confirm.openTechnical.sealedFinancial"),
              ]
            : []
        }
      />
    );
  }
  const p = financial?.preview;
  return (
    <ConfirmStep
      {...shared}
      title={t("stages.confirm.openFinancial.title", { code })}
      confirmLabel={t("evaluation.openFinancial")}
      consequences={
        p
          ? [
              t("stages.confirm.openFinancial.passers", { passers: p.passers, count: p.proposals, mark: formatScore(p.passMark), percent: p.passMarkPercent, max: formatScore(p.technicalMax) }),
              t("stages.confirm.openFinancial.sealed", { count: p.proposals - p.passers }),
              ...(moderationPending > 0 ? [t("stages.confirm.openFinancial.unmoderated", { count: moderationPending })] : []),
              t("stages.confirm.openFinancial.locked"),
            ]
          : []
      }
    />
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
