import { getFormProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { usePromiseText } from "~/developments/components/promise-text.tsx";
import { VARIATION_DECISIONS, variationDecisionSchema, type VariationDecision } from "~/developments/schemas.ts";
import { decideVariation, variationForDecision } from "~/developments/variations.server.ts";
import { pick } from "~/platform/i18n/i18n.ts";
import { Code, Unbroken } from "~/platform/ui/code.tsx";
import { ConfirmStep } from "~/platform/ui/confirm-step.tsx";
import { ParkTime } from "~/platform/ui/deadline.tsx";
import { ErrorSummary, FieldErrors } from "~/platform/ui/error-summary.tsx";
import { SubmitButton, VALIDATE_ON_SUBMIT } from "~/platform/ui/forms.tsx";
import { SummaryList } from "~/platform/ui/summary-list.tsx";
import { useReleaseTitle } from "~/releases/components/release-summary.tsx";
import { confirmed, goingBack } from "~/web/confirmation.server.ts";
import { GeneralErrorBoundary, notFound } from "~/web/error-boundary.tsx";
import { readForm, refused } from "~/web/forms.server.ts";
import { pageTitle } from "~/web/meta.ts";
import { whenRefused } from "~/web/refusals.server.ts";
import { requirePermission } from "~/web/require.server.ts";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, "variations.decideTitle", { plot: args.data?.variation.plot });

async function variationOf(params: { id?: string; variationId?: string }) {
  const ids = z.object({ id: z.uuid(), variationId: z.uuid() }).safeParse(params);
  const variation = ids.success ? await variationForDecision(ids.data.id, ids.data.variationId) : null;
  if (!variation) throw notFound();
  return variation;
}

/** An administrator reads a variation request and decides it. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "developments:manage");
  return { variation: await variationOf(params) };
}

/**
 * Deciding takes two steps: the decision form, checked, leads to a confirmation page that states the
 * consequence; only a POST from that page (carrying its confirmation) decides.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "developments:manage");
  const variation = await variationOf(params);
  const form = await readForm(request);
  const submission = parseWithZod(form, { schema: variationDecisionSchema });
  if (submission.status !== "success") return refused(submission.reply());
  if (goingBack(form)) return data(submission.reply());
  if (!confirmed(form)) return data({ review: submission.value, status: "review" as const });
  try {
    await decideVariation(admin, variation.developmentId, variation.id, submission.value);
  } catch (error) {
    return whenRefused(error, ({ code, status }) => refused(submission.reply({ formErrors: [code] }), status));
  }
  return redirect(`/admin/developments/${variation.developmentId}?decided=1`);
}

type Variation = ReturnType<typeof useLoaderData<typeof loader>>["variation"];

function Confirmation({ review, variation }: { review: VariationDecision; variation: Variation }) {
  const { t } = useTranslation();
  const text = usePromiseText();
  const promise = text.subject(variation.subject, variation.milestoneKind);
  const from = text.value(variation.subject, variation.fromValue);
  const to = text.value(variation.subject, variation.toValue);
  const approve = review.decision === "approved";
  return (
    <ConfirmStep
      title={t(approve ? "variations.confirmApproveTitle" : "variations.confirmRefuseTitle", { promise, plot: variation.plot })}
      confirmLabel={t(approve ? "variations.confirmApprove" : "variations.confirmRefuse")}
      destructive={!approve}
      changeable
      backTo={`/admin/developments/${variation.developmentId}/variations/${variation.id}`}
      consequences={[
        approve ? t("variations.consequenceApprove", { promise, from, to, plot: variation.plot }) : t("variations.consequenceRefuse", { promise, from, plot: variation.plot }),
        t("variations.consequenceOriginalKept"),
        t("variations.consequenceEmail", { organisation: variation.organisation }),
      ]}
    >
      {/* What will be emailed, to read once more before it goes. */}
      {review.noteEn ? (
        <SummaryList
          rows={[
            { key: t("variations.confirmNoteEn"), value: <span lang="en" className="whitespace-pre-wrap">{review.noteEn}</span> },
            { key: t("variations.confirmNoteZhHant"), value: <span lang="zh-Hant" className="whitespace-pre-wrap">{review.noteZhHant}</span> },
          ]}
        />
      ) : null}
      <input type="hidden" name="decision" value={review.decision} />
      <input type="hidden" name="noteEn" value={review.noteEn} />
      <input type="hidden" name="noteZhHant" value={review.noteZhHant} />
    </ConfirmStep>
  );
}

