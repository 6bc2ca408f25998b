import type { MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { ContentPage } from "~/web/content-page.tsx";
import { pageTitle } from "~/web/meta.ts";

export const meta: MetaFunction = (args) => pageTitle(args, "help.faq.title");

/** The questions proposers ask most, each answered in a few lines. */
export default function FrequentlyAskedQuestions() {
  const { t } = useTranslation();
  return (
    <ContentPage
      page="faq"
      related={[
        { to: "/help/how-tenders-work", label: t("help.howTenders.title") },
        { to: "/receipts/verify", label: t("receipts.verifyTitle") },
        { to: "/contact", label: t("help.contact.title") },
      ]}
    />
  );
}
