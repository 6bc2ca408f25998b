import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Code } from "~/platform/ui/code.tsx";
import { getConfig } from "~/platform/config.server.ts";
import { pick } from "~/platform/i18n/i18n.ts";
import { ParkTime } from "~/platform/ui/deadline.tsx";
import { SummaryList } from "~/platform/ui/summary-list.tsx";
import { ProposalSummary } from "~/proposals/components/proposal-summary.tsx";
import { useReleaseTitle } from "~/releases/components/release-summary.tsx";
import type { SealedPackage } from "~/proposals/sealing.server.ts";
import { GeneralErrorBoundary, notFound } from "~/web/error-boundary.tsx";
import { pageTitle } from "~/web/meta.ts";
import { requireUser } from "~/web/require.server.ts";
import { inclusionProofOf } from "~/receipts/commitments.server.ts";
import { InclusionProof } from "~/receipts/components/inclusion-proof.tsx";
import { findOwnReceipt } from "~/receipts/records.server.ts";
import { receiptText } from "~/receipts/signing.server.ts";

const NO_COMMITMENTS = { researchPosts: null, graduatePlaces: null, designApprovalBy: null, constructionStartBy: null, toppingOutBy: null, completionBy: null, openingBy: null };

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, "receipts.title", { number: args.data?.receipt.receiptNumber });

/** The printable receipt of a submitted version, with what it sealed (the signed file: the `download` route beside it). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const found = await findOwnReceipt(await requireUser(request), params);
  if (!found) throw notFound();
  const text = receiptText(found.receipt);
  const { version, proposal } = found;
  const sealed = version.sealedPackage as SealedPackage;
  return {
    proposalId: proposal.id,
    receipt: found.receipt,
    text,
    withdrawnAt: version.withdrawnAt,
    counts: proposal.currentVersionId === version.id,
    // A package sealed without countable promises (its release did not ask for them) shows none.
    fields: { ...NO_COMMITMENTS, ...sealed.technical, ...sealed.technical.commitments, ...sealed.financial },
    structured: sealed.technical.commitments !== undefined,
    documents: sealed.documents.map((d) => {
      const required = proposal.release.requiredDocuments.find((r) => r.position === d.requiredDocument);
      return { key: `${d.requiredDocument}:${d.fileName}`, nameEn: d.name, nameZhHant: required?.nameZhHant ?? d.name, file: { fileName: d.fileName, size: Number(d.size), sha256: d.sha256 } };
    }),
    verifyAddress: `${getConfig().PUBLIC_URL}/receipts/verify`,
    proof: await inclusionProofOf(found.receipt, proposal.releaseId),
  };
}

export default function Receipt() {
  const { t } = useTranslation();
  const { language } = useReleaseTitle();
  const { proposalId, receipt, text, withdrawnAt, counts, fields, structured, documents, verifyAddress, proof } = useLoaderData<typeof loader>();
  const mono = (value: string) => <Code mono>{value}</Code>;
  return (
    <div className="space-y-6">
      <p className="font-medium">{t("site.park")}</p>
      <h1 className="text-3xl font-semibold">{t("receipts.heading")}</h1>
      <SummaryList
        rows={[
          { key: t("receipts.number"), value: mono(receipt.receiptNumber) },
          { key: t("receipts.receivedAt"), value: <ParkTime date={new Date(receipt.receivedAt)} /> },
          { key: t("proposals.release"), value: mono(receipt.release) },
          { key: t("plot.code"), value: mono(receipt.plot) },
          { key: t("receipts.organisation"), value: receipt.organisation },
          { key: t("receipts.version"), value: `${receipt.version} · ${counts ? t("proposals.counts") : withdrawnAt ? t("proposals.withdrawnVersion") : t("proposals.superseded")}` },
          { key: t("receipts.digest"), value: <code className="block break-all rounded bg-slate-100 px-2 py-1 font-mono text-sm">{receipt.packageDigest}</code> },
          { key: t("receipts.signature"), value: <code className="block break-all rounded bg-slate-100 px-2 py-1 font-mono text-sm">{receipt.signature}</code> },
          // Receipts issued before they named it were signed over the same form (decision 0007).
          { key: t("chair.receiptCanonicalization.label"), value: t("chair.receiptCanonicalization.value") },
          { key: t("proposalJourney.receipt.verifyAt"), value: <span className="break-all">{verifyAddress}</span> },
        ]}
      />
      <p className="max-w-3xl">{t("receipts.explain")}</p>
      <section aria-labelledby="sealed-heading" className="space-y-4">
        <h2 id="sealed-heading" className="text-2xl font-semibold">{t("proposalJourney.receipt.sealed")}</h2>
        <ProposalSummary fields={fields} structured={structured} documents={documents.map((d) => ({ key: d.key, name: pick(language, { en: d.nameEn, zhHant: d.nameZhHant }), file: d.file }))} />
      </section>
      {proof ? <InclusionProof proof={proof} downloadHref={`/proposals/${proposalId}/receipts/${receipt.receiptNumber}/proof`} /> : null}
      <details className="print-hidden">
        <summary className="cursor-pointer">{t("receipts.asText")}</summary>
        <pre className="mt-2 max-w-3xl overflow-x-auto rounded bg-slate-100 p-3 text-sm">{text}</pre>
      </details>
      <p className="print-hidden flex flex-wrap gap-4">
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