export default function DecideVariation() {
  const { variation } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (result && "review" in result) return <Confirmation review={result.review} variation={variation} />;
  return <DecisionForm variation={variation} lastResult={result} />;
}

/**
 * The variation and the decision form: mounted afresh after the confirmation page, so that coming
 * back from it (`lastResult` then carries what was entered) fills the form as it was.
 */
function DecisionForm({ variation, lastResult }: { variation: Variation; lastResult: SubmissionResult<string[]> | undefined }) {
  const { t } = useTranslation();
  const { language } = useReleaseTitle();
  const text = usePromiseText();
  const [form, fields] = useForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: variationDecisionSchema }),
    ...VALIDATE_ON_SUBMIT,
  });
  const promise = text.subject(variation.subject, variation.milestoneKind);
  return (
    <div className="max-w-4xl space-y-6">
      <p><Link to={`/admin/developments/${variation.developmentId}`} className="text-park-700 underline">{t("variations.backToRecord")}</Link></p>
      <h1 className="text-3xl font-semibold">{t("variations.decideHeading", { promise, plot: variation.plot })}</h1>
      <SummaryList
        rows={[
          { key: t("developments.columns.organisation"), value: variation.organisation },
          { key: t("variations.columns.promise"), value: promise },
          { key: t("variations.columns.from"), value: <Unbroken text={text.value(variation.subject, variation.fromValue)} /> },
          { key: t("variations.columns.to"), value: <Unbroken text={text.value(variation.subject, variation.toValue)} /> },
          { key: t("variations.columns.reason"), value: pick(language, { en: variation.reasonEn, zhHant: variation.reasonZhHant }) },
          { key: t("variations.columns.requested"), value: <>{variation.requestedBy} · <Code><ParkTime date={new Date(variation.requestedAt)} /></Code></> },
          { key: t("variations.columns.decision"), value: t(`variations.state.${variation.state}`) },
        ]}
      />
      {variation.state === "requested" ? (
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <h2 className="text-2xl font-semibold">{t("variations.decideSubheading")}</h2>
          <ErrorSummary form={form} />
          <fieldset className="space-y-1" aria-describedby={fields.decision.errors?.length ? fields.decision.errorId : undefined}>
            <legend className="font-medium">{t("variations.columns.decision")}</legend>
            {VARIATION_DECISIONS.map((d, i) => (
              <label key={d} className="flex items-center gap-2">
                <input type="radio" name={fields.decision.name} value={d} id={i === 0 ? fields.decision.id : undefined} defaultChecked={fields.decision.initialValue === d} />
                {t(`variations.decide.${d}`)}
              </label>
            ))}
            <FieldErrors id={fields.decision.errorId} errors={fields.decision.errors} />
          </fieldset>
          <fieldset className="space-y-3" aria-describedby="decision-note-hint">
            <legend className="font-medium">{t("variations.noteLabel")}</legend>
            <p id="decision-note-hint" className="text-sm text-slate-700">{t("variations.noteHint")}</p>
            {([
              [fields.noteEn, "variations.noteEn"],
              [fields.noteZhHant, "variations.noteZhHant"],
            ] as const).map(([field, label]) => (
              <div key={field.name} className="space-y-1">
                <label htmlFor={field.id} className="block">{t(label)}</label>
                <textarea {...getTextareaProps(field)} rows={4} className="w-full rounded border border-slate-500 px-3 py-2 aria-invalid:border-red-700" />
                <FieldErrors id={field.errorId} errors={field.errors} />
              </div>
            ))}
          </fieldset>
          <SubmitButton>{t("variations.continue")}</SubmitButton>
        </Form>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
