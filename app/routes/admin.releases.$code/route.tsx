import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Code } from "~/platform/ui/code.tsx";
import type { z } from "zod";
import { type CurrentUser } from "~/accounts/sessions.server.ts";
import { requirePermission } from "~/web/require.server.ts";
import { answerClarification, answerSchema, unansweredClarifications } from "~/clarifications/clarifications.server.ts";
import { ErrorSummary } from "~/platform/ui/error-summary.tsx";
import { problemsOf, type Problem } from "~/platform/ui/problems.ts";
import { addendumSchema, issueAddendum } from "~/releases/addenda.server.ts";
import { publishRelease } from "~/releases/builder.server.ts";
import { ReleaseConditionsView } from "~/releases/components/release-conditions.tsx";
import { useReleaseTitle } from "~/releases/components/release-summary.tsx";
import { getReleaseForAdministration } from "~/releases/releases.server.ts";
import { tenderDocumentTitlesSchema } from "~/releases/schemas.ts";
import { addTenderDocument, type StoredUpload } from "~/releases/tender-documents.server.ts";
import { GeneralErrorBoundary, notFound } from "~/web/error-boundary.tsx";
import { readForm } from "~/web/forms.server.ts";
import { pageTitle } from "~/web/meta.ts";
import { whenRefused } from "~/web/refusals.server.ts";
import { AddendumSection } from "./addendum-section.tsx";
import { CancellationSection } from "./cancellation-section.tsx";
import { discardUpload, readDocumentForm, refuseDocument } from "./document-upload.server.ts";
import { DocumentsSection } from "./documents-section.tsx";
import { PublishSection } from "./publish-section.tsx";
import { QuestionsSection } from "./questions-section.tsx";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, "releases.viewRelease", { code: args.data?.release.code });

async function findRelease(code: string | undefined) {
  const release = await getReleaseForAdministration(code);
  if (!release) throw notFound();
  return release;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "releases:manage");
  const release = await findRelease(params.code);
  return { release, questions: await unansweredClarifications(release.id) };
}

/** What a refused action answers: its problems (with the control each concerns) and perhaps what was typed. */
type Refused = { problems: (Problem & { target?: string })[]; sent?: Record<string, string> };

/**
 * A refused form: its problems, each linked to its control, and what was typed,
 * which the form shows again.
 */
