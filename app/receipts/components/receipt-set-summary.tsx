import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ParkTime } from "~/platform/ui/deadline.tsx";
import { SummaryList } from "~/platform/ui/summary-list.tsx";

/** On a release's page after its deadline: the signed commitment to the proposals received. */
export function ReceiptSetSummary({ receiptSet }: { receiptSet: { receipts: number; root: string; committedAt: string } }) {
  const { t } = useTranslation();
  return (
    <section id="received" aria-labelledby="received-heading" className="space-y-2">
      <h2 id="received-heading" className="text-2xl font-semibold">{t("transparency.set.releaseHeading")}</h2>
      <SummaryList
        rows={[
          { key: t("transparency.set.receipts"), value: receiptSet.receipts.toLocaleString("en") },
          { key: t("transparency.set.committedAt"), value: <ParkTime date={new Date(receiptSet.committedAt)} /> },
          { key: t("transparency.set.root"), value: <code className="block break-all font-mono text-sm">{receiptSet.root}</code> },
        ]}
      />
      <p className="text-sm text-slate-700">
        {t("transparency.set.releaseExplain")} <Link to="/transparency" className="text-park-700 underline">{t("transparency.link")}</Link>
      </p>
    </section>
  );
}
