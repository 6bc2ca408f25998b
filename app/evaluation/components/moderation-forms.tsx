import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pick } from "~/platform/i18n/i18n.ts";
import { useLanguage } from "~/platform/ui/deadline.tsx";

export interface ModeratedCriterion {
  criterionId: string;
  nameEn: string;
  nameZhHant: string;
  maxScore: number;
  moderated: { score: number; reason: string } | null;
}

/**
 * The chair's moderation, a form per criterion under the proposal's matrix rather than inside its
 * last column: on a phone a cell is a few characters wide, and the form needs the page's width.
 */
export function ModerationForms({ proposalId, criteria }: { proposalId: string; criteria: ModeratedCriterion[] }) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <div className="space-y-3">
      <h4 className="font-semibold">{t("moderation.moderateHeading")}</h4>
      {criteria.map((c) => (
        <Form key={c.criterionId} method="post">
          <fieldset className="flex flex-wrap items-end gap-x-3 gap-y-2 border-t border-slate-200 pt-2">
            <legend className="float-left w-full pt-2 text-sm font-medium">{t("moderation.criterionOutOf", { name: pick(language, { en: c.nameEn, zhHant: c.nameZhHant }), max: c.maxScore })}</legend>
            <input type="hidden" name="intent" value="moderate" />
            <input type="hidden" name="proposalId" value={proposalId} />
            <input type="hidden" name="criterionId" value={c.criterionId} />
            <label className="text-sm">
              {t("moderation.score")}
              <input name="score" type="number" step="0.5" min={0} max={c.maxScore} defaultValue={c.moderated?.score ?? ""} className="block w-24 rounded border border-slate-500 px-2 py-1" />
            </label>
            <label className="min-w-0 max-w-xl flex-1 basis-56 text-sm">
              {t("moderation.reason")}
              <input name="reason" defaultValue={c.moderated?.reason ?? ""} className="block w-full rounded border border-slate-500 px-2 py-1" />
            </label>
            <button type="submit" className="rounded border border-park-700 px-3 py-1 text-park-800">{t("moderation.set")}</button>
          </fieldset>
        </Form>
      ))}
    </div>
  );
}
