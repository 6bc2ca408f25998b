import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/auth.server.ts";
import { ParkTime } from "~/components/deadline.tsx";
import { GeneralErrorBoundary, notFound } from "~/components/error-boundary.tsx";
import { ProblemList } from "~/components/problem-list.tsx";
import { ReleaseConditionsView } from "~/components/release-conditions.tsx";
import { useReleaseTitle } from "~/components/release-summary.tsx";
import { db } from "~/db.server.ts";
import { readForm } from "~/forms.server.ts";
import { pageTitle } from "~/meta.ts";
import { DomainError } from "~/organisations.server.ts";
import { publishRelease } from "~/release-builder.server.ts";
import { releaseCodeSchema } from "~/releases.server.ts";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, "releases.viewRelease", { code: args.data?.release.code });

async function findRelease(code: string | undefined) {
  const parsed = releaseCodeSchema.safeParse(code);
  const release = parsed.success
    ? await db().release.findUnique({
        where: { code: parsed.data },
        include: {
          phase: true,
          plots: { orderBy: { position: "asc" }, select: { plot: { select: { code: true } } } },
          criteria: { orderBy: { position: "asc" } },
          requiredDocuments: { orderBy: { position: "asc" } },
        },
      })
    : null;
  if (!release) throw notFound();
  return release;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "releases:manage");
  return { release: await findRelease(params.code) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "releases:manage");
  const release = await findRelease(params.code);
  const intent = (await readForm(request)).get("intent");
  if (intent !== "publish-now" && intent !== "schedule") return data({ problems: [{ key: "errors.required" }] }, { status: 400 });
  try {
    const outcome = await publishRelease(admin, release.code, intent === "publish-now" ? "now" : "scheduled");
    if (outcome.status === "invalid") return data({ problems: outcome.problems }, { status: 400 });
    return redirect(`/admin/releases/${release.code}?${outcome.status}=1`);
  } catch (error) {
    if (error instanceof DomainError) return data({ problems: [{ key: error.code }] }, { status: 409 });
    throw error;
  }
}

export default function AdminRelease() {
  const { t } = useTranslation();
  const { release } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { title } = useReleaseTitle();
  const status = ["saved", "published", "scheduled"].find((s) => searchParams.get(s));
  return (
    <div className="space-y-8">
      <section>
        <p className="font-mono text-sm text-slate-700">{release.code}</p>
        <h1 className="text-3xl font-semibold">{title(release)}</h1>
        <p className="mt-1">{t(`releaseState.${release.state}`)}</p>
        {status ? <p role="status" className="mt-2">{t(`builder.done.${status}`)}</p> : null}
        {release.state !== "draft" ? (
          <p className="mt-2"><Link to={`/releases/${release.code}`} className="text-park-700 underline">{t("builder.publicPage")}</Link></p>
        ) : null}
      </section>
      {release.state === "draft" ? (
        <section aria-labelledby="publish-heading" className="space-y-3">
          <h2 id="publish-heading" className="text-2xl font-semibold">{t("builder.publish")}</h2>
          {result?.problems ? <div role="alert"><ProblemList problems={result.problems} /></div> : null}
          <p>{t("builder.publishHint")} <ParkTime date={release.publicationAt} /></p>
          <div className="flex gap-3">
            <Form method="post"><input type="hidden" name="intent" value="publish-now" /><button type="submit" className="rounded bg-park-700 px-4 py-2 font-medium text-white">{t("builder.publishNow")}</button></Form>
            <Form method="post"><input type="hidden" name="intent" value="schedule" /><button type="submit" className="rounded border border-park-700 px-4 py-2 font-medium text-park-800">{t("builder.schedule")}</button></Form>
          </div>
        </section>
      ) : null}
      <ReleaseConditionsView release={release} plots={release.plots.map((p) => p.plot.code)} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
