import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FileInput } from "~/platform/ui/file-input.tsx";
import { toHongKongLocal } from "~/platform/time.ts";
import { ParkTimeInput } from "~/platform/ui/park-time-input.tsx";

/** Issuing an addendum to an open release: notes, a changed timeline, and perhaps a document. */
export function AddendumSection({ timeline, sent }: { timeline: { clarificationEndsAt: Date; submissionDeadline: Date; openingAt: Date }; sent?: Record<string, string> }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="addendum-heading" className="max-w-3xl space-y-3">
      <h2 id="addendum-heading" className="text-2xl font-semibold">{t("addenda.issue")}</h2>
      <p className="text-sm">{t("addenda.issueHint")}</p>
      <Form method="post" encType="multipart/form-data" noValidate className="space-y-3 rounded border border-slate-300 p-3">
        <input type="hidden" name="intent" value="addendum" />
        <div className="grid gap-2 md:grid-cols-3">
          {(["clarificationEndsAt", "submissionDeadline", "openingAt"] as const).map((field) => (
            <ParkTimeInput key={field} id={`addendum-${field}`} name={field} label={t(`addenda.field.${field}`)} defaultValue={sent?.[field] ?? toHongKongLocal(timeline[field])} />
          ))}
        </div>
        <div className="grid gap-2 md:grid-cols-2">
          <div>
            <label htmlFor="addendum-notesEn" className="block text-sm font-medium">{t("addenda.notesEn")}</label>
            <textarea id="addendum-notesEn" name="notesEn" rows={3} maxLength={5_000} defaultValue={sent?.notesEn} className="w-full rounded border border-slate-500 px-2 py-1" />
          </div>
          <div>
            <label htmlFor="addendum-notesZhHant" className="block text-sm font-medium">{t("addenda.notesZhHant")}</label>
            <textarea id="addendum-notesZhHant" name="notesZhHant" rows={3} maxLength={5_000} defaultValue={sent?.notesZhHant} className="w-full rounded border border-slate-500 px-2 py-1" />
          </div>
        </div>
        <fieldset className="grid gap-2 md:grid-cols-3">
          <legend className="text-sm font-medium">{t("addenda.document")}</legend>
          <div>
            <label htmlFor="addendum-titleEn" className="block text-sm">{t("builder.titleEn")}</label>
            <input id="addendum-titleEn" name="titleEn" maxLength={200} defaultValue={sent?.titleEn} className="w-full rounded border border-slate-500 px-2 py-1" />
          </div>
          <div>
            <label htmlFor="addendum-titleZhHant" className="block text-sm">{t("builder.titleZhHant")}</label>
            <input id="addendum-titleZhHant" name="titleZhHant" maxLength={200} defaultValue={sent?.titleZhHant} className="w-full rounded border border-slate-500 px-2 py-1" />
          </div>
          <div>
            <label htmlFor="addendum-file" className="block text-sm">{t("documents.file")}</label>
            <FileInput id="addendum-file" name="file" accept=".pdf,.xlsx,.docx,.zip" />
          </div>
        </fieldset>
        <button type="submit" className="rounded bg-park-700 px-4 py-2 font-medium text-white">{t("addenda.issueSubmit")}</button>
      </Form>
    </section>
  );
}
