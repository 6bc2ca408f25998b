import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { registerProposer } from "~/accounts/accounts.server.ts";
import { HONEYPOT_FIELD, signupSchema } from "~/accounts/schemas.ts";
import { requireAnonymous, returnToOf, safeRedirect } from "~/web/require.server.ts";
import { registrationCookie } from "~/accounts/sessions.server.ts";
import { ErrorSummary } from "~/platform/ui/error-summary.tsx";
import { VALIDATE_ON_SUBMIT, Field, Honeypot, SelectField, SubmitButton } from "~/platform/ui/forms.tsx";
import { readForm, refused } from "~/web/forms.server.ts";
import { languages } from "~/platform/i18n/i18n.ts";
import { pageTitle } from "~/web/meta.ts";
import { checkRateLimits, RATE_LIMITS } from "~/platform/rate-limit.server.ts";

export const meta: MetaFunction = (args) => pageTitle(args, "signup.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const returnTo = returnToOf(request);
  await requireAnonymous(request, returnTo ?? undefined);
  return { returnTo };
}

/** "Check your email", keeping the place to come back to for the "send a new link" page. */
const checkEmail = (returnTo: string | null) => `/signup?sent=1${returnTo ? `&redirectTo=${encodeURIComponent(returnTo)}` : ""}`;

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const submission = parseWithZod(form, { schema: signupSchema });
  if (submission.status !== "success") return refused(submission.reply({ hideFields: ["password"] }));
  // A filled honeypot gets the ordinary answer, so the bot learns nothing; nothing is stored.
  const returnTo = safeRedirect(submission.value.redirectTo, "") || null;
  if (submission.value.website || form.get(HONEYPOT_FIELD)) return redirect(checkEmail(returnTo));
  const verdict = await checkRateLimits([
    [RATE_LIMITS.signupByIp, context.clientIp],
    [RATE_LIMITS.signupByAccount, submission.value.email],
  ]);
  if (!verdict.allowed) {
    return refused(submission.reply({ formErrors: ["errors.rateLimited"], hideFields: ["password"] }), 429, {
      "Retry-After": String(verdict.retryAfter),
    });
  }
  const { name, email, password, language } = submission.value;
  const outcome = await registerProposer({ name, email, password, language }, returnTo ?? undefined);
  if (outcome.status === "invalid") {
    return refused(submission.reply({ fieldErrors: { password: [outcome.problem] }, hideFields: ["password"] }));
  }
  return redirect(checkEmail(returnTo), { headers: { "Set-Cookie": await registrationCookie.serialize(outcome.browserProof) } });
}

export default function Signup() {
  const { t, i18n } = useTranslation();
  const [searchParams] = useSearchParams();
  const { returnTo } = useLoaderData<typeof loader>();
  const back = returnTo ? `?redirectTo=${encodeURIComponent(returnTo)}` : "";
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult,
    defaultValue: { language: i18n.language },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: signupSchema }),
    ...VALIDATE_ON_SUBMIT,
  });
  if (searchParams.get("sent")) {
    return (
      <section className="max-w-2xl space-y-4">
        <h1 className="text-3xl font-semibold">{t("signup.checkEmailTitle")}</h1>
        <p>{t("signup.checkEmail")}</p>
        <p>
          <Link to={`/verify-email${back}`} className="text-park-700 underline">{t("verify.resendLink")}</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="max-w-lg space-y-6">
      <h1 className="text-3xl font-semibold">{t("signup.title")}</h1>
      <p>{t("signup.intro")}</p>
      {returnTo ? <p>{t("journey.signupReturn")}</p> : null}
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <ErrorSummary form={form} />
        {returnTo ? <input type="hidden" name="redirectTo" value={returnTo} /> : null}
        <Field field={fields.name} label={t("account.name")} autoComplete="name" />
        <Field field={fields.email} label={t("account.email")} type="email" autoComplete="email" />
        <Field field={fields.password} label={t("account.password")} type="password" autoComplete="new-password" hint={t("account.passwordHint")} />
          <SelectField field={fields.language} label={t("account.language")} options={languages.map((l) => ({ value: l, label: t(`language.${l}`) }))} />
        <Honeypot />
        <SubmitButton>{t("signup.submit")}</SubmitButton>
      </Form>
      <p>
        {t("signup.haveAccount")} <Link to={`/login${back}`} className="text-park-700 underline">{t("login.title")}</Link>
      </p>
    </section>
  );
}
