import { useTranslation } from "react-i18next";

/** For a member who cannot submit: who in the organisation can, by name and role. */
export function WhoMaySubmit({ submitters }: { submitters: { name: string; role: string }[] }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="who-may-submit" className="max-w-3xl space-y-2 rounded border border-slate-500 p-4">
      <h2 id="who-may-submit" className="text-xl font-semibold">{t("proposalJourney.whoMaySubmit.heading")}</h2>
      <p>{t("proposalJourney.whoMaySubmit.explain")}</p>
      <ul className="list-disc pl-6">
        {submitters.map((s) => (
          <li key={`${s.role}:${s.name}`}>{t("format.parenthesised", { text: s.name, note: t(`roles.${s.role}`) })}</li>
        ))}
      </ul>
    </section>
  );
}
