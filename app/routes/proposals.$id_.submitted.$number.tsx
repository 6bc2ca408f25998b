import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Code } from "~/platform/ui/code.tsx";
import { ParkTime } from "~/platform/ui/deadline.tsx";
import { findOwnReceipt } from "~/receipts/records.server.ts";
import { GeneralErrorBoundary, notFound } from "~/web/error-boundary.tsx";
import { pageTitle } from "~/web/meta.ts";
import { requireUser } from "~/web/require.server.ts";

export const meta: MetaFunction = (args) => pageTitle(args, "proposalJourney.confirmation.title");

/** The confirmation after a submission (GOV.UK confirmation page): the receipt number and time, then the way to the receipt. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const found = await findOwnReceipt(await requireUser(request), params);
  if (!found) throw notFound();
  return { proposalId: found.proposal.id, receiptNumber: found.receipt.receiptNumber, receivedAt: found.receipt.receivedAt, plot: found.receipt.plot, release: found.receipt.release };
}

export default function SubmissionConfirmed() {
  const { t } = useTranslation();
  const { proposalId, receiptNumber, receivedAt, plot, release } = useLoaderData<typeof loader>();
  return (
    <div className="max-w-3xl space-y-6">
      <div className="space-y-3 rounded bg-park-700 p-6 text-center text-white">
        <h1 className="text-3xl font-semibold">{t("proposalJourney.confirmation.heading")}</h1>
        <p className="text-lg">
          {t("proposalJourney.confirmation.receiptNumber")}
          <br />
          <strong className="text-2xl"><Code mono>{receiptNumber}</Code></strong>
        </p>
        <p>{t("proposalJourney.confirmation.receivedAt")} <ParkTime date={new Date(receivedAt)} /></p>
      </div>
      <p>{t("proposalJourney.confirmation.what", { plot, release })}</p>
      <h2 className="text-2xl font-semibold">{t("proposalJourney.confirmation.nextHeading")}</h2>
      <p>{t("receipts.submitted")}</p>
      <p className="flex flex-wrap gap-4">
        <Link to={`/proposals/${proposalId}/receipts/${receiptNumber}`} className="rounded bg-park-700 px-4 py-2 font-medium text-white hover:bg-park-800">{t("proposalJourney.confirmation.viewReceipt")}</Link>
        <Link to={`/proposals/${proposalId}`} className="px-1 py-2 text-park-700 underline">{t("receipts.backToProposal")}</Link>
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
