import type { MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { ContentPage } from "~/web/content-page.tsx";
import { pageTitle } from "~/web/meta.ts";

export const meta: MetaFunction = (args) => pageTitle(args, "help.howTenders.title");

/** The stages of a tender and what a proposer does at each, for people who have never bid. */
export default function HowTendersWork() {
  const { t } = useTranslation();
  return (
    <ContentPage
      page="howTenders"
      related={[
        { to: "/help/faq", label: t("help.faq.title") },
        { to: "/releases", label: t("releases.title") },
        { to: "/receipts/verify", label: t("receipts.verifyTitle") },
        { to: "/contact", label: t("help.contact.title") },
      ]}
    />
  );
}
