import { data } from "@remix-run/node";
import { publicReasonSchema } from "~/releases/cancellation.server.ts";
import { releaseCodeSchema } from "~/releases/schemas.ts";
import { notFound } from "./error-boundary.tsx";
import { whenRefused } from "./refusals.server.ts";
import { CHANGE_FIELD, CONFIRM_FIELD } from "~/platform/ui/confirm-step.tsx";

/**
 * Whether a form was sent from its confirmation page (ConfirmStep). A step that cannot be undone
 * refuses a POST without it, so no one-click path (a crafted form, an old page) acts on its own.
 */
export const confirmed = (form: FormData) => form.get(CONFIRM_FIELD) === "yes" && !goingBack(form);

/** Whether a confirmation page's "Change what you entered" sent the form back (ConfirmStep's `changeable`). */
export const goingBack = (form: FormData) => form.get(CHANGE_FIELD) === "yes";

/** The refusal of an unconfirmed step, as the confirmation pages show problems. */
export const UNCONFIRMED = "stages.confirm.required";

/**
 * What a step would do, for its confirmation page, or the refusal of the step (too early, done
 * already): then the page shows why instead of the button.
 */
export async function previewOf<T>(preview: () => Promise<T>): Promise<{ preview: T; refusal: null } | { preview: null; refusal: string }> {
  try {
    return { preview: await preview(), refusal: null };
  } catch (error) {
    return whenRefused(error, ({ code }) => ({ preview: null, refusal: code }));
  }
}

/** The release a confirmation page is about; a malformed code does not exist. */
export function releaseOfStep(code: string | undefined): string {
  const parsed = releaseCodeSchema.safeParse(code);
  if (!parsed.success) throw notFound();
  return parsed.data;
}

/** A refused cancellation or withdrawal: its problems (each naming its field, if any) and the reasons typed. */
export type RefusedReasons = { problems: { key: string; field?: string }[]; sent?: { reasonEn: string; reasonZhHant: string } };

/**
 * The public reasons a cancellation or withdrawal must give, from its confirmed form: the reasons,
 * or the answer that refuses them (unconfirmed, or each problem with its field and what was typed).
 */
export function publicReasonsOf(form: FormData) {
  if (!confirmed(form)) return { refused: data<RefusedReasons>({ problems: [{ key: UNCONFIRMED }] }, { status: 400 }) };
  const parsed = publicReasonSchema.safeParse(Object.fromEntries(form));
  if (parsed.success) return { reasons: parsed.data };
  const sent = { reasonEn: String(form.get("reasonEn") ?? ""), reasonZhHant: String(form.get("reasonZhHant") ?? "") };
  return { refused: data<RefusedReasons>({ problems: parsed.error.issues.map((i) => ({ key: i.message, field: String(i.path[0] ?? "") })), sent }, { status: 400 }) };
}
