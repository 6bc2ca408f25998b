import { useTranslation } from "react-i18next";
import { useFieldValue } from "~/proposals/components/proposal-summary.tsx";
import type { ProposalFieldName, ProposalFields } from "~/proposals/schemas.ts";

/** Another member's saved copy, when a save was made from an older one; both sides as stored values. */
export type Conflict = { theirs: ProposalFields; mine: ProposalFields; differing: ProposalFieldName[]; revision: number; savedBy: string | null };

/** The saved version and the one being saved, side by side, for the fields whose values differ. */
export function ConflictNotice({ conflict }: { conflict: Conflict }) {
  const { t } = useTranslation();
  const shown = useFieldValue();
  return (
    <section role="alert" aria-labelledby="conflict-heading" className="space-y-2 rounded border border-amber-700 bg-amber-50 p-4">
      <h2 id="conflict-heading" className="text-lg font-semibold">{t("proposals.conflict.title")}</h2>
      <p>{t("proposals.conflict.explain", { name: conflict.savedBy ?? t("proposals.conflict.someone") })}</p>
      <table className="w-full text-left text-sm">
        <thead>
          <tr><th scope="col" className="p-1">{t("proposals.conflict.field")}</th><th scope="col" className="p-1">{t("proposals.conflict.theirs")}</th><th scope="col" className="p-1">{t("proposals.conflict.mine")}</th></tr>
        </thead>
        <tbody>
          {conflict.differing.map((name) => (
            <tr key={name} className="border-t border-amber-300 align-top">
              <th scope="row" className="p-1 font-medium">{t(`proposals.fields.${name}`)}</th>
              <td className="whitespace-pre-wrap break-words p-1">{shown(name, conflict.theirs[name])}</td>
              <td className="whitespace-pre-wrap break-words p-1">{shown(name, conflict.mine[name])}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>{t("proposals.conflict.choose")}</p>
    </section>
  );
}
