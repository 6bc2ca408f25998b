import { Form, NavLink } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { can, type Role } from "~/accounts/permissions.ts";

interface MenuUser {
  name: string;
  roles: Role[];
  organisation: string | null;
}

/** Sign-in links for visitors; for signed-in people, the pages of their roles and sign-out. */
export function UserMenu({ user, navClass }: { user: MenuUser | null; navClass: (state: { isActive: boolean }) => string }) {
  const { t } = useTranslation();
  if (!user) {
    return (
      <nav aria-label={t("site.accountNav")} className="flex gap-2">
        <NavLink to="/login" className={navClass}>{t("login.title")}</NavLink>
        <NavLink to="/signup" className={navClass}>{t("signup.title")}</NavLink>
      </nav>
    );
  }
  return (
    <nav aria-label={t("site.accountNav")} className="flex flex-wrap items-center gap-2">
      {can(user.roles, "staff:invite") ? <NavLink to="/admin" className={navClass}>{t("admin.title")}</NavLink> : null}
      {can(user.roles, "evaluation:take-part") ? <NavLink to="/evaluation" className={navClass}>{t("evaluation.title")}</NavLink> : null}
      {can(user.roles, "proposal:prepare") ? <NavLink to="/proposals" className={navClass}>{t("proposals.title")}</NavLink> : null}
      {user.roles.includes("proposer") ? <NavLink to="/organisations" className={navClass}>{t("organisations.title")}</NavLink> : null}
      <NavLink to="/account" className={navClass}>
        {user.name}
        {user.organisation ? <span className="block text-xs">{user.organisation}</span> : null}
      </NavLink>
      <Form method="post" action="/logout">
        <button type="submit" className="rounded px-2 py-1 text-white underline-offset-4 hover:underline">{t("logout.submit")}</button>
      </Form>
    </nav>
  );
}
