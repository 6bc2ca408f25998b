import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { saveLanguage } from "~/accounts/accounts.server.ts";
import { getCurrentUser } from "~/accounts/sessions.server.ts";
import { notFound } from "~/web/error-boundary.tsx";
import { languages } from "~/platform/i18n/i18n.ts";
import { safeRedirect } from "~/web/require.server.ts";
import { readForm } from "~/web/forms.server.ts";
import { languageCookie } from "~/platform/i18n/i18n.server.ts";

const languageForm = z.object({
  lang: z.enum(languages),
  redirectTo: z.string().max(2_000).catch("/"),
});

/**
 * Sets the language cookie and sends the reader back to where they were. A signed-in person's
 * profile language changes with it, so their emails follow; an anonymous visitor has the cookie only.
 */
export async function action({ request }: ActionFunctionArgs) {
  const form = languageForm.safeParse(Object.fromEntries(await readForm(request)));
  if (!form.success) return redirect("/", { status: 303 });
  const user = await getCurrentUser(request);
  if (user && user.locale !== form.data.lang) await saveLanguage(user.id, form.data.lang);
  // Only a path on this site: never "//elsewhere" or "https://elsewhere" (no open redirect).
  return redirect(safeRedirect(form.data.redirectTo), {
    status: 303,
    headers: { "Set-Cookie": await languageCookie.serialize(form.data.lang) },
  });
}

/** Nothing to show: a GET here is a mistyped address. */
export function loader() {
  throw notFound();
}
