import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "./web/error-boundary.tsx";
import { LanguageSwitch } from "./web/language-switch.tsx";
import { useNonce } from "./web/nonce.tsx";
import { DocumentHydrated } from "./platform/ui/deadline.tsx";
import { getCurrentUser } from "./accounts/sessions.server.ts";
import { UserMenu } from "./web/user-menu.tsx";
import { getLanguage } from "./platform/i18n/i18n.server.ts";
import { defaultLanguage, isLanguage } from "./platform/i18n/i18n.ts";
import { pageTitle } from "./web/meta.ts";
import stylesheet from "./tailwind.css?url";

/** Only reached when the root itself failed; every page sets its own title. */
export const meta: MetaFunction = (args) => pageTitle(args, "site.name");

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
  { rel: "alternate", type: "application/atom+xml", href: "/feeds/releases.atom", title: "Releases" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  return {
    lang: await getLanguage(request),
    user: user && { name: user.name, roles: user.roles, organisation: user.organisation?.name ?? null },
  };
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const { t, i18n } = useTranslation();
  const nonce = useNonce();
  // The language switch reloads the document, so the i18n instance already speaks this language.
  const lang = data?.lang ?? (isLanguage(i18n.language) ? i18n.language : defaultLanguage);
  const navClass = ({ isActive }: { isActive: boolean }) =>
    `rounded px-2 py-1 text-white ${isActive ? "bg-park-800 underline underline-offset-4" : "hover:underline"}`;
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="flex min-h-screen flex-col bg-white text-slate-900">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2">
          {t("site.skipToContent")}
        </a>
        <header className="bg-park-700">
          <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3">
            <Link to="/" className="text-lg font-semibold text-white">
              {t("site.name")}
              <span className="block text-xs font-normal">{t("site.park")}</span>
            </Link>
            <nav aria-label={t("site.mainNav")} className="flex gap-2">
              <NavLink to="/" end className={navClass}>
                {t("site.home")}
              </NavLink>
              <NavLink to="/releases" className={navClass}>
                {t("site.releases")}
              </NavLink>
            </nav>
            <div className="flex flex-wrap items-center gap-3">
              <UserMenu user={data?.user ?? null} navClass={navClass} />
              <LanguageSwitch />
            </div>
          </div>
        </header>
        <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-8">
          {children}
        </main>
        <footer className="border-t border-slate-200 bg-slate-50">
          <p className="mx-auto max-w-6xl px-4 py-4 text-sm text-slate-700">{t("site.footer")}</p>
        </footer>
        <DocumentHydrated />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
