import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "./web/error-boundary.tsx";
import { useNonce } from "./web/nonce.tsx";
import { DocumentHydrated } from "./platform/ui/deadline.tsx";
import { getCurrentUser } from "./accounts/sessions.server.ts";
import { SiteFooter } from "./web/site-footer.tsx";
import { SiteHeader } from "./web/site-header.tsx";
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
        <SiteHeader user={data?.user ?? null} />
        <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-8">
          {children}
        </main>
        <SiteFooter />
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
