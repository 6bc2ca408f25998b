import type { z } from "zod";

/** A message for a person: a catalog key and the values it names (e.g. the plot a boundary overlaps). */
export interface Problem {
  key: string;
  values?: Record<string, string | number>;
}

/** A problem with the field of a form it concerns. */
export interface FieldProblem extends Problem {
  field: string;
}

const CATALOG_KEY = /^\w+(\.\w+)+$/;

/** The values a message may name: a rule's own (`params`), or the limit a length check broke. */
function valuesOf(issue: z.core.$ZodIssue): Problem["values"] {
  if (issue.code === "custom") return issue.params as Problem["values"];
  if (issue.code === "too_big") return { max: Number(issue.maximum) };
  if (issue.code === "too_small") return { min: Number(issue.minimum) };
  return undefined;
}

/**
 * Zod's issues as problems: Conform's `formatError` for forms whose messages name values. A
 * schema's messages are catalog keys; a rule that names something passes it in the issue's
 * `params`, and a length check names its limit. A message that is not a key (zod's own, for input
 * no field of the form sends) reads as "fill in this field".
 */
export function problemsOf(issues: z.core.$ZodIssue[]): Problem[] {
  return issues.map((issue) => {
    const key = CATALOG_KEY.test(issue.message) ? issue.message : "errors.required";
    const values = valuesOf(issue);
    return values ? { key, values } : { key };
  });
}

/**
 * Problems the server found (with the database, or a library the browser does not load), as the
 * field errors of a Conform reply: each shown beside its field, as the browser's own would be.
 */
export function fieldErrorsOf(problems: FieldProblem[]): Record<string, Problem[]> {
  const errors: Record<string, Problem[]> = {};
  for (const { field, ...problem } of problems) (errors[field] ??= []).push(problem);
  return errors;
}
