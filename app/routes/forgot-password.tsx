import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requestPasswordReset } from "~/accounts/accounts.server.ts";
import { forgotPasswordSchema, HONEYPOT_FIELD } from "~/accounts/schemas.ts";
import { ErrorSummary } from "~/platform/ui/error-summary.tsx";
import { VALIDATE_ON_SUBMIT, Field, Honeypot, SubmitButton } from "~/platform/ui/forms.tsx";
import { readForm, refused } from "~/web/forms.server.ts";
import { pageTitle } from "~/web/meta.ts";
import { checkRateLimits, RATE_LIMITS } from "~/platform/rate-limit.server.ts";

export const meta: MetaFunction = (args) => pageTitle(args, "forgot.title");

/** Public: anyone may ask for a reset link (the answer never says whether the address has an account). */
export function loader() {
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const submission = parseWithZod(form, { schema: forgotPasswordSchema });
  if (submission.status !== "success") return refused(submission.reply());
  const { email, website } = submission.value;
  const verdict = await checkRateLimits([
    [RATE_LIMITS.resetByIp, context.clientIp],
    [RATE_LIMITS.resetByAccount, email],
  ]);
  if (!verdict.allowed) return refused(submission.reply({ formErrors: ["errors.rateLimited"] }), 429, { "Retry-After": String(verdict.retryAfter) });
  // The same answer whether or not the address has an account (and for a bot that filled the honeypot).
  if (!website && !form.get(HONEYPOT_FIELD)) await requestPasswordReset(email);
  return redirect("/forgot-password?sent=1");
}

export default function ForgotPassword() {
  const { t } = useTranslation();
  const [searchParams] = useSearchParams();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: forgotPasswordSchema }),
    ...VALIDATE_ON_SUBMIT,
  });
  return (
    <section className="max-w-lg space-y-6">
      <h1 className="text-3xl font-semibold">{t("forgot.title")}</h1>
      {searchParams.get("sent") ? (
        <p role="status">{t("forgot.sent")}</p>
      ) : (
        <>
          <p>{t("forgot.intro")}</p>
          <Form method="post" {...getFormProps(form)} className="space-y-4">
            <ErrorSummary form={form} />
            <Field field={fields.email} label={t("account.email")} type="email" autoComplete="email" />
            <Honeypot />
            <SubmitButton>{t("forgot.submit")}</SubmitButton>
          </Form>
        </>
      )}
    </section>
  );
}
