import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/web/require.server.ts";
import { getConfig } from "~/platform/config.server.ts";
import { ParkTime } from "~/platform/ui/deadline.tsx";
import { outboxForStaff } from "~/platform/email.server.ts";
import { pageTitle } from "~/web/meta.ts";

export const meta: MetaFunction = (args) => pageTitle(args, "admin.outbox");

/** The last emails, as staff may see them, and the folder emails are written to when there is no SMTP server. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "outbox:read");
  return { outboxDir: getConfig().SMTP_URL ? null : getConfig().OUTBOX_DIR, emails: await outboxForStaff() };
}

export default function Outbox() {
  const { t } = useTranslation();
  const { emails, outboxDir } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-semibold">{t("admin.outbox")}</h1>
      {outboxDir ? <p>{t("admin.outboxFiles", { dir: outboxDir })}</p> : null}
      <ul className="space-y-4">
        {emails.map((email) => (
          <li key={email.id} className="rounded border border-slate-300 p-3">
            <p className="font-medium">{email.broadcast ? t(`admin.broadcast.${email.broadcast}`) : email.subject}</p>
            <p className="text-sm text-slate-700">
              {email.toAddress ?? t("admin.sealedRecipient")} · {t(`admin.emailState.${email.state}`)} · <ParkTime date={email.createdAt} />
              {email.lastError ? ` · ${email.lastError}` : ""}
            </p>
          </li>
        ))}
      </ul>
    </div>
  );
}
