import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { checkAccountToken, resetPassword } from "~/accounts/accounts.server.ts";
import { resetPasswordSchema } from "~/accounts/schemas.ts";
import { clearSessionCookie } from "~/accounts/sessions.server.ts";
import { ErrorSummary } from "~/platform/ui/error-summary.tsx";
import { VALIDATE_ON_SUBMIT, Field, SubmitButton } from "~/platform/ui/forms.tsx";
import { readForm, refused } from "~/web/forms.server.ts";
import { pageTitle } from "~/web/meta.ts";
import { checkRateLimits, RATE_LIMITS } from "~/platform/rate-limit.server.ts";

export const meta: MetaFunction = (args) => pageTitle(args, "reset.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  return { token, valid: (await checkAccountToken("password_reset", token)) === "valid" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await readForm(request), { schema: resetPasswordSchema });
  const hidden = { hideFields: ["password", "confirm"] };
  if (submission.status !== "success") return refused(submission.reply(hidden));
  const verdict = await checkRateLimits([[RATE_LIMITS.linkByIp, context.clientIp]]);
  if (!verdict.allowed) return refused(submission.reply({ ...hidden, formErrors: ["errors.rateLimited"] }), 429, { "Retry-After": String(verdict.retryAfter) });
  const outcome = await resetPassword(submission.value.token, submission.value.password);
  if (outcome.status === "invalid") return refused(submission.reply({ ...hidden, fieldErrors: { password: [outcome.problem] } }));
  if (outcome.status === "invalid-token") return refused(submission.reply({ ...hidden, formErrors: ["reset.invalid"] }));
  // Every session of the account has ended, this browser's included.
  return redirect("/login?reset=1", { headers: { "Set-Cookie": await clearSessionCookie() } });
}

export default function ResetPassword() {
  const { t } = useTranslation();
  const { token, valid } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: resetPasswordSchema }),
    ...VALIDATE_ON_SUBMIT,
  });
  if (!valid) {
    return (
      <section className="max-w-2xl space-y-4">
        <h1 className="text-3xl font-semibold">{t("reset.title")}</h1>
        <p role="alert">{t("reset.invalid")}</p>
        <p><Link to="/forgot-password" className="text-park-700 underline">{t("reset.again")}</Link></p>
      </section>
    );
  }
  return (
    <section className="max-w-lg space-y-6">
      <h1 className="text-3xl font-semibold">{t("reset.title")}</h1>
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <ErrorSummary form={form} />
        <input type="hidden" name="token" value={token} />
        <Field field={fields.password} label={t("account.newPassword")} type="password" autoComplete="new-password" hint={t("account.passwordHint")} />
        <Field field={fields.confirm} label={t("account.confirmPassword")} type="password" autoComplete="new-password" />
        <SubmitButton>{t("reset.submit")}</SubmitButton>
      </Form>
    </section>
  );
}
