import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { inviteStaffSchema, staffRoles } from "~/accounts/schemas.ts";
import { requirePermission } from "~/web/require.server.ts";
import { listStaff } from "~/accounts/staff.server.ts";
import { ErrorSummary } from "~/platform/ui/error-summary.tsx";
import { VALIDATE_ON_SUBMIT, Field, SelectField, SubmitButton } from "~/platform/ui/forms.tsx";
import { readForm, refused } from "~/web/forms.server.ts";
import { pageTitle } from "~/web/meta.ts";
import { whenRefused } from "~/web/refusals.server.ts";
import { inviteStaff } from "~/organisations/organisations.server.ts";

export const meta: MetaFunction = (args) => pageTitle(args, "admin.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "staff:invite");
  return listStaff();
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "staff:invite");
  const submission = parseWithZod(await readForm(request), { schema: inviteStaffSchema });
  if (submission.status !== "success") return refused(submission.reply());
  try {
    await inviteStaff(admin, submission.value.email, submission.value.role);
  } catch (error) {
    return whenRefused(error, ({ code, status }) => refused(submission.reply({ formErrors: [code] }), status));
  }
  return redirect("/admin?invited=1");
}

export default function Admin() {
  const { t } = useTranslation();
  const { staff, invitations } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult,
    defaultValue: { role: "evaluator" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: inviteStaffSchema }),
    ...VALIDATE_ON_SUBMIT,
  });
  return (
    <div className="space-y-10">
      <section>
        <h1 className="text-3xl font-semibold">{t("admin.title")}</h1>
        <ul className="mt-3 flex flex-wrap gap-4">
          <li><Link to="/admin/releases" className="text-park-700 underline">{t("builder.title")}</Link></li>
          <li><Link to="/admin/plots" className="text-park-700 underline">{t("admin.inventory")}</Link></li>
          <li><Link to="/admin/audit" className="text-park-700 underline">{t("admin.audit")}</Link></li>
          <li><Link to="/admin/outbox" className="text-park-700 underline">{t("admin.outbox")}</Link></li>
          <li><Link to="/admin/challenges" className="text-park-700 underline">{t("challenges.staffTitle")}</Link></li>
          <li><Link to="/admin/portfolio" className="text-park-700 underline">{t("portfolio.admin.title")}</Link></li>
          <li><Link to="/admin/developments" className="text-park-700 underline">{t("developments.staffTitle")}</Link></li>
        </ul>
      </section>
      <section aria-labelledby="staff-heading" className="space-y-3">
        <h2 id="staff-heading" className="text-2xl font-semibold">{t("admin.staff")}</h2>
        <ul className="space-y-1">
          {staff.map((person) => (
            <li key={person.id}>{person.name} · {person.email} · {t(`roles.${person.staffRole}`)}</li>
          ))}
          {invitations.map((inv) => (
            <li key={inv.id} className="text-slate-700">{t("admin.invited", { email: inv.email, role: t(`roles.${inv.staffRole}`) })}</li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="invite-heading" className="max-w-lg space-y-4">
        <h2 id="invite-heading" className="text-2xl font-semibold">{t("admin.inviteStaff")}</h2>
        {searchParams.get("invited") ? <p role="status">{t("admin.invitationSent")}</p> : null}
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <ErrorSummary form={form} />
          <Field field={fields.email} label={t("account.email")} type="email" />
          <SelectField field={fields.role} label={t("organisations.role")} options={staffRoles.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
          <SubmitButton>{t("organisations.sendInvitation")}</SubmitButton>
        </Form>
      </section>
    </div>
  );
}
