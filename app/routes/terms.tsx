import type { MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { ContentPage } from "~/web/content-page.tsx";
import { pageTitle } from "~/web/meta.ts";

export const meta: MetaFunction = (args) => pageTitle(args, "help.terms.title");

/** The rules of using the portal; each release's tender documents prevail over them. */
export default function TermsOfUse() {
  const { t } = useTranslation();
  return (
    <ContentPage
      page="terms"
      related={[
        { to: "/privacy", label: t("help.privacy.title") },
        { to: "/help/how-tenders-work", label: t("help.howTenders.title") },
        { to: "/contact", label: t("help.contact.title") },
      ]}
    />
  );
}
