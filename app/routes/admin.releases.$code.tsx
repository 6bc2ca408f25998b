import {
  data,
  redirect,
  unstable_composeUploadHandlers,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  type UploadHandler,
} from "@remix-run/node";
import { z } from "zod";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission, type CurrentUser } from "~/accounts/sessions.server.ts";
import { TenderDocuments } from "~/releases/components/tender-documents.tsx";
import { storage } from "~/platform/storage/storage.server.ts";
import { addTenderDocument, storeTenderDocument, type StoredUpload } from "~/releases/tender-documents.server.ts";
import { answerClarification, answerSchema, unansweredClarifications } from "~/clarifications/clarifications.server.ts";
import { cancelRelease, publicReasonSchema, withdrawPlot } from "~/releases/cancellation.server.ts";
import { addendumSchema, issueAddendum } from "~/releases/addenda.server.ts";
import { toHongKongLocal } from "~/platform/time.ts";
import { ParkTime } from "~/platform/ui/deadline.tsx";
import { GeneralErrorBoundary, notFound } from "~/web/error-boundary.tsx";
import { ProblemList } from "~/platform/ui/problem-list.tsx";
import { ReleaseConditionsView } from "~/releases/components/release-conditions.tsx";
import { useReleaseTitle } from "~/releases/components/release-summary.tsx";
import { db } from "~/platform/database/db.server.ts";
import { readForm } from "~/web/forms.server.ts";
import { pageTitle } from "~/web/meta.ts";
import { DomainError } from "~/platform/domain-error.ts";
import { deleteDraftRelease, publishRelease } from "~/releases/builder.server.ts";
import { releaseCodeSchema } from "~/releases/releases.server.ts";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, "releases.viewRelease", { code: args.data?.release.code });

async function findRelease(code: string | undefined) {
  const parsed = releaseCodeSchema.safeParse(code);
  const release = parsed.success
    ? await db().release.findUnique({
        where: { code: parsed.data },
        include: {
          phase: true,
          plots: { orderBy: { position: "asc" }, select: { withdrawnAt: true, plot: { select: { code: true } } } },
          criteria: { orderBy: { position: "asc" } },
          requiredDocuments: { orderBy: { position: "asc" } },
          documents: { orderBy: { uploadedAt: "asc" }, select: { id: true, titleEn: true, titleZhHant: true, fileName: true, size: true, sha256: true, addendumNumber: true } },
        },
      })
    : null;
  if (!release) throw notFound();
  return release;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "releases:manage");
  const release = await findRelease(params.code);
  return { release, questions: await unansweredClarifications(release.id) };
}

/**
 * A form with a tender document: the file goes to storage as it streams; the other fields (which
 * come first in the form) are small and kept in memory.
 */
async function readDocumentForm(request: Request) {
  let stored: StoredUpload | undefined;
  let problem: string | undefined;
  const fileHandler: UploadHandler = async ({ name, filename, data }) => {
    if (name !== "file" || !filename) return undefined;
    if (stored || problem) {
      // One document per form: a second file part is refused, and the first removed with it.
      problem = "documents.errors.oneFile";
      if (stored) await storage().delete(stored.key);
      stored = undefined;
      for await (const chunk of data) void chunk;
      return filename;
    }
    try {
      stored = await storeTenderDocument(filename, data);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      problem = error.code;
      for await (const chunk of data) void chunk; // drain what is left of the refused file
    }
    return filename;
  };
  const form = await unstable_parseMultipartFormData(
    request,
    unstable_composeUploadHandlers(fileHandler, unstable_createMemoryUploadHandler({ maxPartSize: 20_000 })),
  ).catch(() => null);
  return { form, stored, problem: form ? problem : "documents.errors.upload" };
}

/** Refuses with the problem's message, removing any stored file that will not be recorded. */
async function refuseDocument(stored: StoredUpload | undefined, key: string, status = 400) {
  if (stored) await storage().delete(stored.key);
  return data({ problems: [{ key }] }, { status });
}

