import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { inviteMemberSchema, memberRoles, memberRoleSchema, removeMemberSchema } from "~/accounts/schemas.ts";
import { requireUser } from "~/web/require.server.ts";
import { DataTable } from "~/platform/ui/data-table.tsx";
import { ParkTime } from "~/platform/ui/deadline.tsx";
import { GeneralErrorBoundary, notFound } from "~/web/error-boundary.tsx";
import { ErrorSummary } from "~/platform/ui/error-summary.tsx";
import { VALIDATE_ON_SUBMIT, Field, SelectField, SubmitButton } from "~/platform/ui/forms.tsx";
import { readForm, refused } from "~/web/forms.server.ts";
import { pageTitle } from "~/web/meta.ts";
import { actFor, changeMemberRole, getOrganisationForMember, inviteMember, removeMember } from "~/organisations/organisations.server.ts";
import { whenRefused } from "~/web/refusals.server.ts";

export const meta: MetaFunction<typeof loader> = (args) =>
  pageTitle(args, "organisations.page", { name: args.data?.organisation.name });

const idSchema = z.uuid();

/** Only members see an organisation; to anyone else it does not exist (404). */
async function memberView(request: Request, id: string | undefined) {
  const user = await requireUser(request);
  const parsed = idSchema.safeParse(id);
  const view = parsed.success ? await getOrganisationForMember(user.id, parsed.data) : null;
  if (!view) throw notFound();
  return { user, ...view };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, organisation, myRole } = await memberView(request, params.id);
  return { organisation, myRole, me: user.id, acting: user.organisation?.id === organisation.id };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, organisation } = await memberView(request, params.id);
  const form = await readForm(request);
  const intent = form.get("intent");
  const schema = intent === "invite" ? inviteMemberSchema : intent === "role" ? memberRoleSchema : intent === "remove" ? removeMemberSchema : null;
  if (intent === "act") {
    await actFor(user, organisation.id);
    return redirect(`/organisations/${organisation.id}`);
  }
  if (!schema) return data({ status: "error" as const }, { status: 400 });
  const submission = parseWithZod(form, { schema });
  if (submission.status !== "success") return refused(submission.reply());
  try {
    const value = submission.value;
    if (value.intent === "invite") await inviteMember(user, organisation.id, value.email, value.role);
    else if (value.intent === "role") await changeMemberRole(user, organisation.id, value.userId, value.role);
    else await removeMember(user, organisation.id, value.userId);
  } catch (error) {
    return whenRefused(error, ({ code, status }) => refused(submission.reply({ formErrors: [code] }), status));
  }
  return redirect(`/organisations/${organisation.id}?done=${String(intent)}`);
}

export default function OrganisationPage() {
  const { t } = useTranslation();
  const { organisation, myRole, me, acting } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const owner = myRole === "owner";
  const inviteResult = lastResult && "initialValue" in lastResult && lastResult.initialValue?.intent === "invite" ? lastResult : undefined;
  const [inviteForm, invite] = useForm({
    id: "invite",
    lastResult: inviteResult,
    defaultValue: { role: "contributor" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: inviteMemberSchema }),
    ...VALIDATE_ON_SUBMIT,
  });
  const otherErrors = lastResult && "initialValue" in lastResult && !inviteResult ? lastResult.error?.[""] : undefined;
  return (
    <div className="space-y-10">
      <section>
        <h1 className="text-3xl font-semibold">{organisation.name}</h1>
        <p className="mt-1 text-slate-700">
          {organisation.registrationNumber} · {t(`origin.${organisation.origin}`)} · {organisation.focusSectors.map((s) => t(`sector.${s}`)).join(t("format.listSeparator"))}
        </p>
        <p className="mt-1">{t("organisations.yourRole", { role: t(`roles.${myRole}`) })}</p>
        {acting ? (
          <p className="mt-2">{t("organisations.actingForNote")}</p>
        ) : (
          <Form method="post" className="mt-2">
            <input type="hidden" name="intent" value="act" />
            <SubmitButton>{t("organisations.actFor")}</SubmitButton>
          </Form>
        )}
      </section>
      <section aria-labelledby="members-heading" className="space-y-4">
        <h2 id="members-heading" className="text-2xl font-semibold">{t("organisations.members")}</h2>
        <ErrorSummary items={otherErrors?.map((message) => ({ message }))} />
        <DataTable
          label={t("organisations.members")}
          columns={[
            { label: t("account.name") },
            { label: t("account.email") },
            { label: t("organisations.role") },
            ...(owner ? [{ label: <span className="sr-only">{t("account.actions")}</span> }] : []),
          ]}
        >
            {organisation.members.map((member) => (
              <tr key={member.userId} className="border-b border-slate-200">
                <td className="p-2">{member.user.name}{member.userId === me ? ` ${t("organisations.you")}` : ""}</td>
                <td className="p-2">{member.user.email}</td>
                <td className="p-2">
                  {owner ? (
                    <Form method="post" className="flex items-center gap-2">
                      <input type="hidden" name="intent" value="role" />
                      <input type="hidden" name="userId" value={member.userId} />
                      <label className="sr-only" htmlFor={`role-${member.userId}`}>{t("organisations.roleOf", { name: member.user.name })}</label>
                      <select id={`role-${member.userId}`} name="role" defaultValue={member.role} className="rounded border border-slate-500 px-2 py-1">
                        {memberRoles.map((role) => <option key={role} value={role}>{t(`roles.${role}`)}</option>)}
                      </select>
                      <button type="submit" className="text-park-700 underline">{t("organisations.setRole")}</button>
                    </Form>
                  ) : (
                    t(`roles.${member.role}`)
                  )}
                </td>
                {owner ? (
                  <td className="p-2">
                    <Form method="post">
                      <input type="hidden" name="intent" value="remove" />
                      <input type="hidden" name="userId" value={member.userId} />
                      <button type="submit" className="text-red-800 underline">{t("organisations.remove", { name: member.user.name })}</button>
                    </Form>
                  </td>
                ) : null}
              </tr>
            ))}
        </DataTable>
      </section>
      {owner ? (
        <section aria-labelledby="invite-heading" className="max-w-lg space-y-4">
          <h2 id="invite-heading" className="text-2xl font-semibold">{t("organisations.invite")}</h2>
          {organisation.invitations.length > 0 ? (
            <ul className="space-y-1 text-sm">
              {organisation.invitations.map((inv) => (
                <li key={inv.id}>
                  {t("organisations.pendingInvitation", { email: inv.email, role: t(`roles.${inv.memberRole ?? "contributor"}`) })} <ParkTime date={inv.expiresAt} />
                </li>
              ))}
            </ul>
          ) : null}
          <Form method="post" {...getFormProps(inviteForm)} className="space-y-4">
            <ErrorSummary form={inviteForm} />
            <input type="hidden" name="intent" value="invite" />
            <Field field={invite.email} label={t("account.email")} type="email" />
            <SelectField field={invite.role} label={t("organisations.role")} options={memberRoles.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
            <SubmitButton>{t("organisations.sendInvitation")}</SubmitButton>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
