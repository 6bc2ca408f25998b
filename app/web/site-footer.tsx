import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ParkLogo } from "./park-logo.tsx";

/** Help, the authority's statements, and what anyone may check or reuse without an account. */
export function SiteFooter() {
  const { t } = useTranslation();
  const groups = [
    {
      title: t("site.footerHelp"),
      links: [
        { to: "/help/how-tenders-work", label: t("help.howTenders.title") },
        { to: "/help/faq", label: t("help.faq.title") },
        { to: "/contact", label: t("help.contact.title") },
      ],
    },
    {
      title: t("site.footerAbout"),
      links: [
        { to: "/accessibility", label: t("help.accessibility.title") },
        { to: "/privacy", label: t("help.privacy.title") },
        { to: "/terms", label: t("help.terms.title") },
      ],
    },
    {
      title: t("site.footerCheck"),
      links: [
        { to: "/receipts/verify", label: t("receipts.verifyTitle") },
        { to: "/transparency", label: t("transparency.link") },
        { to: "/portfolio", label: t("portfolio.link") },
        // Files, not pages: plain links, which the browser fetches itself.
        { to: "/open-data/ocds/releases.json", label: t("site.openData"), file: true },
        { to: "/feeds/releases.atom", label: t("site.feed"), file: true },
      ],
    },
  ];
  return (
    <footer className="border-t-4 border-park-700 bg-slate-50 text-sm text-slate-800">
      <div className="mx-auto grid max-w-6xl gap-6 px-4 py-8 sm:grid-cols-3">
        {groups.map((group) => (
          <nav key={group.title} aria-label={group.title}>
            <h2 className="font-semibold">{group.title}</h2>
            <ul className="mt-2 space-y-2">
              {group.links.map((link) => (
                <li key={link.label}>
                  {"file" in link ? (
                    <a href={link.to} className="text-park-700 underline">
                      {link.label}
                    </a>
                  ) : (
                    <Link to={link.to} className="text-park-700 underline">
                      {link.label}
                    </Link>
                  )}
                </li>
              ))}
            </ul>
          </nav>
        ))}
      </div>
      <div className="mx-auto flex max-w-6xl items-start gap-3 border-t border-slate-200 px-4 py-4">
        <ParkLogo className="h-8 w-8 shrink-0" />
        <div className="space-y-1">
          <p>{t("site.footer")}</p>
          <p>{t("site.copyright", { park: t("site.park") })}</p>
        </div>
      </div>
    </footer>
  );
}
