import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { VALIDATE_ON_SUBMIT } from "~/platform/ui/forms.tsx";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useSearchParams, type ShouldRevalidateFunction } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { Code, Unbroken } from "~/platform/ui/code.tsx";
import { z } from "zod";
import { type CurrentUser } from "~/accounts/sessions.server.ts";
import { Deadline, ParkTime } from "~/platform/ui/deadline.tsx";
import { ErrorSummary } from "~/platform/ui/error-summary.tsx";
import { GeneralErrorBoundary } from "~/web/error-boundary.tsx";
import { useReleaseTitle } from "~/releases/components/release-summary.tsx";
import { readForm } from "~/web/forms.server.ts";
import { pick } from "~/platform/i18n/i18n.ts";
import { pageTitle } from "~/web/meta.ts";
import { deadlineDayOf, draftFormValues, proposalDraftSchema, proposalFormId, differingFields } from "~/proposals/schemas.ts";
import { removeDocument } from "~/proposals/documents.server.ts";
import { DraftConflictError, saveDraft } from "~/proposals/drafts.server.ts";
import { DeadlinePassedError } from "~/proposals/gate.server.ts";
import { withdrawProposal } from "~/proposals/submission.server.ts";
import { ProposalSummary } from "~/proposals/components/proposal-summary.tsx";
import { WhoMaySubmit } from "~/proposals/components/who-may-submit.tsx";
import { proposalView, requireOwnProposal } from "~/web/own-proposal.server.ts";
import { OwnOutcome } from "~/results/components/own-outcome.tsx";
import { ownOutcome } from "~/results/own-outcome.server.ts";
import { whenRefused } from "~/web/refusals.server.ts";
import { ConflictNotice, type Conflict } from "./conflict-notice.tsx";
import { DocumentsSection } from "./documents-section.tsx";
import { EnvelopeFields } from "./envelope-fields.tsx";
import { ProposalTasks } from "./proposal-tasks.tsx";
import { VersionsSection } from "./versions-section.tsx";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, "proposals.pageTitle", { plot: args.data?.plot.code, code: args.data?.release.code });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, proposal } = await requireOwnProposal(request, params.id);
  const [view, outcome] = await Promise.all([proposalView(user, proposal), ownOutcome(proposal)]);
  // A submitted proposal opens as what it sealed; "Prepare a new version" (?edit) returns to the form.
  const editing = view.open && (!view.sealed || new URL(request.url).searchParams.has("edit"));
  return { ...view, editing, outcome };
}

// After any answer, refused ones included (Remix skips those by default), the page reloads the
// draft: it always holds the newest revision, so the next save never conflicts with a stale copy.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) => (formMethod && formMethod !== "GET" ? true : defaultShouldRevalidate);

type Refusal = { problem: string; serverTime?: string };

function refusal(error: unknown, revision: number) {
  // Too late: the refusal shows the time by the clock that decided (the server's).
  const late = error instanceof DeadlinePassedError ? { serverTime: error.serverTime.toISOString() } : {};
  return whenRefused(error, ({ code, status }) => data({ refusal: { problem: code, ...late } as Refusal, revision }, { status }));
}

/** The form's schema for this proposal: its plot's maximum, and its milestones after the deadline where the release asks for them. */
const schemaFor = (plot: { maxGfaM2: number }, release: { structuredCommitments: boolean; submissionDeadline: Date | string }) =>
  proposalDraftSchema(plot.maxGfaM2, release.structuredCommitments ? deadlineDayOf(new Date(release.submissionDeadline)) : undefined);

