import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { acceptStaffSchema } from "~/accounts/schemas.ts";
import { getCurrentUser } from "~/accounts/sessions.server.ts";
import { requireUser } from "~/web/require.server.ts";
import { ErrorSummary } from "~/platform/ui/error-summary.tsx";
import { VALIDATE_ON_SUBMIT, Field, SelectField, SubmitButton } from "~/platform/ui/forms.tsx";
import { readForm, refused } from "~/web/forms.server.ts";
import { languages } from "~/platform/i18n/i18n.ts";
import { pageTitle } from "~/web/meta.ts";
import { checkRateLimits, RATE_LIMITS } from "~/platform/rate-limit.server.ts";
import { acceptMemberInvitation, acceptStaffInvitation, findOpenInvitation } from "~/organisations/organisations.server.ts";
import { whenRefused } from "~/web/refusals.server.ts";

export const meta: MetaFunction = (args) => pageTitle(args, "invitations.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const invitation = await findOpenInvitation(params.token);
  if (!invitation) return { invitation: null, signedInAs: null };
  const user = await getCurrentUser(request);
  return {
    invitation: {
      email: invitation.email,
      organisation: invitation.organisation?.name ?? null,
      role: invitation.memberRole ?? invitation.staffRole!,
      staff: invitation.staffRole !== null,
      inviter: invitation.invitedBy.name,
    },
    signedInAs: user?.email ?? null,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const form = await readForm(request);
  const verdict = await checkRateLimits([[RATE_LIMITS.linkByIp, context.clientIp]]);
  if (!verdict.allowed) {
    return data({ status: "error" as const, error: { "": ["errors.rateLimited"] } }, { status: 429, headers: { "Retry-After": String(verdict.retryAfter) } });
  }
  try {
    if (form.get("intent") === "accept") {
      const user = await requireUser(request);
      const organisationId = await acceptMemberInvitation(user, token);
      return redirect(`/organisations/${organisationId}`);
    }
    const submission = parseWithZod(form, { schema: acceptStaffSchema });
    if (submission.status !== "success") return refused(submission.reply({ hideFields: ["password"] }));
    const outcome = await acceptStaffInvitation(token, submission.value);
    if (outcome.status === "invalid") return refused(submission.reply({ fieldErrors: { password: [outcome.problem] }, hideFields: ["password"] }));
    return redirect("/login?welcome=1");
  } catch (error) {
    return whenRefused(error, ({ code, status }) => data({ status: "error" as const, error: { "": [code] } }, { status }));
  }
}

export default function Invitation() {
  const { t, i18n } = useTranslation();
  const { invitation, signedInAs } = useLoaderData<typeof loader>();
  const location = useLocation();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult: lastResult && "initialValue" in lastResult ? lastResult : undefined,
    defaultValue: { language: i18n.language },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: acceptStaffSchema }),
    ...VALIDATE_ON_SUBMIT,
  });
  const problem = lastResult && !("initialValue" in lastResult) ? (lastResult.error?.[""] ?? undefined) : undefined;
  if (!invitation) {
    return (
      <section className="max-w-2xl space-y-4">
        <h1 className="text-3xl font-semibold">{t("invitations.title")}</h1>
        <p role="alert">{t("invitations.invalid")}</p>
        <p><Link to="/" className="text-park-700 underline">{t("error.backHome")}</Link></p>
      </section>
    );
  }
  const role = t(`roles.${invitation.role}`);
  return (
    <section className="max-w-2xl space-y-4">
      <h1 className="text-3xl font-semibold">{t("invitations.title")}</h1>
      <p>
        {invitation.staff
          ? t("invitations.staffIntro", { inviter: invitation.inviter, role })
          : t("invitations.memberIntro", { inviter: invitation.inviter, organisation: invitation.organisation, role })}
      </p>
      <p>{t("invitations.forEmail", { email: invitation.email })}</p>
      <ErrorSummary items={problem?.map((message) => ({ message }))} />
      {invitation.staff ? (
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <ErrorSummary form={form} />
          <input type="hidden" name="intent" value="create-staff" />
          <Field field={fields.name} label={t("account.name")} autoComplete="name" />
          <Field field={fields.password} label={t("account.password")} type="password" autoComplete="new-password" hint={t("account.passwordHint")} />
          <SelectField field={fields.language} label={t("account.language")} options={languages.map((l) => ({ value: l, label: t(`language.${l}`) }))} />
          <SubmitButton>{t("invitations.createStaff")}</SubmitButton>
        </Form>
      ) : signedInAs === invitation.email ? (
        <Form method="post">
          <input type="hidden" name="intent" value="accept" />
          <SubmitButton>{t("invitations.accept")}</SubmitButton>
        </Form>
      ) : signedInAs ? (
        <p role="alert">{t("invitations.otherEmailSignedIn", { email: signedInAs })}</p>
      ) : (
        <p>
          {t("invitations.signInFirst")}{" "}
          <Link to={`/login?redirectTo=${encodeURIComponent(location.pathname)}`} className="text-park-700 underline">{t("login.title")}</Link>
          {" · "}
          <Link to="/signup" className="text-park-700 underline">{t("signup.title")}</Link>
        </p>
      )}
    </section>
  );
}
