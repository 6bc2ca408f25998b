import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FileInput } from "~/platform/ui/file-input.tsx";
import { TenderDocuments } from "~/releases/components/tender-documents.tsx";

type Documents = Parameters<typeof TenderDocuments>[0]["documents"];

/** The tender documents; a draft's may be added to (after publication only an addendum adds one). */
export function DocumentsSection({ releaseCode, documents, draft }: { releaseCode: string; documents: Documents; draft: boolean }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="documents-heading" className="space-y-3">
      <h2 id="documents-heading" className="text-2xl font-semibold">{t("documents.title")}</h2>
      <TenderDocuments releaseCode={releaseCode} documents={documents} linked={!draft} />
      {draft ? (
        <Form method="post" encType="multipart/form-data" noValidate className="grid max-w-3xl gap-3 md:grid-cols-3">
          <div>
            <label htmlFor="document-titleEn" className="block text-sm font-medium">{t("builder.titleEn")}</label>
            <input id="document-titleEn" name="titleEn" maxLength={200} className="w-full rounded border border-slate-500 px-2 py-1" />
          </div>
          <div>
            <label htmlFor="document-titleZhHant" className="block text-sm font-medium">{t("builder.titleZhHant")}</label>
            <input id="document-titleZhHant" name="titleZhHant" maxLength={200} className="w-full rounded border border-slate-500 px-2 py-1" />
          </div>
          <div>
            <label htmlFor="document-file" className="block text-sm font-medium">{t("documents.file")}</label>
            <FileInput id="document-file" name="file" accept=".pdf,.xlsx,.docx,.zip" />
          </div>
          <div><button type="submit" className="rounded bg-park-700 px-4 py-2 font-medium text-white">{t("documents.upload")}</button></div>
        </Form>
      ) : null}
    </section>
  );
}
