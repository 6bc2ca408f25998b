import { Form, NavLink } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { can, type Role } from "~/accounts/permissions.ts";

export interface MenuUser {
  name: string;
  roles: Role[];
  organisation: string | null;
}

/** Sign-in links for visitors; for signed-in people, the pages of their roles and sign-out. */
export function UserMenu({
  user,
  navClass,
  className,
}: {
  user: MenuUser | null;
  navClass: (state: { isActive: boolean }) => string;
  /** The layout: a row in the header, a column in the narrow screens' menu. */
  className: string;
}) {
  const { t } = useTranslation();
  if (!user) {
    return (
      <nav aria-label={t("site.accountNav")} className={className}>
        <NavLink to="/login" className={navClass}>{t("login.title")}</NavLink>
        <NavLink to="/signup" className={navClass}>{t("signup.title")}</NavLink>
      </nav>
    );
  }
  return (
    <nav aria-label={t("site.accountNav")} className={className}>
      {can(user.roles, "staff:invite") ? <NavLink to="/admin" className={navClass}>{t("admin.title")}</NavLink> : null}
      {can(user.roles, "evaluation:take-part") ? <NavLink to="/evaluation" className={navClass}>{t("evaluation.title")}</NavLink> : null}
      {can(user.roles, "proposal:prepare") ? <NavLink to="/proposals" className={navClass}>{t("proposals.title")}</NavLink> : null}
      {can(user.roles, "development:read") ? <NavLink to="/developments" className={navClass}>{t("developments.title")}</NavLink> : null}
      {user.roles.includes("proposer") ? <NavLink to="/organisations" className={navClass}>{t("organisations.title")}</NavLink> : null}
      <NavLink to="/account" className={navClass}>
        {user.name}
        {user.organisation ? <span className="block text-xs">{user.organisation}</span> : null}
      </NavLink>
      <Form method="post" action="/logout">
        <button type="submit" className={`${navClass({ isActive: false })} w-full text-left`}>{t("logout.submit")}</button>
      </Form>
    </nav>
  );
}
