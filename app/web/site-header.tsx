import { Link, NavLink, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LanguageSwitch } from "./language-switch.tsx";
import { ParkLogo } from "./park-logo.tsx";
import { UserMenu, type MenuUser } from "./user-menu.tsx";

type NavClass = (state: { isActive: boolean }) => string;

function MainNav({ navClass, className }: { navClass: NavClass; className: string }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t("site.mainNav")} className={className}>
      <NavLink to="/" end className={navClass}>
        {t("site.home")}
      </NavLink>
      <NavLink to="/releases" className={navClass}>
        {t("site.releases")}
      </NavLink>
      <NavLink to="/help/how-tenders-work" className={navClass}>
        {t("site.help")}
      </NavLink>
    </nav>
  );
}

/**
 * The authority's name and mark, then the navigation: in one row on wide screens; on narrow ones
 * behind a "Menu" disclosure, a native <details> so that it opens without JavaScript. Only one of
 * the two is displayed at any width, so the landmarks are never announced twice.
 */
export function SiteHeader({ user }: { user: MenuUser | null }) {
  const { t } = useTranslation();
  const location = useLocation();
  const rowClass = ({ isActive }: { isActive: boolean }) =>
    `rounded px-2 py-1 text-white ${isActive ? "bg-park-800 underline underline-offset-4" : "hover:underline"}`;
  const menuClass = ({ isActive }: { isActive: boolean }) =>
    `block rounded px-3 py-3 text-white ${isActive ? "bg-park-700 underline underline-offset-4" : "hover:underline"}`;
  return (
    <header className="relative bg-park-700 text-white">
      <div className="mx-auto flex max-w-6xl items-center justify-between gap-3 px-4 py-3">
        <Link to="/" className="flex min-w-0 items-center gap-3 text-white">
          <ParkLogo className="h-10 w-10 shrink-0" />
          <span className="min-w-0">
            <span className="block text-xs leading-snug">{t("site.park")}</span>
            <span className="block text-lg font-semibold leading-tight">{t("site.name")}</span>
          </span>
        </Link>
        <div className="hidden flex-wrap items-center justify-end gap-3 lg:flex">
          <MainNav navClass={rowClass} className="flex gap-2" />
          <UserMenu user={user} navClass={rowClass} className="flex flex-wrap items-center gap-2" />
          <LanguageSwitch />
        </div>
        {/* Keyed by the location so that a page reached through the menu opens with it closed. */}
        <details key={location.key} className="group lg:hidden">
          <summary className="flex cursor-pointer list-none items-center gap-2 rounded border border-white px-3 py-2 font-medium [&::-webkit-details-marker]:hidden">
            <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false" className="h-4 w-4">
              <path d="M2 4h12M2 8h12M2 12h12" stroke="currentColor" strokeWidth="2" className="group-open:hidden" />
              <path d="M3 3l10 10M13 3L3 13" stroke="currentColor" strokeWidth="2" className="hidden group-open:block" />
            </svg>
            {t("site.menu")}
          </summary>
          <div className="absolute inset-x-0 top-full z-30 border-t border-park-700 bg-park-800 shadow-lg">
            <div className="mx-auto max-w-6xl space-y-3 px-4 py-3">
              <MainNav navClass={menuClass} className="grid" />
              <UserMenu user={user} navClass={menuClass} className="grid border-t border-white/40 pt-3" />
              <div className="border-t border-white/40 pt-3">
                <LanguageSwitch />
              </div>
            </div>
          </div>
        </details>
      </div>
    </header>
  );
}
