import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { checkAccountToken, resendVerification, verifyEmail } from "~/accounts/accounts.server.ts";
import { forgotPasswordSchema, HONEYPOT_FIELD } from "~/accounts/schemas.ts";
import { ErrorSummary } from "~/platform/ui/error-summary.tsx";
import { Field, Honeypot, SubmitButton } from "~/platform/ui/forms.tsx";
import { readForm, refused } from "~/web/forms.server.ts";
import { pageTitle } from "~/web/meta.ts";
import { checkRateLimits, RATE_LIMITS } from "~/platform/rate-limit.server.ts";

export const meta: MetaFunction = (args) => pageTitle(args, "verify.title");

/**
 * The link in the email opens this page; the address is confirmed only by pressing its button
 * (a POST), so mail scanners that fetch links cannot use up the single-use token.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token");
  if (token === null) return { token: null, state: "resend" as const };
  return { token, state: (await checkAccountToken("email_verification", token)) === "valid" ? ("confirm" as const) : ("invalid" as const) };
}

const confirmSchema = z.object({ intent: z.literal("confirm"), token: z.string().max(100) });
const resendSchema = forgotPasswordSchema.extend({ intent: z.literal("resend") });

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  if (form.get("intent") === "confirm") {
    const confirm = confirmSchema.safeParse(Object.fromEntries(form));
    const verdict = await checkRateLimits([[RATE_LIMITS.verifyByIp, context.clientIp]]);
    if (!verdict.allowed) {
      return data({ status: "success" as const, outcome: "rate-limited" as const }, { status: 429, headers: { "Retry-After": String(verdict.retryAfter) } });
    }
    const result = confirm.success ? await verifyEmail(confirm.data.token) : "invalid";
    return { status: "success" as const, outcome: result };
  }
  const submission = parseWithZod(form, { schema: resendSchema });
  if (submission.status !== "success") return refused(submission.reply());
  const { email, website } = submission.value;
  const verdict = await checkRateLimits([
    [RATE_LIMITS.verifyByIp, context.clientIp],
    [RATE_LIMITS.verifyByAccount, email],
  ]);
  if (!verdict.allowed) return refused(submission.reply({ formErrors: ["errors.rateLimited"] }), 429, { "Retry-After": String(verdict.retryAfter) });
  if (!website && !form.get(HONEYPOT_FIELD)) await resendVerification(email);
  return { status: "success" as const, outcome: "resent" as const };
}

function ResendForm() {
  const { t } = useTranslation();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult: lastResult && "initialValue" in lastResult ? lastResult : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: resendSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-4">
      <ErrorSummary form={form} />
      <input type="hidden" name="intent" value="resend" />
      <Field field={fields.email} label={t("account.email")} type="email" autoComplete="email" />
      <Honeypot />
      <SubmitButton>{t("verify.resend")}</SubmitButton>
    </Form>
  );
}

export default function VerifyEmail() {
  const { t } = useTranslation();
  const { token, state } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const outcome = result && "outcome" in result ? result.outcome : undefined;
  return (
    <section className="max-w-2xl space-y-4">
      <h1 className="text-3xl font-semibold">{t("verify.title")}</h1>
      {outcome === "verified" ? (
        <>
          <p role="status">{t("verify.done")}</p>
          <p><Link to="/login" className="text-park-700 underline">{t("login.title")}</Link></p>
        </>
      ) : outcome === "resent" ? (
        <p role="status">{t("verify.resent")}</p>
      ) : state === "confirm" && outcome !== "invalid" ? (
        <Form method="post" className="space-y-4">
          {outcome === "rate-limited" ? <p role="alert">{t("errors.rateLimited")}</p> : null}
          <p>{t("verify.confirmIntro")}</p>
          <input type="hidden" name="intent" value="confirm" />
          <input type="hidden" name="token" value={token ?? ""} />
          <SubmitButton>{t("verify.confirm")}</SubmitButton>
        </Form>
      ) : (
        <>
          {state === "invalid" || outcome === "invalid" ? <p role="alert">{t("verify.invalid")}</p> : <p>{t("verify.resendIntro")}</p>}
          <ResendForm />
        </>
      )}
    </section>
  );
}
