import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { challengeForOrganisation } from "~/results/challenges.server.ts";
import { ChallengeSummary } from "~/results/components/challenge-summary.tsx";
import { Code, Unbroken } from "~/platform/ui/code.tsx";
import { GeneralErrorBoundary, notFound } from "~/web/error-boundary.tsx";
import { pageTitle } from "~/web/meta.ts";
import { requirePermission } from "~/web/require.server.ts";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, "challenges.view", { receipt: args.data?.challenge.receiptNumber });

/** A challenge and its receipt, for the members of the organisation that lodged it; 404 to anyone else. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "challenge:read");
  const id = z.uuid().safeParse(params.id);
  const challenge = id.success ? await challengeForOrganisation(user, id.data) : null;
  if (!challenge) throw notFound();
  return { challenge };
}

export default function ChallengePage() {
  const { t } = useTranslation();
  const { challenge } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  return (
    <div className="max-w-4xl space-y-6">
      {searchParams.get("lodged") ? (
        <div role="status" className="rounded border-2 border-park-700 bg-green-50 p-4">
          <h1 className="text-3xl font-semibold">{t("challenges.lodged")}</h1>
          <p className="mt-2">{t("challenges.receipt")}{t("format.colon")}<strong><Code mono>{challenge.receiptNumber}</Code></strong></p>
        </div>
      ) : (
        <h1 className="text-3xl font-semibold"><Unbroken text={t("challenges.view", { receipt: challenge.receiptNumber })} /></h1>
      )}
      <ChallengeSummary challenge={challenge} documentHref={(documentId) => `/challenges/${challenge.id}/documents/${documentId}`} />
      <p className="print:hidden">
        <Link to={`/releases/${challenge.award.release.code}#results`} className="text-park-700 underline"><Code>{challenge.award.release.code}</Code>{t("format.colon")}{t("results.heading")}</Link>
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