async function uploadDocument(admin: CurrentUser, code: string, form: FormData, stored: StoredUpload | undefined) {
  const titles = documentTitlesSchema.safeParse(Object.fromEntries(form));
  if (!stored) return refuseDocument(stored, "documents.errors.noFile");
  if (!titles.success) return refuseDocument(stored, "documents.errors.titles");
  try {
    await addTenderDocument(admin, code, titles.data, stored);
  } catch (error) {
    if (error instanceof DomainError) return data({ problems: [{ key: error.code }] }, { status: 409 });
    throw error;
  }
  return redirect(`/admin/releases/${code}?uploaded=1`);
}

async function addendumWithDocument(admin: CurrentUser, code: string, form: FormData, stored: StoredUpload | undefined) {
  const parsed = addendumSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return refuseDocument(stored, parsed.error.issues[0]!.message);
  const titles = documentTitlesSchema.safeParse(Object.fromEntries(form));
  if (stored && !titles.success) return refuseDocument(stored, "documents.errors.titles");
  try {
    await issueAddendum(admin, code, parsed.data, new Date(), stored && titles.success ? { upload: stored, titles: titles.data } : undefined);
  } catch (error) {
    if (error instanceof DomainError) return data({ problems: [{ key: error.code }] }, { status: 409 });
    throw error;
  }
  return redirect(`/admin/releases/${code}?addendum=1`);
}