async function saveFromForm(user: CurrentUser, id: string, form: FormData, schema: ReturnType<typeof schemaFor>, stored: number, arrivedAt: number) {
  const submission = parseWithZod(form, { schema });
  if (submission.status !== "success") return { response: data({ result: submission.reply(), revision: stored }, { status: 400 }) };
  try {
    return { revision: await saveDraft(user, id, submission.value, arrivedAt) };
  } catch (error) {
    if (error instanceof DraftConflictError) {
      const conflict: Conflict = { theirs: error.theirs, mine: error.mine, differing: differingFields(error.theirs, error.mine), revision: error.revision, savedBy: error.savedBy };
      return { response: data({ result: submission.reply({ formErrors: [error.code] }), conflict, revision: error.revision }, { status: 409 }) };
    }
    return { response: refusal(error, stored) };
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, proposal } = await requireOwnProposal(request, params.id);
  const form = await readForm(request);
  const intent = form.get("intent");
  const id = proposal.id;
  try {
    if (intent === "save" || intent === "autosave" || intent === "check") {
      const saved = await saveFromForm(user, id, form, schemaFor(proposal.plot, proposal.release), proposal.revision, context.arrivedAt);
      if (saved.response) return saved.response;
      if (intent === "autosave") return { saved: saved.revision, revision: saved.revision, savedAt: new Date() };
      // What is checked (and then sealed) is what was saved: the check page shows the stored draft.
      return redirect(intent === "check" ? `/proposals/${id}/check` : `/proposals/${id}?edit&saved=1`);
    }
    if (intent === "withdraw") {
      await withdrawProposal(user, id, context.arrivedAt);
      return redirect(`/proposals/${id}?withdrawn=1`);
    }
    if (intent === "remove-document") {
      const documentId = z.uuid().safeParse(form.get("documentId"));
      if (!documentId.success) return data({ refusal: { problem: "proposals.errors.unknownDocument" } as Refusal, revision: proposal.revision }, { status: 400 });
      await removeDocument(user, id, documentId.data);
      return redirect(`/proposals/${id}?edit&removed=1#documents`);
    }
  } catch (error) {
    return refusal(error, proposal.revision);
  }
  return data({ refusal: { problem: "proposals.upload.badRequest" } as Refusal, revision: proposal.revision }, { status: 400 });
}

