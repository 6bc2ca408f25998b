import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/platform/ui/data-table.tsx";
import { z } from "zod";
import { changePassword, endSession, listSessions, updateProfile } from "~/accounts/accounts.server.ts";
import { changePasswordSchema, profileSchema } from "~/accounts/schemas.ts";
import { requireUser } from "~/web/require.server.ts";
import { ParkTime } from "~/platform/ui/deadline.tsx";
import { ErrorSummary } from "~/platform/ui/error-summary.tsx";
import { VALIDATE_ON_SUBMIT, Field, SelectField, SubmitButton } from "~/platform/ui/forms.tsx";
import { readForm, refused } from "~/web/forms.server.ts";
import { languageCookie } from "~/platform/i18n/i18n.server.ts";
import { languages } from "~/platform/i18n/i18n.ts";
import { pageTitle } from "~/web/meta.ts";
import { checkRateLimits, RATE_LIMITS } from "~/platform/rate-limit.server.ts";

export const meta: MetaFunction = (args) => pageTitle(args, "account.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { user, sessions: await listSessions(user.id) };
}

const endSessionSchema = z.object({ intent: z.literal("end-session"), sessionId: z.uuid() });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request);
  switch (form.get("intent")) {
    case "profile": {
      const submission = parseWithZod(form, { schema: profileSchema });
      if (submission.status !== "success") return refused(submission.reply());
      await updateProfile(user.id, submission.value);
      return redirect("/account?saved=profile", { headers: { "Set-Cookie": await languageCookie.serialize(submission.value.language) } });
    }
    case "password": {
      const submission = parseWithZod(form, { schema: changePasswordSchema });
      const hidden = { hideFields: ["current", "password", "confirm"] };
      if (submission.status !== "success") return refused(submission.reply(hidden));
      const verdict = await checkRateLimits([[RATE_LIMITS.passwordChangeByAccount, user.id]]);
      if (!verdict.allowed) return refused(submission.reply({ ...hidden, formErrors: ["errors.rateLimited"] }), 429, { "Retry-After": String(verdict.retryAfter) });
      const outcome = await changePassword(user, submission.value.current, submission.value.password);
      if (outcome.status === "wrong-current") return refused(submission.reply({ ...hidden, fieldErrors: { current: ["errors.wrongPassword"] } }));
      if (outcome.status === "invalid") return refused(submission.reply({ ...hidden, fieldErrors: { password: [outcome.problem] } }));
      return redirect("/account?saved=password");
    }
    case "end-session": {
      const parsed = endSessionSchema.safeParse(Object.fromEntries(form));
      if (!parsed.success || !(await endSession(user.id, parsed.data.sessionId))) return data({ status: "error" as const }, { status: 404 });
      return redirect("/account?saved=session");
    }
    default:
      return data({ status: "error" as const }, { status: 400 });
  }
}

export default function Account() {
  const { t } = useTranslation();
  const { user, sessions } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const intent = lastResult && "initialValue" in lastResult ? lastResult.initialValue?.intent : undefined;
  const [profileForm, profile] = useForm({
    id: "profile",
    lastResult: intent === "profile" ? lastResult : undefined,
    defaultValue: { name: user.name, language: user.locale },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: profileSchema }),
    ...VALIDATE_ON_SUBMIT,
  });
  const [passwordForm, password] = useForm({
    id: "password",
    lastResult: intent === "password" ? lastResult : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: changePasswordSchema }),
    ...VALIDATE_ON_SUBMIT,
  });
  const [searchParams] = useSearchParams();
  const saved = ["profile", "password", "session"].find((s) => s === searchParams.get("saved"));
  return (
    <div className="space-y-10">
      <section>
        <h1 className="text-3xl font-semibold">{t("account.title")}</h1>
        <p className="mt-1 text-slate-700">{user.email}</p>
        {!user.emailVerified ? <p role="alert" className="mt-2 text-red-800">{t("account.unverified")}</p> : null}
        {saved ? <p role="status" className="mt-2">{t(`account.saved.${saved}`)}</p> : null}
      </section>
      <section aria-labelledby="profile-heading" className="max-w-lg space-y-4">
        <h2 id="profile-heading" className="text-2xl font-semibold">{t("account.profile")}</h2>
        <Form method="post" {...getFormProps(profileForm)} className="space-y-4">
          <ErrorSummary form={profileForm} />
          <input type="hidden" name="intent" value="profile" />
          <Field field={profile.name} label={t("account.name")} autoComplete="name" />
          <SelectField field={profile.language} label={t("account.language")} hint={t("outcomes.account.languageFollows")} options={languages.map((l) => ({ value: l, label: t(`language.${l}`) }))} />
          <SubmitButton>{t("account.saveProfile")}</SubmitButton>
        </Form>
      </section>
      <section aria-labelledby="password-heading" className="max-w-lg space-y-4">
        <h2 id="password-heading" className="text-2xl font-semibold">{t("account.changePassword")}</h2>
        <Form method="post" {...getFormProps(passwordForm)} className="space-y-4">
          <ErrorSummary form={passwordForm} />
          <input type="hidden" name="intent" value="password" />
          <Field field={password.current} label={t("account.currentPassword")} type="password" autoComplete="current-password" />
          <Field field={password.password} label={t("account.newPassword")} type="password" autoComplete="new-password" hint={t("account.passwordHint")} />
          <Field field={password.confirm} label={t("account.confirmPassword")} type="password" autoComplete="new-password" />
          <SubmitButton>{t("account.changePassword")}</SubmitButton>
        </Form>
      </section>
      <section aria-labelledby="sessions-heading" className="space-y-4">
        <h2 id="sessions-heading" className="text-2xl font-semibold">{t("account.sessions")}</h2>
        <DataTable label={t("account.sessions")} columns={[{ label: t("account.device") }, { label: t("account.signedIn") }, { label: t("account.lastSeen") }, { label: <span className="sr-only">{t("account.actions")}</span> }]}>
            {sessions.map((session) => (
              <tr key={session.id} className="border-b border-slate-200">
                <td className="p-2">
                  {session.userAgent ?? t("account.unknownDevice")} · {session.ipAddress}
                  {session.id === user.sessionId ? <strong className="ml-2">{t("account.thisSession")}</strong> : null}
                </td>
                <td className="p-2"><ParkTime date={session.createdAt} /></td>
                <td className="p-2"><ParkTime date={session.lastSeenAt} /></td>
                <td className="p-2">
                  {session.id === user.sessionId ? null : (
                    <Form method="post">
                      <input type="hidden" name="intent" value="end-session" />
                      <input type="hidden" name="sessionId" value={session.id} />
                      <button type="submit" className="text-park-700 underline">{t("account.endSession")}</button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
      </section>
    </div>
  );
}
