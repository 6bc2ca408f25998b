import { Form, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { languages } from "~/platform/i18n/i18n.ts";

/** A plain form, so switching language works without JavaScript. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  return (
    // reloadDocument: the whole page comes back from the server in the new language.
    <Form method="post" action="/language" reloadDocument className="flex items-center gap-1" aria-label={t("language.switchTo")}>
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      {languages.map((language) => (
        <button
          key={language}
          type="submit"
          name="lang"
          value={language}
          lang={language}
          aria-pressed={i18n.language === language}
          className="rounded px-2 py-1 text-sm font-medium text-white underline-offset-4 hover:underline aria-pressed:bg-white aria-pressed:text-park-800"
        >
          {t(`language.${language}`)}
        </button>
      ))}
    </Form>
  );
}
