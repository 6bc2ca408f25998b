import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Code } from "~/platform/ui/code.tsx";
import { requirePermission } from "~/web/require.server.ts";
import { DataTable } from "~/platform/ui/data-table.tsx";
import { ParkTime } from "~/platform/ui/deadline.tsx";
import { GeneralErrorBoundary } from "~/web/error-boundary.tsx";
import { useReleaseTitle } from "~/releases/components/release-summary.tsx";
import { panelsOf } from "~/evaluation/panel.server.ts";
import { pageTitle } from "~/web/meta.ts";

export const meta: MetaFunction = (args) => pageTitle(args, "evaluation.title");

/** The panels an evaluator sits on. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "evaluation:take-part");
  const panels = await panelsOf(user.id);
  return {
    panels: panels.map((m) => ({
      role: m.role,
      code: m.release.code,
      titleEn: m.release.titleEn,
      titleZhHant: m.release.titleZhHant,
      deadline: m.release.submissionDeadline,
      stage: m.release.evaluation?.resultsPublishedAt ? "published" : m.release.evaluation?.financialOpenedAt ? "financial" : m.release.evaluation?.technicalOpenedAt ? "technical" : "sealed",
    })),
  };
}

export default function EvaluationIndex() {
  const { t } = useTranslation();
  const { panels } = useLoaderData<typeof loader>();
  const { title } = useReleaseTitle();
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-semibold">{t("evaluation.title")}</h1>
      {panels.length === 0 ? (
        <p>{t("evaluation.noPanels")}</p>
      ) : (
        <DataTable label={t("evaluation.title")} columns={[{ label: t("proposals.release") }, { label: t("evaluation.role") }, { label: t("home.submissionDeadline") }, { label: t("evaluation.stage") }]}>
          {panels.map((p) => (
            <tr key={p.code} className="border-b border-slate-200">
              <td className="p-2">
                <Link to={`/evaluation/${p.code}`} className="text-park-700 underline"><Code mono>{p.code}</Code></Link> {title(p)}
              </td>
              <td className="p-2">{t(`evaluation.roles.${p.role}`)}</td>
              <td className="p-2"><ParkTime date={new Date(p.deadline)} /></td>
              <td className="p-2">{t(`evaluation.stages.${p.stage}`)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