export default function ProposalPage() {
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const { title, language } = useReleaseTitle();
  const [searchParams] = useSearchParams();
  const autosave = useFetcher<typeof action>();
  type Reply = { result?: SubmissionResult<string[]>; conflict?: Conflict; refusal?: Refusal; saved?: number; savedAt?: string; revision?: number };
  const reply = actionData as Reply | undefined;
  const { result, conflict, refusal: refused } = reply ?? {};
  const autosaveData = autosave.data as Reply | undefined;
  // The copy this form edits is the newest the page has heard of, from the loader or any answer
  // (revisions only grow): after a conflict that is the other person's, so saving again keeps mine.
  const revision = Math.max(loaded.revision, reply?.revision ?? 0, autosaveData?.revision ?? 0);
  const autosaveConflict = autosaveData?.conflict;

  const schema = schemaFor(loaded.plot, loaded.release);
  const [form, fields] = useForm<z.input<typeof schema>, z.output<typeof schema>>({
    id: proposalFormId(loaded.id),
    lastResult: result,
    defaultValue: draftFormValues(loaded.fields),
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    ...VALIDATE_ON_SUBMIT,
  });
  const formRef = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // The timer's closure would see a stale fetcher; the ref follows it.
  const autosaveBusy = useRef(false);
  useEffect(() => {
    autosaveBusy.current = autosave.state !== "idle";
  }, [autosave.state]);
  // Saved as the person types: a quiet save two seconds after the last change, never two at once,
  // and none once the form itself is sent.
  const scheduleAutosave = () => {
    if (!loaded.editing) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      if (!formRef.current) return;
      if (autosaveBusy.current) return scheduleAutosave();
      const formData = new FormData(formRef.current);
      formData.set("intent", "autosave");
      autosave.submit(formData, { method: "post" });
    }, 2_000);
  };
  useEffect(() => () => clearTimeout(timer.current), []);
  // A save made while an automatic save is on its way waits for it, then goes with the revision it produced.
  const heldSubmitter = useRef<HTMLElement | null>(null);
  const holdWhileAutosaving = (event: React.FormEvent<HTMLFormElement>) => {
    clearTimeout(timer.current);
    if (!autosaveBusy.current) return;
    event.preventDefault();
    heldSubmitter.current = (event.nativeEvent as SubmitEvent).submitter ?? null;
  };
  useEffect(() => {
    const submitter = heldSubmitter.current;
    if (!submitter || autosave.state !== "idle" || (autosaveData?.saved && revision < autosaveData.saved)) return;
    heldSubmitter.current = null;
    formRef.current?.requestSubmit(submitter as HTMLButtonElement);
  }, [autosave.state, autosaveData, revision]);

  const current = loaded.versions.find((v) => v.counts);
  const name = (r: { nameEn: string; nameZhHant: string }) => pick(language, { en: r.nameEn, zhHant: r.nameZhHant });
  const documentName = (id: string) => name(loaded.release.requiredDocuments.find((r) => r.id === id)!);

  return (
    <div className="space-y-8">
      {/* GOV.UK: the error summary opens the main content, so on a phone it is on the first screen. */}
      <div className="space-y-2 empty:hidden">
        <ErrorSummary items={refused ? [{ message: refused.problem }] : undefined} />
        {refused?.serverTime ? <p>{t("proposals.serverTime")} <ParkTime date={new Date(refused.serverTime)} /></p> : null}
        {/* After a conflict nothing is to be corrected: the conflict's own notice says what to do. */}
        <ErrorSummary form={form} description={conflict ? undefined : t("proposals.notSaved")} />
      </div>
      <section className="space-y-2">
        <p className="text-sm text-slate-700"><Code mono>{loaded.release.code}</Code> · <Code mono>{loaded.plot.code}</Code></p>
        <h1 className="text-3xl font-semibold"><Unbroken text={t("proposals.heading", { plot: loaded.plot.code })} /></h1>
        <p>{title(loaded.release)} · {loaded.organisation}</p>
        <Deadline date={new Date(loaded.release.submissionDeadline)} serverNow={new Date(loaded.serverNow)} label={t("home.submissionDeadline")} />
        <p className="font-medium" role="status">
          {current ? t("proposals.currentVersion", { number: current.number, receipt: current.receiptNumber }) : t("proposals.notSubmitted")}
        </p>
        {!loaded.open ? <p role="note" className="rounded border border-slate-500 bg-slate-100 p-3">{t("proposals.readOnlyNote")}</p> : null}
        {current && loaded.editing && !loaded.sealed ? <p role="note" className="rounded border border-slate-500 bg-slate-100 p-3">{t("proposalJourney.newVersionNote", { number: current.number })}</p> : null}
        {/* A save refused since then, by the server or in the browser, makes "Draft saved." untrue: the summary says nothing was. */}
        {searchParams.get("saved") && !reply && form.status !== "error" ? <p role="status" className="text-park-800">{t("proposals.saved")}</p> : null}
        {searchParams.get("withdrawn") ? <p role="status" className="text-park-800">{t("proposals.withdrawnNote")}</p> : null}
      </section>

      {loaded.outcome ? <OwnOutcome outcome={loaded.outcome} /> : null}

      {loaded.editing ? (
        <>
          <ProposalTasks proposalId={loaded.id} tasks={loaded.tasks} documentName={documentName} />
          {loaded.canSubmit ? null : <WhoMaySubmit submitters={loaded.submitters} />}
          {conflict ? <ConflictNotice conflict={conflict} /> : null}
          {autosaveConflict ? <p role="alert" className="rounded border border-amber-700 bg-amber-50 p-3">{t("proposals.conflict.autosave")}</p> : null}

          <Form method="post" {...getFormProps(form)} ref={formRef} onChange={scheduleAutosave} onSubmitCapture={holdWhileAutosaving} className="space-y-8">
            <input type="hidden" name="revision" value={revision} />
            <EnvelopeFields fields={fields} maxGfaM2={loaded.plot.maxGfaM2} commitments={loaded.release.structuredCommitments ? { deadlineDay: loaded.release.deadlineDay } : null} />
            <DocumentsSection proposalId={loaded.id} requiredDocuments={loaded.release.requiredDocuments} documents={loaded.documents} missing={new Set(loaded.missing.documents)} name={name} />
            <div className="flex flex-wrap items-center gap-4">
              <button type="submit" name="intent" value="check" className="rounded bg-park-700 px-4 py-2 font-medium text-white hover:bg-park-800">
                {t("proposalJourney.continueToCheck")}
              </button>
              <button type="submit" name="intent" value="save" className="rounded border border-park-700 px-4 py-2 font-medium text-park-800">
                {t("proposals.saveDraft")}
              </button>
              <span className="text-sm text-slate-700" aria-live="polite">
                {autosave.state !== "idle" ? t("proposals.autosaving") : autosaveData?.savedAt ? t("proposals.autosaved") : ""}
              </span>
            </div>
          </Form>
          <Form id="document-actions" method="post" hidden>
            <input type="hidden" name="intent" value="remove-document" />
          </Form>
        </>
      ) : (
        <>
          {loaded.open && loaded.sealed ? (
            <p>
              <Link to="?edit" className="inline-block rounded bg-park-700 px-4 py-2 font-medium text-white hover:bg-park-800">{t("proposalJourney.prepareNewVersion")}</Link>
            </p>
          ) : null}
          {loaded.canSubmit ? null : <WhoMaySubmit submitters={loaded.submitters} />}
          <ProposalSummary
            fields={loaded.fields}
            structured={loaded.release.structuredCommitments}
            documents={loaded.release.requiredDocuments.map((r) => ({ key: r.id, name: name(r), mandatory: r.mandatory, file: loaded.documents.find((d) => d.requiredDocumentId === r.id) ?? null }))}
          />
        </>
      )}

      <VersionsSection proposalId={loaded.id} versions={loaded.versions} mayWithdraw={Boolean(current && loaded.open && loaded.canSubmit)} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
