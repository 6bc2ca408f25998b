import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { focusSectors, organisationSchema, origins } from "~/accounts/schemas.ts";
import { requirePermission, returnToOf, safeRedirect } from "~/web/require.server.ts";
import { ErrorSummary } from "~/platform/ui/error-summary.tsx";
import { VALIDATE_ON_SUBMIT, CheckboxesField, Field, SelectField, SubmitButton } from "~/platform/ui/forms.tsx";
import { readForm, refused } from "~/web/forms.server.ts";
import { pageTitle } from "~/web/meta.ts";
import { createOrganisation } from "~/organisations/organisations.server.ts";
import { whenRefused } from "~/web/refusals.server.ts";

export const meta: MetaFunction = (args) => pageTitle(args, "organisations.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "organisation:create");
  return { memberships: user.memberships, acting: user.organisation?.id ?? null, verified: user.emailVerified, returnTo: returnToOf(request) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "organisation:create");
  const form = await readForm(request);
  const submission = parseWithZod(form, { schema: organisationSchema });
  if (submission.status !== "success") return refused(submission.reply());
  try {
    const id = await createOrganisation(user, submission.value);
    // Back to the release or plot the person started from, now able to prepare a proposal there.
    return redirect(safeRedirect(form.get("redirectTo"), `/organisations/${id}`));
  } catch (error) {
    // A number already registered (however it is written) is the number field's problem.
    const fieldOf = (code: string) => (code === "organisations.registrationTaken" ? { fieldErrors: { registrationNumber: [code] } } : { formErrors: [code] });
    return whenRefused(error, ({ code, status }) => refused(submission.reply(fieldOf(code)), status));
  }
}

export default function Organisations() {
  const { t } = useTranslation();
  const { memberships, acting, verified, returnTo } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: organisationSchema }),
    ...VALIDATE_ON_SUBMIT,
  });
  return (
    <div className="space-y-10">
      <section>
        <h1 className="text-3xl font-semibold">{t("organisations.title")}</h1>
        {memberships.length === 0 ? (
          <p className="mt-3">{t("organisations.none")}</p>
        ) : (
          <ul className="mt-3 space-y-2">
            {memberships.map((m) => (
              <li key={m.organisationId}>
                <Link to={`/organisations/${m.organisationId}`} className="text-park-700 underline">{m.name}</Link>
                <span className="ml-2 text-sm text-slate-700">
                  {t(`roles.${m.role}`)}
                  {m.organisationId === acting ? ` · ${t("organisations.actingFor")}` : ""}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="create-heading" className="max-w-lg space-y-4">
        <h2 id="create-heading" className="text-2xl font-semibold">{t("organisations.create")}</h2>
        {!verified ? <p role="alert" className="text-red-800">{t("organisations.verifyFirst")}</p> : null}
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <ErrorSummary form={form} />
          {returnTo ? <input type="hidden" name="redirectTo" value={returnTo} /> : null}
          <Field field={fields.name} label={t("organisations.name")} autoComplete="organization" />
          <Field field={fields.registrationNumber} label={t("organisations.registrationNumber")} hint={t("organisations.registrationHint")} />
          <SelectField field={fields.origin} label={t("organisations.origin")} placeholder={t("organisations.choose")} options={origins.map((o) => ({ value: o, label: t(`origin.${o}`) }))} />
          <CheckboxesField field={fields.focusSectors} legend={t("organisations.focusSectors")} options={focusSectors.map((s) => ({ value: s, label: t(`sector.${s}`) }))} />
          <SubmitButton>{t("organisations.createSubmit")}</SubmitButton>
        </Form>
      </section>
    </div>
  );
}
