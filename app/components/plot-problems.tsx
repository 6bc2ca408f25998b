import { useTranslation } from "react-i18next";
import type { PlotProblem } from "~/plot-inventory.server.ts";

/** What is wrong with a plot, in the reader's language. */
export function PlotProblems({ problems, id }: { problems: PlotProblem[]; id?: string }) {
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
