import { useTranslation } from "react-i18next";
import { defaultLanguage, isLanguage, pick } from "~/platform/i18n/i18n.ts";

interface TenderDocumentRow {
  id: string;
  titleEn: string;
  titleZhHant: string;
  fileName: string;
  size: number;
  sha256: string;
  addendumNumber?: number | null;
}

/** Tender documents with their size and SHA-256, so anyone can check the copy they downloaded. */
export function TenderDocuments({ releaseCode, documents, linked }: { releaseCode: string; documents: TenderDocumentRow[]; linked: boolean }) {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : defaultLanguage;
  if (documents.length === 0) return <p>{t("documents.none")}</p>;
  return (
    <ul className="space-y-2">
      {documents.map((document) => {
        const title = pick(language, { en: document.titleEn, zhHant: document.titleZhHant });
        return (
          <li key={document.id}>
            {linked ? (
              <a href={`/releases/${releaseCode}/documents/${document.id}`} className="text-park-700 underline">{title}</a>
            ) : (
              <span className="font-medium">{title}</span>
            )}{" "}
            <span className="text-sm text-slate-700">
              ({document.fileName}, {t("documents.size", { kb: Math.ceil(document.size / 1024).toLocaleString(i18n.language) })}
              {document.addendumNumber ? `, ${t("documents.withAddendum", { number: document.addendumNumber })}` : ""})
            </span>
            <span className="block break-all font-mono text-xs text-slate-700">SHA-256 {document.sha256}</span>
          </li>
        );
      })}
    </ul>
  );
}
