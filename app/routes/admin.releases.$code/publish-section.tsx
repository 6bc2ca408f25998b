import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ParkTime } from "~/platform/ui/deadline.tsx";

/** A draft's way out: published now, scheduled for its publication time, or deleted. */
export function PublishSection({ releaseCode, publicationAt }: { releaseCode: string; publicationAt: Date }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="publish-heading" className="space-y-3">
      <h2 id="publish-heading" className="text-2xl font-semibold">{t("builder.publish")}</h2>
      <p>{t("builder.publishHint")} <ParkTime date={publicationAt} /></p>
      <div className="flex flex-wrap items-center gap-3">
        <Form method="post"><input type="hidden" name="intent" value="publish-now" /><button type="submit" className="rounded bg-park-700 px-4 py-2 font-medium text-white">{t("builder.publishNow")}</button></Form>
        <Form method="post"><input type="hidden" name="intent" value="schedule" /><button type="submit" className="rounded border border-park-700 px-4 py-2 font-medium text-park-800">{t("builder.schedule")}</button></Form>
        <Link to={`/admin/releases/${releaseCode}/delete`} className="rounded border border-red-800 px-4 py-2 text-red-900">{t("builder.deleteDraft")}</Link>
      </div>
    </section>
  );
}
