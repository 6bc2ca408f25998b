import { useMessage } from "./error-summary.tsx";
import type { Problem } from "./problems.ts";

/** Problems found by the server (catalog keys with their values), in the reader's language. */
export function ProblemList({ problems, id }: { problems: Problem[]; id?: string }) {
  const message = useMessage();
  if (problems.length === 0) return null;
  return (
    <ul id={id} className="text-sm text-red-800">
      {problems.map((problem, i) => (
        <li key={i}>{message(problem)}</li>
      ))}
    </ul>
  );
}