const documentTitlesSchema = z.object({ titleEn: z.string().trim().min(1).max(200), titleZhHant: z.string().trim().min(1).max(200) });

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
  if (intent === "delete-draft") {
    try {
      await deleteDraftRelease(admin, release.code);
    } catch (error) {
      if (error instanceof DomainError) return data({ problems: [{ key: error.code }] }, { status: 409 });
      throw error;
    }
    return redirect("/admin/releases?deleted=1");
  }
  if (intent === "cancel" || intent === "withdraw") {
    const parsed = publicReasonSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) return data({ problems: parsed.error.issues.map((i) => ({ key: i.message })) }, { status: 400 });
    try {
      if (intent === "cancel") await cancelRelease(admin, release.code, parsed.data);
      else await withdrawPlot(admin, release.code, String(form.get("plot") ?? ""), parsed.data);
    } catch (error) {
      if (error instanceof DomainError) return data({ problems: [{ key: error.code }] }, { status: 409 });
      throw error;
    }
    return redirect(`/admin/releases/${release.code}?${intent === "cancel" ? "cancelled" : "withdrawn"}=1`);
  }
  if (intent === "answer") {
    const parsed = answerSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) return data({ problems: [{ key: parsed.error.issues[0]!.message }] }, { status: 400 });
    try {
      await answerClarification(admin, parsed.data.clarificationId, parsed.data.answer);
    } catch (error) {
      if (error instanceof DomainError) return data({ problems: [{ key: error.code }] }, { status: 409 });
      throw error;
    }
    return redirect(`/admin/releases/${release.code}?answered=1`);
  }
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
  const { release, questions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { title } = useReleaseTitle();
  const status = ["saved", "published", "scheduled", "uploaded", "answered", "cancelled", "withdrawn", "addendum"].find((s) => searchParams.get(s));
  const live = ["scheduled", "open", "closed"].includes(release.state);
  const offered = release.plots.filter((p) => !p.withdrawnAt).map((p) => p.plot.code);
  return (
    <div className="space-y-8">
      <section>
        <p className="font-mono text-sm text-slate-700">{release.code}</p>
        <h1 className="text-3xl font-semibold">{title(release)}</h1>
        {release.state !== "draft" ? (
          <p className="mt-2">
            <Link to={`/admin/releases/${release.code}/evaluation`} className="text-park-700 underline">{t("panel.link")}</Link>
          </p>
        ) : null}
        <p className="mt-1">{t(`releaseState.${release.state}`)}</p>
        {status ? <p role="status" className="mt-2">{t(`builder.done.${status}`)}</p> : null}
        {/* One place for what went wrong, whichever form was sent. */}
        {result?.problems ? (
          <div role="alert" className="mt-3 rounded border border-red-700 bg-red-50 p-3">
            <ProblemList problems={result.problems} />
          </div>
        ) : null}
        {release.state !== "draft" ? (
          <p className="mt-2"><Link to={`/releases/${release.code}`} className="text-park-700 underline">{t("builder.publicPage")}</Link></p>
        ) : null}
      </section>
      {release.state === "draft" ? (
        <section aria-labelledby="publish-heading" className="space-y-3">
          <h2 id="publish-heading" className="text-2xl font-semibold">{t("builder.publish")}</h2>
          <p>{t("builder.publishHint")} <ParkTime date={release.publicationAt} /></p>
          <div className="flex gap-3">
            <Form method="post"><input type="hidden" name="intent" value="publish-now" /><button type="submit" className="rounded bg-park-700 px-4 py-2 font-medium text-white">{t("builder.publishNow")}</button></Form>
            <Form method="post"><input type="hidden" name="intent" value="schedule" /><button type="submit" className="rounded border border-park-700 px-4 py-2 font-medium text-park-800">{t("builder.schedule")}</button></Form>
            <Form method="post"><input type="hidden" name="intent" value="delete-draft" /><button type="submit" className="rounded border border-red-800 px-4 py-2 text-red-900">{t("builder.deleteDraft")}</button></Form>
          </div>
        </section>
      ) : null}
      {questions.length > 0 ? (
        <section aria-labelledby="questions-heading" className="space-y-3">
          <h2 id="questions-heading" className="text-2xl font-semibold">{t("clarifications.toAnswer")}</h2>
          {questions.map((q) => (
            <Form key={q.id} method="post" className="max-w-3xl space-y-2 rounded border border-slate-300 p-3">
              <p className="font-medium">{q.question}</p>
              <p className="text-sm text-slate-700"><ParkTime date={q.askedAt} /></p>
              <input type="hidden" name="intent" value="answer" />
              <input type="hidden" name="clarificationId" value={q.id} />
              <label htmlFor={`answer-${q.id}`} className="block text-sm font-medium">{t("clarifications.answer")}</label>
              <textarea id={`answer-${q.id}`} name="answer" rows={3} required maxLength={5_000} className="w-full rounded border border-slate-500 px-3 py-2" />
              <button type="submit" className="rounded bg-park-700 px-4 py-2 font-medium text-white">{t("clarifications.publishAnswer")}</button>
            </Form>
          ))}
        </section>
      ) : null}
      <section aria-labelledby="documents-heading" className="space-y-3">
        <h2 id="documents-heading" className="text-2xl font-semibold">{t("documents.title")}</h2>
        <TenderDocuments releaseCode={release.code} documents={release.documents} linked={release.state !== "draft"} />
        {release.state === "draft" ? (
          <Form method="post" encType="multipart/form-data" className="grid max-w-3xl gap-3 md:grid-cols-3">
            <div>
              <label htmlFor="doc-title-en" className="block text-sm font-medium">{t("builder.titleEn")}</label>
              <input id="doc-title-en" name="titleEn" required maxLength={200} className="w-full rounded border border-slate-500 px-2 py-1" />
            </div>
            <div>
              <label htmlFor="doc-title-zh" className="block text-sm font-medium">{t("builder.titleZhHant")}</label>
              <input id="doc-title-zh" name="titleZhHant" required maxLength={200} className="w-full rounded border border-slate-500 px-2 py-1" />
            </div>
            <div>
              <label htmlFor="doc-file" className="block text-sm font-medium">{t("documents.file")}</label>
              <input id="doc-file" type="file" name="file" required accept=".pdf,.xlsx,.docx,.zip" />
            </div>
            <div><button type="submit" className="rounded bg-park-700 px-4 py-2 font-medium text-white">{t("documents.upload")}</button></div>
          </Form>
        ) : null}
      </section>
      <ReleaseConditionsView release={release} plots={offered} />
      {release.state === "open" ? (
        <section aria-labelledby="addendum-heading" className="max-w-3xl space-y-3">
          <h2 id="addendum-heading" className="text-2xl font-semibold">{t("addenda.issue")}</h2>
          <p className="text-sm">{t("addenda.issueHint")}</p>
          <Form method="post" encType="multipart/form-data" className="space-y-3 rounded border border-slate-300 p-3">
            <input type="hidden" name="intent" value="addendum" />
            <div className="grid gap-2 md:grid-cols-3">
              {(["clarificationEndsAt", "submissionDeadline", "openingAt"] as const).map((field) => (
                <div key={field}>
                  <label htmlFor={`addendum-${field}`} className="block text-sm font-medium">{t(`addenda.field.${field}`)}</label>
                  <input id={`addendum-${field}`} type="datetime-local" name={field} defaultValue={toHongKongLocal(release[field])} className="w-full rounded border border-slate-500 px-2 py-1" />
                </div>
              ))}
            </div>
            <div className="grid gap-2 md:grid-cols-2">
              <div>
                <label htmlFor="addendum-notes-en" className="block text-sm font-medium">{t("addenda.notesEn")}</label>
                <textarea id="addendum-notes-en" name="notesEn" rows={3} required maxLength={5_000} className="w-full rounded border border-slate-500 px-2 py-1" />
              </div>
              <div>
                <label htmlFor="addendum-notes-zh" className="block text-sm font-medium">{t("addenda.notesZhHant")}</label>
                <textarea id="addendum-notes-zh" name="notesZhHant" rows={3} required maxLength={5_000} className="w-full rounded border border-slate-500 px-2 py-1" />
              </div>
            </div>
            <fieldset className="grid gap-2 md:grid-cols-3">
              <legend className="text-sm font-medium">{t("addenda.document")}</legend>
              <div>
                <label htmlFor="addendum-doc-en" className="block text-sm">{t("builder.titleEn")}</label>
                <input id="addendum-doc-en" name="titleEn" maxLength={200} className="w-full rounded border border-slate-500 px-2 py-1" />
              </div>
              <div>
                <label htmlFor="addendum-doc-zh" className="block text-sm">{t("builder.titleZhHant")}</label>
                <input id="addendum-doc-zh" name="titleZhHant" maxLength={200} className="w-full rounded border border-slate-500 px-2 py-1" />
              </div>
              <div>
                <label htmlFor="addendum-doc-file" className="block text-sm">{t("documents.file")}</label>
                <input id="addendum-doc-file" type="file" name="file" accept=".pdf,.xlsx,.docx,.zip" />
              </div>
            </fieldset>
            <button type="submit" className="rounded bg-park-700 px-4 py-2 font-medium text-white">{t("addenda.issueSubmit")}</button>
          </Form>
        </section>
      ) : null}
      {live ? (
        <section aria-labelledby="cancel-heading" className="max-w-3xl space-y-4">
          <h2 id="cancel-heading" className="text-2xl font-semibold">{t("cancellation.title")}</h2>
          <Form method="post" className="space-y-2 rounded border border-slate-300 p-3">
            <input type="hidden" name="intent" value="withdraw" />
            <label htmlFor="withdraw-plot" className="block font-medium">{t("cancellation.withdrawPlot")}</label>
            <select id="withdraw-plot" name="plot" className="rounded border border-slate-500 px-2 py-1">
              {offered.map((code) => <option key={code} value={code}>{code}</option>)}
            </select>
            <ReasonFields prefix="withdraw" />
            <button type="submit" className="rounded border border-red-800 px-4 py-2 text-red-900">{t("cancellation.withdrawSubmit")}</button>
          </Form>
          <Form method="post" className="space-y-2 rounded border border-red-700 p-3">
            <input type="hidden" name="intent" value="cancel" />
            <p className="font-medium">{t("cancellation.cancelRelease")}</p>
            <ReasonFields prefix="cancel" />
            <button type="submit" className="rounded bg-red-800 px-4 py-2 font-medium text-white">{t("cancellation.cancelSubmit")}</button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

/** The public reason, in both languages, that a cancellation or withdrawal must give. */
function ReasonFields({ prefix }: { prefix: string }) {
  const { t } = useTranslation();
  return (
    <div className="grid gap-2 md:grid-cols-2">
      <div>
        <label htmlFor={`${prefix}-reason-en`} className="block text-sm font-medium">{t("cancellation.reasonEn")}</label>
        <textarea id={`${prefix}-reason-en`} name="reasonEn" rows={2} required maxLength={1_000} className="w-full rounded border border-slate-500 px-2 py-1" />
      </div>
      <div>
        <label htmlFor={`${prefix}-reason-zh`} className="block text-sm font-medium">{t("cancellation.reasonZhHant")}</label>
        <textarea id={`${prefix}-reason-zh`} name="reasonZhHant" rows={2} required maxLength={1_000} className="w-full rounded border border-slate-500 px-2 py-1" />
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
