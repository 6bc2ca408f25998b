import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { loginSchema } from "~/accounts/schemas.ts";
import { logIn } from "~/accounts/sessions.server.ts";
import { requireAnonymous, returnToOf, safeRedirect } from "~/web/require.server.ts";
import { ErrorSummary } from "~/platform/ui/error-summary.tsx";
import { VALIDATE_ON_SUBMIT, Field, Honeypot, SubmitButton } from "~/platform/ui/forms.tsx";
import { readForm, refused } from "~/web/forms.server.ts";
import { languageCookie } from "~/platform/i18n/i18n.server.ts";
import { isLanguage } from "~/platform/i18n/i18n.ts";
import { pageTitle } from "~/web/meta.ts";
import { checkRateLimits, forgetRateLimit, RATE_LIMITS } from "~/platform/rate-limit.server.ts";

export const meta: MetaFunction = (args) => pageTitle(args, "login.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const returnTo = returnToOf(request);
  await requireAnonymous(request, returnTo ?? undefined);
  return { returnTo };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await readForm(request), { schema: loginSchema });
  if (submission.status !== "success") return refused(submission.reply({ hideFields: ["password"] }));
  const { email, password, redirectTo, website } = submission.value;
  // A bot that filled the honeypot is told what a wrong password is told, and nothing is checked.
  if (website) return refused(submission.reply({ formErrors: ["errors.badCredentials"], hideFields: ["password"] }));
  const verdict = await checkRateLimits([
    [RATE_LIMITS.loginByIp, context.clientIp],
    [RATE_LIMITS.loginByAccount, email],
  ]);
  if (!verdict.allowed) {
    return refused(submission.reply({ formErrors: ["errors.rateLimited"], hideFields: ["password"] }), 429, {
      "Retry-After": String(verdict.retryAfter),
    });
  }
  const result = await logIn(email, password, { userAgent: request.headers.get("User-Agent"), ipAddress: context.clientIp });
  if (!result.ok) return refused(submission.reply({ formErrors: ["errors.badCredentials"], hideFields: ["password"] }));
  await forgetRateLimit(RATE_LIMITS.loginByAccount, email);
  const headers = new Headers({ "Set-Cookie": result.setCookie });
  if (isLanguage(result.locale)) headers.append("Set-Cookie", await languageCookie.serialize(result.locale));
  return redirect(safeRedirect(redirectTo, "/account"), { headers });
}

export default function Login() {
  const { t } = useTranslation();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { returnTo } = useLoaderData<typeof loader>();
  const [form, fields] = useForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: loginSchema }),
    ...VALIDATE_ON_SUBMIT,
  });
  return (
    <section className="max-w-lg space-y-6">
      <h1 className="text-3xl font-semibold">{t("login.title")}</h1>
      {searchParams.get("reset") ? <p role="status">{t("reset.done")}</p> : null}
      {searchParams.get("verified") ? <p role="status">{t("verify.done")}</p> : null}
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <ErrorSummary form={form} />
        <input type="hidden" name="redirectTo" value={returnTo ?? ""} />
        <Field field={fields.email} label={t("account.email")} type="email" autoComplete="username" />
        <Field field={fields.password} label={t("account.password")} type="password" autoComplete="current-password" />
        <Honeypot />
        <SubmitButton>{t("login.submit")}</SubmitButton>
      </Form>
      <p>
        <Link to="/forgot-password" className="text-park-700 underline">{t("login.forgot")}</Link>
      </p>
      <p>
        {t("login.noAccount")}{" "}
        <Link to={returnTo ? `/signup?redirectTo=${encodeURIComponent(returnTo)}` : "/signup"} className="text-park-700 underline">{t("signup.title")}</Link>
      </p>
    </section>
  );
}
