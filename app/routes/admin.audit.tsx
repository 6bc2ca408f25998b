import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Code } from "~/platform/ui/code.tsx";
import { DataTable } from "~/platform/ui/data-table.tsx";
import { verifyPublishedHeads } from "~/platform/audit-heads.server.ts";
import { auditLogForStaff } from "~/platform/audit-checkpoint.server.ts";
import { requirePermission } from "~/web/require.server.ts";
import { ParkTime } from "~/platform/ui/deadline.tsx";
import { pageTitle } from "~/web/meta.ts";

export const meta: MetaFunction = (args) => pageTitle(args, "admin.audit");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "audit:verify");
  const [log, heads] = await Promise.all([auditLogForStaff(), verifyPublishedHeads()]);
  return { ...log, heads };
}

export default function AuditLog() {
  const { t } = useTranslation();
  const { verification, heads, recent } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-8">
      <h1 className="text-3xl font-semibold">{t("admin.audit")}</h1>
      <div role="status" className="space-y-1">
        <p className={verification.valid ? "text-park-800" : "font-semibold text-red-800"}>
          {verification.valid ? t("admin.chainIntact") : t("admin.chainBroken", { sequence: verification.firstBroken })}
        </p>
        <p className={heads.valid ? "text-park-800" : "font-semibold text-red-800"}>
          {heads.valid ? (
            heads.heads === 0 ? t("transparency.admin.noHeads") : t("transparency.admin.headsMatch", { count: heads.heads })
          ) : (
            <>
              {t("transparency.admin.headMismatch", { reason: t(`transparency.reasons.${heads.firstMismatch.reason}`, { defaultValue: heads.firstMismatch.reason }), problem: t(`transparency.admin.problems.${heads.problem}`) })}{" "}
              <ParkTime date={new Date(heads.firstMismatch.publishedAt)} /> <span className="font-mono break-all">{heads.firstMismatch.digest}</span>
            </>
          )}
        </p>
      </div>
      <DataTable label={t("admin.recentEvents")} columns={[{ label: t("admin.time") }, { label: t("admin.action") }, { label: t("admin.subject") }, { label: t("admin.digest") }]} caption={t("admin.recentEvents")}>
          {recent.map((event) => (
            <tr key={event.digest} className="border-b border-slate-200">
              <td className="p-2"><ParkTime date={event.occurredAt} /></td>
              <td className="p-2"><Code mono>{event.action}</Code></td>
              <td className="p-2">{event.subjectType} {event.subjectId.slice(0, 8)}</td>
              <td className="p-2 font-mono">{event.digest.slice(0, 16)}…</td>
            </tr>
          ))}
        </DataTable>
    </div>
  );
}
