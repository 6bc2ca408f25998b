import { releaseCodeSchema } from "~/releases/schemas.ts";
import { notFound } from "./error-boundary.tsx";
import { whenRefused } from "./refusals.server.ts";
import { CONFIRM_FIELD } from "~/platform/ui/confirm-step.tsx";

/**
 * Whether a form was sent from its confirmation page (ConfirmStep). A step that cannot be undone
 * refuses a POST without it, so no one-click path (a crafted form, an old page) acts on its own.
 */
export const confirmed = (form: FormData) => form.get(CONFIRM_FIELD) === "yes";

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
