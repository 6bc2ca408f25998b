import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Code } from "~/platform/ui/code.tsx";
import { ParkTime } from "~/platform/ui/deadline.tsx";

interface Props {
  proposalId: string;
  versions: { number: number; receiptNumber: string; receivedAt: string | Date; withdrawnAt: string | Date | null; counts: boolean }[];
  /** The version that counts may be withdrawn (open, and the person may submit). */
  mayWithdraw: boolean;
}

/** The sealed versions with their receipts, and the withdrawal of the one that counts. */
export function VersionsSection({ proposalId, versions, mayWithdraw }: Props) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="versions-heading" className="space-y-3">
      <h2 id="versions-heading" className="text-2xl font-semibold">{t("proposals.versions")}</h2>
      {versions.length === 0 ? (
        <p>{t("proposals.noVersions")}</p>
      ) : (
        <ul className="space-y-2">
          {versions.map((v) => (
            <li key={v.receiptNumber}>
              {t("proposals.versionLine", { number: v.number })} · <Link to={`/proposals/${proposalId}/receipts/${v.receiptNumber}`} className="text-park-700 underline"><Code mono>{v.receiptNumber}</Code></Link> · <ParkTime date={new Date(v.receivedAt)} /> ·{" "}
              {v.counts ? t("proposals.counts") : v.withdrawnAt ? t("proposals.withdrawnVersion") : t("proposals.superseded")}
            </li>
          ))}
        </ul>
      )}
      {mayWithdraw ? (
        <Form method="post">
          <input type="hidden" name="intent" value="withdraw" />
          <button type="submit" className="rounded border border-red-700 px-4 py-2 text-red-800">{t("proposals.withdraw")}</button>
        </Form>
      ) : null}
    </section>
  );
}
