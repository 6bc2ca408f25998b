import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { checkAccountToken, resendVerification, verifyEmail } from "~/accounts/accounts.server.ts";
import { getCurrentUser, registrationCookie } from "~/accounts/sessions.server.ts";
import { returnToOf, safeRedirect } from "~/web/require.server.ts";
import { forgotPasswordSchema, HONEYPOT_FIELD } from "~/accounts/schemas.ts";
import { ErrorSummary } from "~/platform/ui/error-summary.tsx";
import { VALIDATE_ON_SUBMIT, Field, Honeypot, SubmitButton } from "~/platform/ui/forms.tsx";
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
  const returnTo = returnToOf(request);
  if (token === null) return { token: null, returnTo, state: "resend" as const };
  return { token, returnTo, state: (await checkAccountToken("email_verification", token)) === "valid" ? ("confirm" as const) : ("invalid" as const) };
}

const redirectTo = z.string().max(2_000).optional();
const confirmSchema = z.object({ intent: z.literal("confirm"), token: z.string().max(100), redirectTo });
const resendSchema = forgotPasswordSchema.extend({ intent: z.literal("resend"), redirectTo });

/**
 * Once confirmed, the person goes back to where they started: signed in when this is the browser that
 * registered, otherwise (another browser or device) to sign in, with the place kept.
 */
async function afterConfirming(request: Request, setCookie: string | null, returnTo: string | null) {
  const headers = new Headers({ "Set-Cookie": await registrationCookie.serialize("", { maxAge: 0 }) });
  if (setCookie) {
    headers.append("Set-Cookie", setCookie);
    return redirect(returnTo ?? "/account", { headers });
  }
  if (await getCurrentUser(request)) return redirect(returnTo ?? "/account", { headers });
  return redirect(`/login?verified=1${returnTo ? `&redirectTo=${encodeURIComponent(returnTo)}` : ""}`, { headers });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  if (form.get("intent") === "confirm") {
    const confirm = confirmSchema.safeParse(Object.fromEntries(form));
    const verdict = await checkRateLimits([[RATE_LIMITS.verifyByIp, context.clientIp]]);
    if (!verdict.allowed) {
      return data({ status: "success" as const, outcome: "rate-limited" as const }, { status: 429, headers: { "Retry-After": String(verdict.retryAfter) } });
    }
    const proof: unknown = await registrationCookie.parse(request.headers.get("Cookie"));
    const result = confirm.success
      ? await verifyEmail(confirm.data.token, { proof, userAgent: request.headers.get("User-Agent"), ipAddress: context.clientIp })
      : ({ status: "invalid" } as const);
    if (result.status === "invalid") return { status: "success" as const, outcome: "invalid" as const };
    return afterConfirming(request, result.setCookie, safeRedirect(confirm.data?.redirectTo, "") || null);
  }
  const submission = parseWithZod(form, { schema: resendSchema });
  if (submission.status !== "success") return refused(submission.reply());
  const { email, website, redirectTo: returnTo } = submission.value;
  const verdict = await checkRateLimits([
    [RATE_LIMITS.verifyByIp, context.clientIp],
    [RATE_LIMITS.verifyByAccount, email],
  ]);
  if (!verdict.allowed) return refused(submission.reply({ formErrors: ["errors.rateLimited"] }), 429, { "Retry-After": String(verdict.retryAfter) });
  if (!website && !form.get(HONEYPOT_FIELD)) await resendVerification(email, safeRedirect(returnTo, "") || undefined);
  return { status: "success" as const, outcome: "resent" as const };
}

function ResendForm({ returnTo }: { returnTo: string | null }) {
  const { t } = useTranslation();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult: lastResult && "initialValue" in lastResult ? lastResult : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: resendSchema }),
    ...VALIDATE_ON_SUBMIT,
  });
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-4">
      <ErrorSummary form={form} />
      <input type="hidden" name="intent" value="resend" />
      {returnTo ? <input type="hidden" name="redirectTo" value={returnTo} /> : null}
      <Field field={fields.email} label={t("account.email")} type="email" autoComplete="email" />
      <Honeypot />
      <SubmitButton>{t("verify.resend")}</SubmitButton>
    </Form>
  );
}

export default function VerifyEmail() {
  const { t } = useTranslation();
  const { token, returnTo, state } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const outcome = result && "outcome" in result ? result.outcome : undefined;
  return (
    <section className="max-w-2xl space-y-4">
      <h1 className="text-3xl font-semibold">{t("verify.title")}</h1>
      {outcome === "resent" ? (
        <p role="status">{t("verify.resent")}</p>
      ) : state === "confirm" && outcome !== "invalid" ? (
        <Form method="post" className="space-y-4">
          {outcome === "rate-limited" ? <p role="alert">{t("errors.rateLimited")}</p> : null}
          <p>{t("verify.confirmIntro")}</p>
          <input type="hidden" name="intent" value="confirm" />
          <input type="hidden" name="token" value={token ?? ""} />
          {returnTo ? <input type="hidden" name="redirectTo" value={returnTo} /> : null}
          <SubmitButton>{t("verify.confirm")}</SubmitButton>
        </Form>
      ) : (
        <>
          {state === "invalid" || outcome === "invalid" ? <p role="alert">{t("verify.invalid")}</p> : <p>{t("verify.resendIntro")}</p>}
          <ResendForm returnTo={returnTo} />
        </>
      )}
    </section>
  );
}
