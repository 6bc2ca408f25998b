import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/auth.server.ts";
import { getConfig } from "~/config.server.ts";
import { ParkTime } from "~/components/deadline.tsx";
import { db } from "~/db.server.ts";
import { pageTitle } from "~/meta.ts";

export const meta: MetaFunction = (args) => pageTitle(args, "admin.outbox");

/** The last emails and their delivery state. Bodies (with their links) only when emails go to files, i.e. in a demo. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "outbox:read");
  const showBodies = !getConfig().SMTP_URL;
  const emails = await db().outboxEmail.findMany({
    orderBy: { createdAt: "desc" },
    take: 100,
    select: { id: true, toAddress: true, subject: true, text: true, state: true, attempts: true, lastError: true, createdAt: true, sentAt: true },
  });
  return { showBodies, outboxDir: showBodies ? getConfig().OUTBOX_DIR : null, emails: emails.map((e) => ({ ...e, text: showBodies ? e.text : null })) };
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
            <p className="font-medium">{email.subject}</p>
            <p className="text-sm text-slate-700">
              {email.toAddress} · {t(`admin.emailState.${email.state}`)} · <ParkTime date={email.createdAt} />
              {email.lastError ? ` · ${email.lastError}` : ""}
            </p>
            {email.text ? <pre className="mt-2 whitespace-pre-wrap text-sm">{email.text}</pre> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
