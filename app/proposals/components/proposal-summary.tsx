import { useTranslation } from "react-i18next";
import { SummaryList, type SummaryRow } from "~/platform/ui/summary-list.tsx";
import { FINANCIAL_FIELDS, TECHNICAL_FIELDS, type ProposalFieldName, type ProposalFields } from "../schemas.ts";

/** Whole dollars or square metres with thousands separators, as typed and as shown ("1,250,000,000"). */
export const groupDigits = (digits: string | number) => BigInt(digits).toLocaleString("en");

/** A field's value as people read it: sector names, not codes; amounts and areas with separators. */
export function useFieldValue() {
  const { t } = useTranslation();
  return (name: ProposalFieldName, value: ProposalFields[ProposalFieldName]): string => {
    if (value === null || value === "" || (Array.isArray(value) && value.length === 0)) return t("proposalJourney.notAnswered");
    if (Array.isArray(value)) return value.map((v) => t(`sector.${v}`)).join(t("proposalJourney.listSeparator"));
    if (name === "grossFloorAreaM2") return `${groupDigits(value)} m²`;
    if (name === "landPremiumHkd" || name === "investmentCommitmentHkd") return `HK$${groupDigits(value)}`;
    return String(value);
  };
}

export interface SummaryDocument {
  key: string;
  /** The required document's name, in the reader's language. */
  name: string;
  file: { fileName: string; size: number; sha256: string | null } | null;
}

/**
 * Everything a version seals, as summary lists: each envelope's fields with their labels, and each
 * document with its name, size and full SHA-256. With `changeHref`, each row links back to its part.
 */
export function ProposalSummary({ fields, documents, changeHref }: { fields: ProposalFields; documents: SummaryDocument[]; changeHref?: (anchor: string) => string }) {
  const { t } = useTranslation();
  const shown = useFieldValue();
  const change = (anchor: string, what: string) => (changeHref ? { href: changeHref(anchor), label: <>{t("proposalJourney.change")}<span className="sr-only"> {what}</span></> } : undefined);
  const rows = (names: readonly ProposalFieldName[], anchor: string): SummaryRow[] =>
    names.map((name) => ({ key: t(`proposals.fields.${name}`), value: shown(name, fields[name]), change: change(anchor, t(`proposals.fields.${name}`)) }));
  return (
    <div className="space-y-8">
      <section aria-labelledby="summary-technical" className="space-y-2">
        <h2 id="summary-technical" className="text-2xl font-semibold">{t("proposals.technicalEnvelope")}</h2>
        <SummaryList rows={rows(TECHNICAL_FIELDS, "technical")} />
      </section>
      <section aria-labelledby="summary-financial" className="space-y-2">
        <h2 id="summary-financial" className="text-2xl font-semibold">{t("proposals.financialEnvelope")}</h2>
        <SummaryList rows={rows(FINANCIAL_FIELDS, "financial")} />
      </section>
      <section aria-labelledby="summary-documents" className="space-y-2">
        <h2 id="summary-documents" className="text-2xl font-semibold">{t("proposals.documents")}</h2>
        <SummaryList
          rows={documents.map((d) => ({
            key: d.name,
            value: d.file ? (
              <>
                <span className="block">{d.file.fileName}</span>
                <span className="block text-sm">{t("proposals.bytes", { size: d.file.size.toLocaleString("en") })}</span>
                <span className="block text-sm">SHA-256</span>
                <code className="block break-all rounded bg-slate-100 px-2 py-1 font-mono text-sm">{d.file.sha256}</code>
              </>
            ) : (
              t("proposals.noFile")
            ),
            change: change(`document-${d.key}`, d.name),
          }))}
        />
      </section>
    </div>
  );
}
