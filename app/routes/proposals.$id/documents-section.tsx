import { useTranslation } from "react-i18next";
import { DocumentUpload } from "~/proposals/components/document-upload.tsx";

type Named = { nameEn: string; nameZhHant: string };

interface Props {
  proposalId: string;
  requiredDocuments: (Named & { id: string; envelope: string; acceptedTypes: string[]; maxSizeMb: number; mandatory: boolean })[];
  /** The draft's stored files. */
  documents: { id: string; requiredDocumentId: string; fileName: string; size: number; sha256: string | null }[];
  /** Mandatory documents still without a file. */
  missing: Set<string>;
  name: (document: Named) => string;
}

/** Each required document with the draft's file for it, and a way to send (or replace) one. */
export function DocumentsSection({ proposalId, requiredDocuments, documents, missing, name }: Props) {
  const { t } = useTranslation();
  return (
    <section id="documents" aria-labelledby="documents-heading" className="space-y-4">
      <h2 id="documents-heading" className="text-2xl font-semibold">{t("proposals.documents")}</h2>
      <ul className="space-y-6">
        {requiredDocuments.map((required) => {
          const stored = documents.find((d) => d.requiredDocumentId === required.id);
          const describedBy = `required-${required.id}`;
          return (
            <li key={required.id} id={`document-${required.id}`} className="space-y-2 rounded border border-slate-300 p-4">
              <h3 className="font-semibold">
                {name(required)}
                <span className="text-sm font-normal">
                  {t("format.aside", { note: [t(`builder.${required.envelope}`), required.mandatory ? t("proposals.mandatory") : t("proposals.optional")].join(t("format.listSeparator")) })}
                </span>
              </h3>
              <p id={describedBy} className="text-sm text-slate-700">
                {t("proposals.accepts", { types: required.acceptedTypes.map((k) => k.toUpperCase()).join(t("format.listSeparator")), size: required.maxSizeMb })}
              </p>
              {stored ? (
                <p className="text-sm">
                  <a href={`/proposals/${proposalId}/documents/${stored.id}`} className="text-park-700 underline">{stored.fileName}</a>{" "}
                  · {t("proposals.bytes", { size: stored.size })} · <span className="font-mono">SHA-256 {stored.sha256?.slice(0, 16)}…</span>
                  <button type="submit" form="document-actions" name="documentId" value={stored.id} className="ml-3 rounded border border-red-700 px-2 py-0.5 text-red-800">
                    {t("proposals.removeDocument", { name: stored.fileName })}
                  </button>
                </p>
              ) : (
                <p className={`text-sm ${required.mandatory && missing.has(required.id) ? "text-red-800" : ""}`}>{t("proposals.noFile")}</p>
              )}
              <DocumentUpload
                proposalId={proposalId}
                requiredDocumentId={required.id}
                label={stored ? t("proposals.replaceFile", { name: name(required) }) : t("proposals.chooseFile", { name: name(required) })}
                accept={required.acceptedTypes.map((k) => (k === "jpeg" ? ".jpg,.jpeg" : `.${k}`)).join(",")}
                describedBy={describedBy}
              />
            </li>
          );
        })}
      </ul>
    </section>
  );
}
