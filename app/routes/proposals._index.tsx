import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Code } from "~/platform/ui/code.tsx";
import { z } from "zod";
import { requirePermission, requireUser } from "~/web/require.server.ts";
import { can } from "~/accounts/permissions.ts";
import { DataTable } from "~/platform/ui/data-table.tsx";
import { ParkTime } from "~/platform/ui/deadline.tsx";
import { GeneralErrorBoundary } from "~/web/error-boundary.tsx";
import { useReleaseTitle } from "~/releases/components/release-summary.tsx";
import { readForm } from "~/web/forms.server.ts";
import { whenRefused } from "~/web/refusals.server.ts";
import { pageTitle } from "~/web/meta.ts";
import { listOwnProposals, startProposal } from "~/proposals/drafts.server.ts";
import { releaseCodeSchema } from "~/releases/schemas.ts";

export const meta: MetaFunction = (args) => pageTitle(args, "proposals.title");

/**
 * The organisation's proposals. A proposer in no organisation is refused nothing here (there is
 * nothing of theirs to list), so they get the page (200) saying why it is empty and what to do;
 * staff never bid, and are refused (403).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (user.staffRole) throw new Response("Forbidden", { status: 403 });
  if (!can(user.roles, "proposal:prepare")) return { organisation: null, proposals: [], serverNow: new Date() };
  const proposals = await listOwnProposals(user);
  return { organisation: user.organisation!.name, proposals, serverNow: new Date() };
}

const startSchema = z.object({ release: releaseCodeSchema, plot: z.string().regex(/^[A-Z0-9][A-Z0-9-]{0,31}$/) });

/** Starts the organisation's proposal for a plot (or opens the one it already has). */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "proposal:prepare");
  const parsed = startSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return data({ problem: "proposals.errors.notFound" }, { status: 400 });
  try {
    const id = await startProposal(user, parsed.data.release, parsed.data.plot);
    return redirect(`/proposals/${id}`);
  } catch (error) {
    return whenRefused(error, ({ code, status }) => data({ problem: code }, { status }));
  }
}

export default function Proposals() {
  const { t } = useTranslation();
  const { organisation, proposals, serverNow } = useLoaderData<typeof loader>();
  const { title } = useReleaseTitle();
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-semibold">{t("proposals.title")}</h1>
      {organisation === null ? (
        <>
          <p>{t("journey.needOrganisation")}</p>
          <p>
            <Link to="/organisations" className="inline-block rounded bg-park-700 px-4 py-2 font-medium text-white hover:bg-park-800">{t("journey.action.organisation")}</Link>
          </p>
          <p>
            {t("journey.thenChoosePlot")} <Link to="/releases" className="text-park-700 underline">{t("site.releases")}</Link>
          </p>
        </>
      ) : (
        <p>{t("proposals.forOrganisation", { organisation })}</p>
      )}
      {organisation === null ? null : proposals.length === 0 ? (
        <p>
          {t("proposals.none")} <Link to="/releases" className="text-park-700 underline">{t("site.releases")}</Link>
        </p>
      ) : (
        <DataTable label={t("proposals.title")} columns={[{ label: t("proposals.release") }, { label: t("plot.code") }, { label: t("home.submissionDeadline") }, { label: t("proposals.status") }, { label: t("proposals.receipt") }]}>
          {proposals.map((p) => {
            const open = p.release.state === "open" && new Date(p.release.submissionDeadline) > new Date(serverNow);
            const status = p.currentVersion ? "submitted" : p.versions[0]?.withdrawnAt ? "withdrawn" : "draft";
            return (
              <tr key={p.id} className="border-b border-slate-200">
                <td className="p-2">
                  <Code mono>{p.release.code}</Code> {title(p.release)}
                </td>
                <td className="p-2">
                  <Link to={`/proposals/${p.id}`} className="text-park-700 underline"><Code mono>{p.plot.code}</Code></Link>
                </td>
                <td className="p-2"><ParkTime date={new Date(p.release.submissionDeadline)} /></td>
                <td className="p-2">
                  {t(`proposals.state.${status}`)}
                  {open ? "" : ` · ${t("proposals.readOnly")}`}
                </td>
                <td className="p-2">
                  {p.currentVersion ? (
                    <Link to={`/proposals/${p.id}/receipts/${p.currentVersion.receiptNumber}`} className="text-park-700 underline"><Code mono>{p.currentVersion.receiptNumber}</Code></Link>
                  ) : (
                    "—"
                  )}
                </td>
              </tr>
            );
          })}
        </DataTable>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
