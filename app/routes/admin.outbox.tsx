import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/accounts/sessions.server.ts";
import { getConfig } from "~/platform/config.server.ts";
import { ParkTime } from "~/platform/ui/deadline.tsx";
import { db } from "~/platform/database/db.server.ts";
import { pageTitle } from "~/web/meta.ts";

const SEALED_TEMPLATES = ["proposalSubmitted", "proposalWithdrawn"];
const RELEASE_AUDIENCE_TEMPLATES = ["addendumIssued", "clarificationAnswered", "releaseCancelled", "plotWithdrawn"];

export const meta: MetaFunction = (args) => pageTitle(args, "admin.outbox");

/**
 * The last emails and their delivery state, never their bodies: those carry single-use links that
 * would let an administrator act as the recipient (a proposer's account opens sealed proposals).
 * Emails about a proposal (receipts, withdrawals) are not listed, and emails to a release's
 * audience (addenda, answers, cancellations) show no recipient: that audience includes the members
 * of organisations preparing proposals, and who bids is sealed from the staff too.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "outbox:read");
  const emails = await db().outboxEmail.findMany({
    where: { template: { notIn: SEALED_TEMPLATES } },
    orderBy: { createdAt: "desc" },
    take: 100,
    select: { id: true, toAddress: true, subject: true, template: true, state: true, attempts: true, lastError: true, createdAt: true, sentAt: true },
  });
  const shown = emails.map(({ template, ...email }) =>
    RELEASE_AUDIENCE_TEMPLATES.includes(template) ? { ...email, toAddress: null, lastError: email.lastError ? "—" : null } : email,
  );
  return { outboxDir: getConfig().SMTP_URL ? null : getConfig().OUTBOX_DIR, emails: shown };
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
              {email.toAddress ?? t("admin.sealedRecipient")} · {t(`admin.emailState.${email.state}`)} · <ParkTime date={email.createdAt} />
              {email.lastError ? ` · ${email.lastError}` : ""}
            </p>
          </li>
        ))}
      </ul>
    </div>
  );
}
