import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getConfig } from "~/platform/config.server.ts";
import { ContentPage } from "~/web/content-page.tsx";
import { pageTitle } from "~/web/meta.ts";

export const meta: MetaFunction = (args) => pageTitle(args, "help.contact.title");

/** The address comes from the configuration: each deployment names its own tender team. */
export function loader() {
  return { email: getConfig().CONTACT_EMAIL };
}

/** How to reach the park authority's tender team, and what not to send them. */
export default function Contact() {
  const { t } = useTranslation();
  const { email } = useLoaderData<typeof loader>();
  return (
    <ContentPage
      page="contact"
      related={[
        { to: "/help/how-tenders-work", label: t("help.howTenders.title") },
        { to: "/help/faq", label: t("help.faq.title") },
        { to: "/accessibility", label: t("help.accessibility.title") },
      ]}
    >
      <dl className="rounded border border-slate-300 bg-park-50 p-4">
        <dt className="font-semibold">{t("help.contact.emailLabel")}</dt>
        <dd className="break-all">
          <a href={`mailto:${email}`} className="text-park-700 underline">
            {email}
          </a>
        </dd>
      </dl>
    </ContentPage>
  );
}
