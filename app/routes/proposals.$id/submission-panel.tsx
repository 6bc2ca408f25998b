import { useTranslation } from "react-i18next";

type Named = { nameEn: string; nameZhHant: string };

interface Props {
  missingFields: Set<string>;
  missingDocuments: Set<string>;
  requiredDocuments: (Named & { id: string })[];
  verified: boolean;
  organisation: string;
  /** A version already counts: submitting again replaces it. */
  replacing: boolean;
  name: (document: Named) => string;
}

/** What is still missing, the declaration and the submit button (inside the proposal's form). */
export function SubmissionPanel({ missingFields, missingDocuments, requiredDocuments, verified, organisation, replacing, name }: Props) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="submit-heading" className="space-y-3 rounded border border-park-700 p-4">
      <h2 id="submit-heading" className="text-2xl font-semibold">{t("proposals.submitHeading")}</h2>
      {missingFields.size || missingDocuments.size ? (
        <div>
          <p>{t("proposals.stillMissing")}</p>
          <ul className="list-disc pl-6">
            {[...missingFields].map((f) => <li key={f}>{t(`proposals.fields.${f}`)}</li>)}
            {requiredDocuments.filter((r) => missingDocuments.has(r.id)).map((r) => <li key={r.id}>{t("proposals.missingDocument", { name: name(r) })}</li>)}
          </ul>
        </div>
      ) : (
        <p>{t("proposals.complete")}</p>
      )}
      {!verified ? <p role="alert" className="text-red-800">{t("proposals.errors.verifyFirst")}</p> : null}
      <label className="flex items-start gap-2">
        <input type="checkbox" id="declaration" name="declaration" value="on" className="mt-1" />
        <span>{t("proposals.declaration", { organisation })}</span>
      </label>
      <button type="submit" name="intent" value="submit" className="rounded bg-park-700 px-4 py-2 font-medium text-white hover:bg-park-800">
        {replacing ? t("proposals.submitNewVersion") : t("proposals.submit")}
      </button>
    </section>
  );
}
