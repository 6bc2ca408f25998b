import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider } from "react-i18next";
import { createI18n, defaultLanguage, isLanguage } from "./platform/i18n/i18n.ts";

// The server rendered the page in the reader's language and said which in <html lang>.
const lang = document.documentElement.lang;
const i18n = createI18n(isLanguage(lang) ? lang : defaultLanguage);

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <RemixBrowser />
      </I18nextProvider>
    </StrictMode>,
  );
});
