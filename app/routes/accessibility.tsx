import type { MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { ContentPage } from "~/web/content-page.tsx";
import { pageTitle } from "~/web/meta.ts";

export const meta: MetaFunction = (args) => pageTitle(args, "help.accessibility.title");

/** What was tested, how, and what does not yet work for everyone. */
export default function AccessibilityStatement() {
  const { t } = useTranslation();
  return (
    <ContentPage
      page="accessibility"
      related={[
        { to: "/contact", label: t("help.contact.title") },
        { to: "/help/how-tenders-work", label: t("help.howTenders.title") },
      ]}
    />
  );
}
