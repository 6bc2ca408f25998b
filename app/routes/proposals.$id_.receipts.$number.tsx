import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ParkTime } from "~/platform/ui/deadline.tsx";
import { GeneralErrorBoundary, notFound } from "~/web/error-boundary.tsx";
import { pageTitle } from "~/web/meta.ts";
import { requireUser } from "~/web/require.server.ts";
import { findOwnReceipt } from "~/receipts/records.server.ts";
import { receiptText } from "~/receipts/signing.server.ts";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, "receipts.title", { number: args.data?.receipt.receiptNumber });

/** The printable receipt of a submitted version (the signed file: the `download` route beside it). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const found = await findOwnReceipt(await requireUser(request), params);
  if (!found) throw notFound();
  const text = receiptText(found.receipt);
  const { version, proposal } = found;
  return {
    proposalId: proposal.id,
    receipt: found.receipt,
    text,
    withdrawnAt: version.withdrawnAt,
    counts: proposal.currentVersionId === version.id,
  };
}

export default function Receipt() {
  const { t } = useTranslation();
  const { proposalId, receipt, text, withdrawnAt, counts } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  return (
    <div className="space-y-6">
      {searchParams.get("submitted") ? (
        <p role="status" className="rounded border border-park-700 bg-park-50 p-3 font-medium text-park-900">{t("receipts.submitted")}</p>
      ) : null}
      <h1 className="text-3xl font-semibold">{t("receipts.heading")}</h1>
      {/* Below 640 px each value goes under its name: beside it, codes would break ("R-83WP-/JVFK") in a column too narrow. */}
      <dl className="grid max-w-3xl gap-x-6 sm:grid-cols-[max-content_1fr] sm:gap-y-2 max-sm:[&>dd]:mb-3 [&>dd.font-mono:not(.break-all)]:whitespace-nowrap">
        <dt className="font-medium">{t("receipts.number")}</dt>
        <dd className="font-mono">{receipt.receiptNumber}</dd>
        <dt className="font-medium">{t("receipts.receivedAt")}</dt>
        <dd><ParkTime date={new Date(receipt.receivedAt)} /></dd>
        <dt className="font-medium">{t("proposals.release")}</dt>
        <dd className="font-mono">{receipt.release}</dd>
        <dt className="font-medium">{t("plot.code")}</dt>
        <dd className="font-mono">{receipt.plot}</dd>
        <dt className="font-medium">{t("receipts.organisation")}</dt>
        <dd>{receipt.organisation}</dd>
        <dt className="font-medium">{t("receipts.version")}</dt>
        <dd>{receipt.version} · {counts ? t("proposals.counts") : withdrawnAt ? t("proposals.withdrawnVersion") : t("proposals.superseded")}</dd>
        <dt className="font-medium">{t("receipts.digest")}</dt>
        <dd className="break-all font-mono text-sm">{receipt.packageDigest}</dd>
        <dt className="font-medium">{t("receipts.signature")}</dt>
        <dd className="break-all font-mono text-sm">{receipt.signature}</dd>
      </dl>
      <p className="max-w-3xl">{t("receipts.explain")}</p>
      <details>
        <summary className="cursor-pointer">{t("receipts.asText")}</summary>
        <pre className="mt-2 max-w-3xl overflow-x-auto rounded bg-slate-100 p-3 text-sm">{text}</pre>
      </details>
      <p className="flex flex-wrap gap-4 print:hidden">
        <a href={`/proposals/${proposalId}/receipts/${receipt.receiptNumber}/download`} className="text-park-700 underline">{t("receipts.download")}</a>
        <Link to="/receipts/verify" className="text-park-700 underline">{t("receipts.verifyLink")}</Link>
        <Link to={`/proposals/${proposalId}`} className="text-park-700 underline">{t("receipts.backToProposal")}</Link>
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
