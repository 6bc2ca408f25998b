import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

interface Section {
  heading: string;
  paragraphs: string[];
}

/** The help and policy pages in the catalogs, under `help.<page>`: a title, an introduction and sections. */
export type ContentPageKey = "howTenders" | "faq" | "contact" | "accessibility" | "privacy" | "terms";

/**
 * One of the authority's pages of plain content, written in the catalogs so that every language has
 * the same sections: the title, a contents list of the sections, the sections, then related pages.
 * `children` come after the introduction (the contact page's address, which is configured).
 */
export function ContentPage({ page, related, children }: { page: ContentPageKey; related: { to: string; label: string }[]; children?: ReactNode }) {
  const { t } = useTranslation();
  const sections = t(`help.${page}.sections`, { returnObjects: true }) as unknown as Section[];
  const anchor = (i: number) => `section-${i + 1}`;
  return (
    <article className="max-w-3xl space-y-8">
      <header className="space-y-3">
        <h1 className="text-3xl font-semibold">{t(`help.${page}.title`)}</h1>
        <p className="text-lg">{t(`help.${page}.intro`)}</p>
      </header>
      {children}
      <nav aria-labelledby="on-this-page" className="border-l-4 border-park-700 pl-4">
        <h2 id="on-this-page" className="font-semibold">
          {t("help.onThisPage")}
        </h2>
        <ol className="mt-2 list-decimal space-y-1 pl-5">
          {sections.map((section, i) => (
            <li key={anchor(i)}>
              <a href={`#${anchor(i)}`} className="text-park-700 underline">
                {section.heading}
              </a>
            </li>
          ))}
        </ol>
      </nav>
      {sections.map((section, i) => (
        <section key={anchor(i)} id={anchor(i)} aria-labelledby={`${anchor(i)}-heading`} className="space-y-3">
          <h2 id={`${anchor(i)}-heading`} className="text-2xl font-semibold">
            {section.heading}
          </h2>
          {section.paragraphs.map((paragraph) => (
            <p key={paragraph}>{paragraph}</p>
          ))}
        </section>
      ))}
      <nav aria-labelledby="related-pages" className="border-t border-slate-300 pt-6">
        <h2 id="related-pages" className="text-xl font-semibold">
          {t("help.related")}
        </h2>
        <ul className="mt-2 space-y-1">
          {related.map((link) => (
            <li key={link.to}>
              <Link to={link.to} className="text-park-700 underline">
                {link.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </article>
  );
}