function refusedForm(form: FormData, targetOf: (field: string) => string, issues: z.core.$ZodIssue[]) {
  const problems = problemsOf(issues).map((problem, i) => ({ ...problem, target: targetOf(String(issues[i]!.path[0])) }));
  const sent = Object.fromEntries([...form].filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  return data({ problems, sent }, { status: 400 });
}

/** A refused action: the page shows its problem in the one place for problems. */
function refusal(error: unknown) {
  return whenRefused(error, ({ code, status }) => data({ problems: [{ key: code }] }, { status }));
}

async function uploadDocument(admin: CurrentUser, code: string, form: FormData, stored: StoredUpload | undefined) {
  const titles = tenderDocumentTitlesSchema.safeParse(Object.fromEntries(form));
  if (!stored) return refuseDocument(stored, "documents.errors.noFile", "document-file");
  if (!titles.success) return refuseDocument(stored, "documents.errors.titles", `document-${String(titles.error.issues[0]!.path[0])}`);
  try {
    await addTenderDocument(admin, code, titles.data, stored);
  } catch (error) {
    return refusal(error);
  }
  return redirect(`/admin/releases/${code}?uploaded=1`);
}

async function addendumWithDocument(admin: CurrentUser, code: string, form: FormData, stored: StoredUpload | undefined) {
  const parsed = addendumSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    await discardUpload(stored);
    return refusedForm(form, (field) => `addendum-${field}`, parsed.error.issues);
  }
  const titles = tenderDocumentTitlesSchema.safeParse(Object.fromEntries(form));
  if (stored && !titles.success) return refuseDocument(stored, "documents.errors.titles", `addendum-${String(titles.error.issues[0]!.path[0])}`);
  try {
    await issueAddendum(admin, code, parsed.data, new Date(), stored && titles.success ? { upload: stored, titles: titles.data } : undefined);
  } catch (error) {
    return refusal(error);
  }
  return redirect(`/admin/releases/${code}?addendum=1`);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "releases:manage");
  const release = await findRelease(params.code);
  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    const { form, stored, problem } = await readDocumentForm(request);
    if (!form || problem) return refuseDocument(stored, problem ?? "documents.errors.upload");
    return form.get("intent") === "addendum" ? addendumWithDocument(admin, release.code, form, stored) : uploadDocument(admin, release.code, form, stored);
  }
  const form = await readForm(request);
  const intent = form.get("intent");
  if (intent === "addendum") return addendumWithDocument(admin, release.code, form, undefined);
  if (intent === "answer") {
    const parsed = answerSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) return refusedForm(form, () => `answer-${String(form.get("clarificationId"))}`, parsed.error.issues);
    try {
      await answerClarification(admin, parsed.data.clarificationId, parsed.data.answer);
    } catch (error) {
      return refusal(error);
    }
    return redirect(`/admin/releases/${release.code}?answered=1`);
  }
  if (intent !== "publish-now" && intent !== "schedule") return data({ problems: [{ key: "errors.required" }] }, { status: 400 });
  try {
    const outcome = await publishRelease(admin, release.code, intent === "publish-now" ? "now" : "scheduled");
    if (outcome.status === "invalid") return data({ problems: outcome.problems }, { status: 400 });
    return redirect(`/admin/releases/${release.code}?${outcome.status}=1`);
  } catch (error) {
    return refusal(error);
  }
}

export default function AdminRelease() {
  const { t } = useTranslation();
  const { release, questions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Refused | undefined;
  const [searchParams] = useSearchParams();
  const { title } = useReleaseTitle();
  const status = ["saved", "published", "scheduled", "uploaded", "answered", "cancelled", "withdrawn", "addendum"].find((s) => searchParams.get(s));
  const live = ["scheduled", "open", "closed"].includes(release.state);
  const sent = result?.sent;
  const offered = release.plots.filter((p) => !p.withdrawnAt).map((p) => p.plot.code);
  return (
    <div className="space-y-8">
      <section>
        <p className="text-sm text-slate-700"><Code mono>{release.code}</Code></p>
        <h1 className="text-3xl font-semibold">{title(release)}</h1>
        {release.state !== "draft" ? (
          <p className="mt-2">
            <Link to={`/admin/releases/${release.code}/evaluation`} className="text-park-700 underline">{t("panel.link")}</Link>
          </p>
        ) : null}
        <p className="mt-1">{t(`releaseState.${release.state}`)}</p>
        {status ? <p role="status" className="mt-2">{t(`builder.done.${status}`)}</p> : null}
        {/* One place for what went wrong, whichever form was sent; each problem links to its control. */}
        <ErrorSummary items={result?.problems.map(({ target, ...message }) => ({ target, message }))} />
        {release.state !== "draft" ? (
          <p className="mt-2"><Link to={`/releases/${release.code}`} className="text-park-700 underline">{t("builder.publicPage")}</Link></p>
        ) : null}
      </section>
      {release.state === "draft" ? <PublishSection releaseCode={release.code} publicationAt={release.publicationAt} /> : null}
      <QuestionsSection questions={questions} sent={sent} />
      <DocumentsSection releaseCode={release.code} documents={release.documents} draft={release.state === "draft"} />
      <ReleaseConditionsView release={release} plots={offered} />
      {release.state === "open" ? <AddendumSection timeline={release} sent={sent?.intent === "addendum" ? sent : undefined} /> : null}
      {live ? <CancellationSection releaseCode={release.code} offered={offered} /> : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
