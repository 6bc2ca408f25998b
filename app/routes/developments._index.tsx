import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { can } from "~/accounts/permissions.ts";
import { ownDevelopments } from "~/developments/developments.server.ts";
import { DevelopmentsTable } from "~/developments/components/developments-table.tsx";
import { GeneralErrorBoundary } from "~/web/error-boundary.tsx";
import { pageTitle } from "~/web/meta.ts";
import { requireUser } from "~/web/require.server.ts";

export const meta: MetaFunction = (args) => pageTitle(args, "developments.title");

/** The development records of the organisation the person acts for; staff have their own list (403 here). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (user.staffRole) throw new Response("Forbidden", { status: 403 });
  if (!can(user.roles, "development:read")) return { organisation: null, developments: [] };
  return { organisation: user.organisation!.name, developments: await ownDevelopments(user) };
}

export default function Developments() {
  const { t } = useTranslation();
  const { organisation, developments } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-semibold">{t("developments.title")}</h1>
      <p className="max-w-3xl">{t("developments.intro")}</p>
      {organisation === null ? (
        <p>
          {t("developments.needOrganisation")} <Link to="/organisations" className="text-park-700 underline">{t("journey.action.organisation")}</Link>
        </p>
      ) : developments.length === 0 ? (
        <p>{t("developments.noneYet", { organisation })}</p>
      ) : (
        <DevelopmentsTable developments={developments} href={(id) => `/developments/${id}`} />
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
