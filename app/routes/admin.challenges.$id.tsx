import { getFormProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Unbroken } from "~/platform/ui/code.tsx";
import { ConfirmStep } from "~/platform/ui/confirm-step.tsx";
import { ErrorSummary, FieldErrors } from "~/platform/ui/error-summary.tsx";
import { SubmitButton, VALIDATE_ON_SUBMIT } from "~/platform/ui/forms.tsx";
import { decideChallenge } from "~/results/challenge-decisions.server.ts";
import { challengeForStaff } from "~/results/challenges.server.ts";
import { ChallengeSummary } from "~/results/components/challenge-summary.tsx";
import { CHALLENGE_DECISIONS, decideChallengeSchema, REOPEN_STAGES, type ChallengeDecisionInput } from "~/results/schemas.ts";
import { confirmed, goingBack } from "~/web/confirmation.server.ts";
import { GeneralErrorBoundary, notFound } from "~/web/error-boundary.tsx";
import { readForm, refused } from "~/web/forms.server.ts";
import { pageTitle } from "~/web/meta.ts";
import { whenRefused } from "~/web/refusals.server.ts";
import { requirePermission } from "~/web/require.server.ts";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, "challenges.view", { receipt: args.data?.challenge.receiptNumber });

async function challengeOf(params: { id?: string }) {
  const id = z.uuid().safeParse(params.id);
  const challenge = id.success ? await challengeForStaff(id.data) : null;
  if (!challenge) throw notFound();
  return challenge;
}

/** An administrator reads a challenge and decides it. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "challenges:decide");
  return { challenge: await challengeOf(params) };
}

/**
 * Deciding takes two steps: the decision form, checked, leads to a confirmation page that says what
 * will happen; only a POST from that page (carrying its confirmation) decides.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "challenges:decide");
  const challenge = await challengeOf(params);
  const form = await readForm(request);
  const submission = parseWithZod(form, { schema: decideChallengeSchema });
  if (submission.status !== "success") return refused(submission.reply());
  if (goingBack(form)) return data(submission.reply());
  if (!confirmed(form)) return data({ review: submission.value, status: "review" as const });
  try {
    await decideChallenge(admin, challenge.id, submission.value);
  } catch (error) {
    return whenRefused(error, ({ code, status }) => refused(submission.reply({ formErrors: [code] }), status));
  }
  return redirect(`/admin/challenges/${challenge.id}?decided=1`);
}

function Confirmation({ review, challenge }: { review: ChallengeDecisionInput; challenge: { id: string; receiptNumber: string; award: { plot: { code: string } }; lodgedBy: { name: string } } }) {
  const { t } = useTranslation();
  const plot = challenge.award.plot.code;
  return (
    <ConfirmStep
      title={t("challenges.confirmTitle", { receipt: challenge.receiptNumber })}
      confirmLabel={t("challenges.confirm")}
      destructive={review.decision === "upheld"}
      changeable
      backTo={`/admin/challenges/${challenge.id}`}
      consequences={[
        review.decision === "upheld" ? t("challenges.confirmUphold", { plot, stage: t(`challenges.stage.${review.stage}`) }) : t("challenges.confirmDismiss", { plot }),
        t("challenges.confirmEmail", { name: challenge.lodgedBy.name }),
      ]}
    >
      <div className="space-y-1">
        <p className="font-semibold">{t("challenges.responseLabel")}</p>
        <p className="whitespace-pre-line border-l-4 border-slate-400 bg-slate-50 p-3">{review.response}</p>
      </div>
      <input type="hidden" name="decision" value={review.decision} />
      <input type="hidden" name="response" value={review.response} />
      {review.stage ? <input type="hidden" name="stage" value={review.stage} /> : null}
    </ConfirmStep>
  );
}

export default function StaffChallenge() {
  const { challenge } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (result && "review" in result) return <Confirmation review={result.review} challenge={challenge} />;
  return <ChallengePage challenge={challenge} lastResult={result} />;
}

/**
 * The challenge and the decision form: mounted afresh after the confirmation page, so that coming
 * back from it (`lastResult` then carries what was entered) fills the form as it was.
 */
function ChallengePage({ challenge, lastResult }: { challenge: ReturnType<typeof useLoaderData<typeof loader>>["challenge"]; lastResult: SubmissionResult<string[]> | undefined }) {
  const { t } = useTranslation();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: decideChallengeSchema }),
    ...VALIDATE_ON_SUBMIT,
  });
  return (
    <div className="max-w-4xl space-y-6">
      <p><Link to="/admin/challenges" className="text-park-700 underline">{t("challenges.staffTitle")}</Link></p>
      <h1 className="text-3xl font-semibold"><Unbroken text={t("challenges.view", { receipt: challenge.receiptNumber })} /></h1>
      {searchParams.get("decided") ? <p role="status" className="rounded border-2 border-park-700 bg-green-50 p-3">{t("challenges.decided")}</p> : null}
      <ChallengeSummary challenge={challenge} documentHref={(documentId) => `/challenges/${challenge.id}/documents/${documentId}`} />
      {challenge.state === "open" ? (
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <h2 className="text-2xl font-semibold">{t("challenges.decideHeading")}</h2>
          <ErrorSummary form={form} />
          <fieldset className="space-y-1" aria-describedby={fields.decision.errors?.length ? fields.decision.errorId : undefined}>
            <legend className="font-medium">{t("challenges.decision")}</legend>
            {CHALLENGE_DECISIONS.map((d, i) => (
              <label key={d} className="flex items-center gap-2">
                <input type="radio" name={fields.decision.name} value={d} id={i === 0 ? fields.decision.id : undefined} defaultChecked={fields.decision.initialValue === d} />
                {t(d === "dismissed" ? "challenges.dismiss" : "challenges.uphold")}
              </label>
            ))}
            <FieldErrors id={fields.decision.errorId} errors={fields.decision.errors} />
          </fieldset>
          <fieldset className="space-y-1" aria-describedby={fields.stage.errors?.length ? fields.stage.errorId : undefined}>
            <legend className="font-medium">{t("challenges.reopenStage")}</legend>
            {REOPEN_STAGES.map((s, i) => (
              <label key={s} className="flex items-center gap-2">
                <input type="radio" name={fields.stage.name} value={s} id={i === 0 ? fields.stage.id : undefined} defaultChecked={fields.stage.initialValue === s} />
                {t(`challenges.stage.${s}`)}
              </label>
            ))}
            <FieldErrors id={fields.stage.errorId} errors={fields.stage.errors} />
          </fieldset>
          <div className="space-y-1">
            <label htmlFor={fields.response.id} className="block font-medium">{t("challenges.responseLabel")}</label>
            <p id={`${fields.response.id}-hint`} className="text-sm text-slate-700">{t("challenges.responseHint")}</p>
            <textarea {...getTextareaProps(fields.response, { ariaDescribedBy: `${fields.response.id}-hint` })} rows={6} className="w-full rounded border border-slate-500 px-3 py-2 aria-invalid:border-red-700" />
            <FieldErrors id={fields.response.errorId} errors={fields.response.errors} />
          </div>
          <SubmitButton>{t("challenges.continue")}</SubmitButton>
        </Form>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
