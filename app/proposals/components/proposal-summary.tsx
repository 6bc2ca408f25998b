import { useTranslation } from "react-i18next";
import { defaultLanguage, intlLocale, isLanguage } from "~/platform/i18n/i18n.ts";
import { SummaryList, type SummaryRow } from "~/platform/ui/summary-list.tsx";
import { formatDate } from "~/platform/time.ts";
import { groupDigits } from "~/platform/typed-numbers.ts";
import { FINANCIAL_FIELDS, MILESTONE_FIELDS, proposalFieldAnchor, technicalFields, type ProposalFieldName, type ProposalFields } from "../schemas.ts";

/** A calendar day ("YYYY-MM-DD") written out in the reader's language: "1 Mar 2028", "2028年3月1日". */
export function useCalendarDay() {
  const { i18n } = useTranslation();
  const locale = intlLocale(isLanguage(i18n.language) ? i18n.language : defaultLanguage);
  return (day: string) => formatDate(new Date(`${day}T00:00:00.000Z`), "UTC", locale);
}

/** A field's value as people read it: sector names, not codes; amounts and areas with separators; dates written out. */
export function useFieldValue() {
  const { t } = useTranslation();
  const calendarDay = useCalendarDay();
  return (name: ProposalFieldName, value: ProposalFields[ProposalFieldName]): string => {
    if (value === null || value === "" || (Array.isArray(value) && value.length === 0)) return t("proposalJourney.notAnswered");
    if (Array.isArray(value)) return value.map((v) => t(`sector.${v}`)).join(t("proposalJourney.listSeparator"));
    if (name === "grossFloorAreaM2") return t("plot.squareMetres", { value: groupDigits(value) });
    if (name === "landPremiumHkd" || name === "investmentCommitmentHkd") return `HK$${groupDigits(value)}`;
    if (name === "researchPosts" || name === "graduatePlaces") return groupDigits(value);
    if ((MILESTONE_FIELDS as readonly string[]).includes(name)) return calendarDay(String(value));
    return String(value);
  };
}

export interface SummaryDocument {
  key: string;
  /** The required document's name, in the reader's language. */
  name: string;
  file: { fileName: string; size: number; sha256: string | null } | null;
  /** False for a document the release does not require: without a file it says so. */
  mandatory?: boolean;
}

/** What a "Change" link goes back to: a field of the form, or a required document. */
export type ChangeTarget = { field: ProposalFieldName } | { document: string };

/** The proposal's page in edit mode, at the field or the document itself (GOV.UK's "Change" links). */
export const changeHrefOf = (proposalId: string) => (target: ChangeTarget) =>
  `/proposals/${proposalId}?edit#${"field" in target ? proposalFieldAnchor(proposalId, target.field) : `document-${target.document}`}`;

/**
 * Everything a version seals, as summary lists: each envelope's fields with their labels (the
 * countable promises too where the release asks for them: `structured`), and each document with its
 * name, size and full SHA-256. With `changeHref`, each row links back to its field or document.
 */
export function ProposalSummary({ fields, structured, documents, changeHref }: { fields: ProposalFields; structured: boolean; documents: SummaryDocument[]; changeHref?: (target: ChangeTarget) => string }) {
  const { t } = useTranslation();
  const shown = useFieldValue();
  const change = (target: ChangeTarget, what: string) => (changeHref ? { href: changeHref(target), label: <>{t("proposalJourney.change")}<span className="sr-only"> {what}</span></> } : undefined);
  const rows = (names: readonly ProposalFieldName[]): SummaryRow[] =>
    names.map((name) => ({ key: t(`proposals.fields.${name}`), value: shown(name, fields[name]), change: change({ field: name }, t(`proposals.fields.${name}`)) }));
  return (
    <div className="space-y-8">
      <section aria-labelledby="summary-technical" className="space-y-2">
        <h2 id="summary-technical" className="text-2xl font-semibold">{t("proposals.technicalEnvelope")}</h2>
        <SummaryList rows={rows(technicalFields(structured))} />
      </section>
      <section aria-labelledby="summary-financial" className="space-y-2">
        <h2 id="summary-financial" className="text-2xl font-semibold">{t("proposals.financialEnvelope")}</h2>
        <SummaryList rows={rows(FINANCIAL_FIELDS)} />
      </section>
      <section aria-labelledby="summary-documents" className="space-y-2">
        <h2 id="summary-documents" className="text-2xl font-semibold">{t("proposals.documents")}</h2>
        <SummaryList
          rows={documents.map((d) => ({
            key: d.name,
            value: d.file ? (
              <>
                <span className="block">{d.file.fileName}</span>
                <span className="block text-sm">{t("proposals.bytes", { size: d.file.size })}</span>
                <span className="block text-sm">SHA-256</span>
                <code className="block break-all rounded bg-slate-100 px-2 py-1 font-mono text-sm">{d.file.sha256}</code>
              </>
            ) : (
              t(d.mandatory === false ? "proposals.noFileOptional" : "proposals.noFile")
            ),
            change: change({ document: d.key }, d.name),
          }))}
        />
      </section>
    </div>
  );
}
