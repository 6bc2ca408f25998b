import type { MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { ContentPage } from "~/web/content-page.tsx";
import { pageTitle } from "~/web/meta.ts";

export const meta: MetaFunction = (args) => pageTitle(args, "help.privacy.title");

/** What personal data the portal keeps, why, who sees it, and the reader's rights. */
export default function PrivacyNotice() {
  const { t } = useTranslation();
  return (
    <ContentPage
      page="privacy"
      related={[
        { to: "/account", label: t("account.title") },
        { to: "/terms", label: t("help.terms.title") },
        { to: "/contact", label: t("help.contact.title") },
      ]}
    />
  );
}
