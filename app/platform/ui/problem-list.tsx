import { useTranslation } from "react-i18next";

/** Problems found by the server (catalog keys with their values), in the reader's language. */
export function ProblemList({ problems, id }: { problems: { key: string; values?: Record<string, string | number> }[]; id?: string }) {
  const { t } = useTranslation();
  if (problems.length === 0) return null;
  return (
    <ul id={id} className="text-sm text-red-800">
      {problems.map((problem, i) => (
        <li key={i}>{t(problem.key, problem.values)}</li>
      ))}
    </ul>
  );
}
