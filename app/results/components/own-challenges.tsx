import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Code, Unbroken } from "~/platform/ui/code.tsx";

export interface OwnChallenge {
  id: string;
  receiptNumber: string;
  plot: string;
  state: string;
}

/** The challenges the reader's organisation lodged in a release, each a link to its record and decision. */
export function OwnChallenges({ challenges }: { challenges: OwnChallenge[] }) {
  const { t } = useTranslation();
  if (challenges.length === 0) return null;
  return (
    <div className="space-y-1">
      <p className="font-semibold">{t("challenges.mine")}</p>
      <ul className="list-disc pl-6">
        {challenges.map((c) => (
          <li key={c.id}>
            <Link to={`/challenges/${c.id}`} className="text-park-700 underline"><Code mono>{c.receiptNumber}</Code></Link>
            <Unbroken text={t("format.aside", { note: t("results.plotHeading", { plot: c.plot }) })} />
            {t("format.colon")}
            {t(`challenges.state.${c.state}`)}
          </li>
        ))}
      </ul>
    </div>
  );
}
