import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { toHongKongLocal } from "~/platform/time.ts";
import { ParkTimeInput } from "~/platform/ui/park-time-input.tsx";

/** Issuing an addendum to an open release: notes, a changed timeline, and perhaps a document. */
export function AddendumSection({ timeline }: { timeline: { clarificationEndsAt: Date; submissionDeadline: Date; openingAt: Date } }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="addendum-heading" className="max-w-3xl space-y-3">
      <h2 id="addendum-heading" className="text-2xl font-semibold">{t("addenda.issue")}</h2>
      <p className="text-sm">{t("addenda.issueHint")}</p>
      <Form method="post" encType="multipart/form-data" className="space-y-3 rounded border border-slate-300 p-3">
        <input type="hidden" name="intent" value="addendum" />
        <div className="grid gap-2 md:grid-cols-3">
          {(["clarificationEndsAt", "submissionDeadline", "openingAt"] as const).map((field) => (
            <ParkTimeInput key={field} id={`addendum-${field}`} name={field} label={t(`addenda.field.${field}`)} defaultValue={toHongKongLocal(timeline[field])} />
          ))}
        </div>
        <div className="grid gap-2 md:grid-cols-2">
          <div>
            <label htmlFor="addendum-notes-en" className="block text-sm font-medium">{t("addenda.notesEn")}</label>
            <textarea id="addendum-notes-en" name="notesEn" rows={3} required maxLength={5_000} className="w-full rounded border border-slate-500 px-2 py-1" />
          </div>
          <div>
            <label htmlFor="addendum-notes-zh" className="block text-sm font-medium">{t("addenda.notesZhHant")}</label>
            <textarea id="addendum-notes-zh" name="notesZhHant" rows={3} required maxLength={5_000} className="w-full rounded border border-slate-500 px-2 py-1" />
          </div>
        </div>
        <fieldset className="grid gap-2 md:grid-cols-3">
          <legend className="text-sm font-medium">{t("addenda.document")}</legend>
          <div>
            <label htmlFor="addendum-doc-en" className="block text-sm">{t("builder.titleEn")}</label>
            <input id="addendum-doc-en" name="titleEn" maxLength={200} className="w-full rounded border border-slate-500 px-2 py-1" />
          </div>
          <div>
            <label htmlFor="addendum-doc-zh" className="block text-sm">{t("builder.titleZhHant")}</label>
            <input id="addendum-doc-zh" name="titleZhHant" maxLength={200} className="w-full rounded border border-slate-500 px-2 py-1" />
          </div>
          <div>
            <label htmlFor="addendum-doc-file" className="block text-sm">{t("documents.file")}</label>
            <input id="addendum-doc-file" type="file" name="file" accept=".pdf,.xlsx,.docx,.zip" />
          </div>
        </fieldset>
        <button type="submit" className="rounded bg-park-700 px-4 py-2 font-medium text-white">{t("addenda.issueSubmit")}</button>
      </Form>
    </section>
  );
}
