import { useTranslation } from "react-i18next";
import { ParkTime } from "~/platform/ui/deadline.tsx";
import { SummaryList } from "~/platform/ui/summary-list.tsx";

const hash = (value: string) => <code className="block break-all rounded bg-slate-100 px-2 py-1 font-mono text-sm">{value}</code>;

/** A bidder's proof that their receipt is in the set the portal committed to at the deadline. */
export function InclusionProof({ proof, downloadHref }: {
  proof: { verified: boolean; leafIndex: number; treeSize: number; path: string[]; receiptDigest: string; receiptSet: { root: string; committedAt: string } };
  downloadHref: string;
}) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="receipt-set-heading" className="space-y-4">
      <h2 id="receipt-set-heading" className="text-2xl font-semibold">{t("transparency.proof.heading")}</h2>
      <p role="status" className={proof.verified ? "text-park-800" : "rounded border-l-4 border-red-700 bg-red-50 p-3 font-semibold text-red-800"}>
        {proof.verified ? t("transparency.proof.verified", { count: proof.treeSize }) : t("transparency.proof.failed")}
      </p>
      <SummaryList
        rows={[
          { key: t("transparency.set.committedAt"), value: <ParkTime date={new Date(proof.receiptSet.committedAt)} /> },
          { key: t("transparency.set.receipts"), value: proof.treeSize.toLocaleString("en") },
          { key: t("transparency.set.root"), value: hash(proof.receiptSet.root) },
          { key: t("transparency.proof.receiptDigest"), value: hash(proof.receiptDigest) },
          { key: t("transparency.proof.position"), value: t("transparency.proof.positionValue", { position: proof.leafIndex + 1, count: proof.treeSize }) },
          { key: t("transparency.proof.path"), value: <div className="space-y-1">{proof.path.map((node) => <div key={node}>{hash(node)}</div>)}</div> },
        ]}
      />
      <p className="max-w-3xl">{t("transparency.proof.explain")}</p>
      <p className="print-hidden flex flex-wrap gap-4">
        <a href={downloadHref} className="text-park-700 underline">{t("transparency.proof.download")}</a>
        <a href="/transparency" className="text-park-700 underline">{t("transparency.link")}</a>
      </p>
    </section>
  );
}
