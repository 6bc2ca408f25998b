import { useTranslation } from "react-i18next";
import type { VariationSubject } from "~/platform/database/generated/prisma/enums.ts";
import { SummaryList } from "~/platform/ui/summary-list.tsx";
import type { DevelopmentRecord } from "../developments.server.ts";
import { usePromiseText } from "./promise-text.tsx";

const ROWS: { subject: Exclude<VariationSubject, "milestone">; key: keyof DevelopmentRecord["now"] }[] = [
  { subject: "gross_floor_area", key: "gfaM2" },
  { subject: "sectors", key: "sectors" },
  { subject: "investment", key: "investmentHkd" },
  { subject: "research_posts", key: "researchPosts" },
  { subject: "graduate_places", key: "graduatePlaces" },
];

/**
 * The promises as a summary list: each with the value first promised (as sealed) and, where an
 * approved variation changed it, the value that applies now. With `requestHref`, each row links to
 * asking for a change of it.
 */
export function PromisesSummary({ record, requestHref }: { record: Pick<DevelopmentRecord, "original" | "now">; requestHref?: (subject: VariationSubject) => string }) {
  const { t } = useTranslation();
  const text = usePromiseText();
  return (
    <SummaryList
      rows={ROWS.filter((row) => record.original[row.key] !== null).map((row) => {
        const original = text.value(row.subject, record.original[row.key]);
        const now = text.value(row.subject, record.now[row.key]);
        const name = text.subject(row.subject, null);
        return {
          key: name,
          value:
            original === now ? (
              <span data-promise={row.subject}>{now}</span>
            ) : (
              <span data-promise={row.subject} className="block">
                <span className="block font-semibold">{t("developments.promises.now", { value: now })}</span>
                <span className="block text-sm text-slate-700">{t("developments.promises.original", { value: original })}</span>
              </span>
            ),
          change: requestHref ? { href: requestHref(row.subject), label: <>{t("developments.promises.requestChange")}<span className="sr-only">{` ${name}`}</span></> } : undefined,
        };
      })}
    />
  );
}
