import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { publishedHeads } from "~/platform/audit-heads.server.ts";
import { DataTable } from "~/platform/ui/data-table.tsx";
import { ParkTime } from "~/platform/ui/deadline.tsx";
import { receiptSets } from "~/receipts/commitments.server.ts";
import { pageTitle } from "~/web/meta.ts";

export const meta: MetaFunction = (args) => pageTitle(args, "transparency.title");

/** Public: what the portal has committed to, for anyone to keep and check later. */
export async function loader() {
  const [heads, sets] = await Promise.all([publishedHeads(24), receiptSets()]);
  return { heads, sets };
}

const short = (digest: string) => <span className="font-mono">{digest.slice(0, 16)}…</span>;

export default function Transparency() {
  const { t } = useTranslation();
  const { heads, sets } = useLoaderData<typeof loader>();
  return (
    <div className="max-w-4xl space-y-8">
      <h1 className="text-3xl font-semibold">{t("transparency.title")}</h1>
      <p>{t("transparency.intro")}</p>
      <section aria-labelledby="sets-heading" className="space-y-3">
        <h2 id="sets-heading" className="text-2xl font-semibold">{t("transparency.set.heading")}</h2>
        <p>{t("transparency.set.explain")}</p>
        {sets.length === 0 ? (
          <p>{t("transparency.set.none")}</p>
        ) : (
          <DataTable label={t("transparency.set.heading")} columns={[{ label: t("proposals.release") }, { label: t("transparency.set.committedAt") }, { label: t("transparency.set.receipts"), numeric: true }, { label: t("transparency.set.root") }]}>
            {sets.map((set) => (
              <tr key={set.release} className="border-b border-slate-200">
                <td className="p-2 font-mono"><Link to={`/releases/${set.release}`} className="text-park-700 underline">{set.release}</Link></td>
                <td className="p-2"><ParkTime date={new Date(set.committedAt)} /></td>
                <td className="p-2 text-right">{set.receipts.toLocaleString("en")}</td>
                <td className="p-2"><code className="break-all font-mono text-xs">{set.root}</code></td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>
      <section aria-labelledby="heads-heading" className="space-y-3">
        <h2 id="heads-heading" className="text-2xl font-semibold">{t("transparency.heads.heading")}</h2>
        <p>{t("transparency.heads.explain")}</p>
        <DataTable label={t("transparency.heads.heading")} columns={[{ label: t("transparency.heads.publishedAt") }, { label: t("transparency.heads.reason") }, { label: t("transparency.heads.digest") }]}>
          {heads.map((head) => (
            <tr key={head.digest} className="border-b border-slate-200">
              <td className="p-2"><ParkTime date={new Date(head.publishedAt)} /></td>
              <td className="p-2">{t(`transparency.reasons.${head.reason}`, { defaultValue: head.reason })}</td>
              <td className="p-2">{short(head.digest)}</td>
            </tr>
          ))}
        </DataTable>
      </section>
      <section aria-labelledby="check-heading" className="space-y-3">
        <h2 id="check-heading" className="text-2xl font-semibold">{t("transparency.check.heading")}</h2>
        <ol className="list-decimal space-y-2 pl-6">
          <li>{t("transparency.check.keep")}</li>
          <li>{t("transparency.check.signature")}</li>
          <li>{t("transparency.check.proof")}</li>
          <li>{t("transparency.check.compare")}</li>
        </ol>
        <ul className="flex flex-wrap gap-4">
          <li><a href="/transparency/heads.json" className="text-park-700 underline">{t("transparency.files.heads")}</a></li>
          <li><a href="/feeds/transparency.atom" className="text-park-700 underline">{t("transparency.files.feed")}</a></li>
          <li><a href="/receipts/public-key" className="text-park-700 underline">{t("transparency.files.key")}</a></li>
        </ul>
      </section>
    </div>
  );
}
