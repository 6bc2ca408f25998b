import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { type CurrentUser } from "~/accounts/sessions.server.ts";
import { requireUser } from "~/web/require.server.ts";
import { Deadline, ParkTime } from "~/platform/ui/deadline.tsx";
import { ErrorSummary } from "~/platform/ui/error-summary.tsx";
import { GeneralErrorBoundary, notFound } from "~/web/error-boundary.tsx";
import { useReleaseTitle } from "~/releases/components/release-summary.tsx";
import { readForm } from "~/web/forms.server.ts";
import { pick } from "~/platform/i18n/i18n.ts";
import { pageTitle } from "~/web/meta.ts";
import { can } from "~/accounts/permissions.ts";
import { proposalDraftSchema, submitSchema } from "~/proposals/schemas.ts";
import { removeDocument } from "~/proposals/documents.server.ts";
import { DraftConflictError, fieldsOf, getOwnProposal, saveDraft } from "~/proposals/drafts.server.ts";
import { DeadlinePassedError } from "~/proposals/gate.server.ts";
import { missingForSubmission } from "~/proposals/sealing.server.ts";
import { submitProposal, withdrawProposal } from "~/proposals/submission.server.ts";
import { whenRefused } from "~/web/refusals.server.ts";
import { ConflictNotice, type Conflict } from "./conflict-notice.tsx";
import { DocumentsSection } from "./documents-section.tsx";
import { EnvelopeFields } from "./envelope-fields.tsx";
import { SubmissionPanel } from "./submission-panel.tsx";
import { VersionsSection } from "./versions-section.tsx";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, "proposals.pageTitle", { plot: args.data?.plot.code, code: args.data?.release.code });

async function findOwn(request: Request, id: string | undefined) {
  const user = await requireUser(request); // not a permission check: for anyone outside the organisation the proposal does not exist (404)
  const parsed = z.uuid().safeParse(id);
  const proposal = parsed.success ? await getOwnProposal(user, parsed.data) : null;
  // Outside the organisation a proposal does not exist: 404, never 403 (which would confirm it).
  if (!proposal) throw notFound();
  return { user, proposal };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, proposal } = await findOwn(request, params.id);
  const serverNow = new Date();
  const { release } = proposal;
  return {
    id: proposal.id,
    revision: proposal.revision,
    fields: fieldsOf(proposal),
    release: {
      code: release.code,
      titleEn: release.titleEn,
      titleZhHant: release.titleZhHant,
      submissionDeadline: release.submissionDeadline,
      requiredDocuments: release.requiredDocuments.map((r) => ({ id: r.id, nameEn: r.nameEn, nameZhHant: r.nameZhHant, envelope: r.envelope, acceptedTypes: r.acceptedTypes, maxSizeMb: r.maxSizeMb, mandatory: r.mandatory })),
    },
    plot: { code: proposal.plot.code, maxGfaM2: proposal.plot.maxGfaM2 },
    organisation: proposal.organisation.name,
    documents: proposal.documents
      .filter((d) => d.state === "stored")
      .map((d) => ({ id: d.id, requiredDocumentId: d.requiredDocumentId, fileName: d.fileName, size: Number(d.size), sha256: d.sha256 })),
    versions: proposal.versions.map((v) => ({ number: v.number, receiptNumber: v.receiptNumber, receivedAt: v.receivedAt, packageDigest: v.packageDigest, withdrawnAt: v.withdrawnAt, counts: v.id === proposal.currentVersionId })),
    missing: missingForSubmission(proposal),
    open: release.state === "open" && serverNow < release.submissionDeadline,
    canSubmit: can(user.roles, "proposal:submit"),
    verified: user.emailVerified,
    serverNow,
  };
}

type Refusal = { problem: string; serverTime?: string };

function refusal(error: unknown) {
  // Too late: the refusal shows the time by the clock that decided (the server's).
  const late = error instanceof DeadlinePassedError ? { serverTime: error.serverTime.toISOString() } : {};
  return whenRefused(error, ({ code, status }) => data({ refusal: { problem: code, ...late } as Refusal }, { status }));
}

async function saveFromForm(user: CurrentUser, id: string, form: FormData, maxGfaM2: number, arrivedAt: number) {
  const submission = parseWithZod(form, { schema: proposalDraftSchema(maxGfaM2) });
  if (submission.status !== "success") return { response: data({ result: submission.reply() }, { status: 400 }) };
  try {
    return { revision: await saveDraft(user, id, submission.value, arrivedAt) };
  } catch (error) {
    if (error instanceof DraftConflictError) {
      const conflict: Conflict = { theirs: error.theirs, revision: error.revision, savedBy: error.savedBy };
      return { response: data({ result: submission.reply({ formErrors: [error.code] }), conflict }, { status: 409 }) };
    }
    return { response: refusal(error) };
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, proposal } = await findOwn(request, params.id);
  const form = await readForm(request);
  const intent = form.get("intent");
  const id = proposal.id;
  try {
    if (intent === "save" || intent === "autosave") {
      const saved = await saveFromForm(user, id, form, proposal.plot.maxGfaM2, context.arrivedAt);
      if (saved.response) return saved.response;
      return intent === "autosave" ? { saved: saved.revision, savedAt: new Date() } : redirect(`/proposals/${id}?saved=1`);
    }
    if (intent === "submit") {
      // What is on the screen is what is sealed: the form is saved first, then submitted.
      const saved = await saveFromForm(user, id, form, proposal.plot.maxGfaM2, context.arrivedAt);
      if (saved.response) return saved.response;
      if (!submitSchema.safeParse(Object.fromEntries(form)).success) return data({ refusal: { problem: "proposals.errors.declaration" } as Refusal }, { status: 400 });
      const documentIds = form.getAll("seenDocument").map(String);
      const { receipt } = await submitProposal(user, id, { revision: saved.revision!, documentIds }, context.arrivedAt);
      return redirect(`/proposals/${id}/receipts/${receipt.receiptNumber}?submitted=1`);
    }
    if (intent === "withdraw") {
      await withdrawProposal(user, id, context.arrivedAt);
      return redirect(`/proposals/${id}?withdrawn=1`);
    }
    if (intent === "remove-document") {
      const documentId = z.uuid().safeParse(form.get("documentId"));
      if (!documentId.success) return data({ refusal: { problem: "proposals.errors.unknownDocument" } as Refusal }, { status: 400 });
      await removeDocument(user, id, documentId.data);
      return redirect(`/proposals/${id}?removed=1#documents`);
    }
  } catch (error) {
    return refusal(error);
  }
  return data({ refusal: { problem: "proposals.upload.badRequest" } as Refusal }, { status: 400 });
}

export default function ProposalPage() {
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const { title, language } = useReleaseTitle();
  const [searchParams] = useSearchParams();
  const autosave = useFetcher<typeof action>();
  type Reply = { result?: SubmissionResult<string[]>; conflict?: Conflict; refusal?: Refusal; saved?: number; savedAt?: string };
  const reply = actionData as Reply | undefined;
  const { result, conflict, refusal: refused } = reply ?? {};
  const autosaveData = autosave.data as Reply | undefined;
  // The copy this form edits: the loader's, a newer one from an autosave, or the other person's after a conflict (saving again then keeps mine).
  const [revision, setRevision] = useState(loaded.revision);
  useEffect(() => setRevision(loaded.revision), [loaded.revision]);
  useEffect(() => {
    if (conflict) setRevision(conflict.revision);
  }, [conflict]);
  useEffect(() => {
    if (autosaveData?.saved) setRevision(autosaveData.saved);
  }, [autosaveData]);
  const autosaveConflict = autosaveData?.conflict;

  const schema = proposalDraftSchema(loaded.plot.maxGfaM2);
  const [form, fields] = useForm({
    id: `proposal-${loaded.id}`,
    lastResult: result,
    defaultValue: { ...loaded.fields, grossFloorAreaM2: loaded.fields.grossFloorAreaM2 === null ? undefined : String(loaded.fields.grossFloorAreaM2), landPremiumHkd: loaded.fields.landPremiumHkd ?? undefined, investmentCommitmentHkd: loaded.fields.investmentCommitmentHkd ?? undefined },
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onBlur",
  });
  const formRef = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // The timer's closure would see a stale fetcher; the ref follows it.
  const autosaveBusy = useRef(false);
  useEffect(() => {
    autosaveBusy.current = autosave.state !== "idle";
  }, [autosave.state]);
  // Saved as the person types: a quiet save two seconds after the last change, never two at once
  // (the second would carry a stale revision), and none once the form itself is sent.
  const scheduleAutosave = () => {
    if (!loaded.open) return;
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
  // A save or submission made while an automatic save is on its way waits for it, then goes with the
  // revision it produced: a person never conflicts with their own autosave.
  const heldSubmitter = useRef<HTMLElement | null>(null);
  const holdWhileAutosaving = (event: React.FormEvent<HTMLFormElement>) => {
    clearTimeout(timer.current);
    if (!autosaveBusy.current) return;
    event.preventDefault();
    heldSubmitter.current = (event.nativeEvent as SubmitEvent).submitter ?? null;
  };
  useEffect(() => {
    const submitter = heldSubmitter.current;
    if (!submitter || autosave.state !== "idle" || (autosaveData?.saved && revision !== autosaveData.saved)) return;
    heldSubmitter.current = null;
    formRef.current?.requestSubmit(submitter as HTMLButtonElement);
  }, [autosave.state, autosaveData, revision]);

  const readOnly = !loaded.open;
  const missingFields = new Set(loaded.missing.fields);
  const missingDocuments = new Set(loaded.missing.documents);
  const current = loaded.versions.find((v) => v.counts);
  const name = (r: { nameEn: string; nameZhHant: string }) => pick(language, { en: r.nameEn, zhHant: r.nameZhHant });
  const mine = result?.initialValue ?? {};

  return (
    <div className="space-y-8">
      <section className="space-y-2">
        <p className="font-mono text-sm text-slate-700">{loaded.release.code} · {loaded.plot.code}</p>
        <h1 className="text-3xl font-semibold">{t("proposals.heading", { plot: loaded.plot.code })}</h1>
        <p>{title(loaded.release)} · {loaded.organisation}</p>
        <Deadline date={new Date(loaded.release.submissionDeadline)} serverNow={new Date(loaded.serverNow)} label={t("home.submissionDeadline")} />
        <p className="font-medium" role="status">
          {current ? t("proposals.currentVersion", { number: current.number, receipt: current.receiptNumber }) : t("proposals.notSubmitted")}
        </p>
        {readOnly ? <p role="note" className="rounded border border-slate-500 bg-slate-100 p-3">{t("proposals.readOnlyNote")}</p> : null}
        {searchParams.get("saved") ? <p role="status" className="text-park-800">{t("proposals.saved")}</p> : null}
        {searchParams.get("withdrawn") ? <p role="status" className="text-park-800">{t("proposals.withdrawnNote")}</p> : null}
        {/* A refusal of the whole submission; a forgotten declaration links to its box. */}
        <ErrorSummary items={refused ? [{ message: refused.problem, target: refused.problem === "proposals.errors.declaration" ? "declaration" : undefined }] : undefined} />
        {refused?.serverTime ? <p>{t("proposals.serverTime")} <ParkTime date={new Date(refused.serverTime)} /></p> : null}
      </section>

      {conflict ? <ConflictNotice mine={mine as Record<string, unknown>} conflict={conflict} /> : null}
      {autosaveConflict ? <p role="alert" className="rounded border border-amber-700 bg-amber-50 p-3">{t("proposals.conflict.autosave")}</p> : null}

      <Form method="post" {...getFormProps(form)} ref={formRef} onChange={scheduleAutosave} onSubmitCapture={holdWhileAutosaving} className="space-y-8">
        <input type="hidden" name="revision" value={revision} />
        {loaded.documents.map((d) => <input key={d.id} type="hidden" name="seenDocument" value={d.id} />)}
        <ErrorSummary form={form} />
        <EnvelopeFields fields={fields} maxGfaM2={loaded.plot.maxGfaM2} readOnly={readOnly} />

        <DocumentsSection proposalId={loaded.id} requiredDocuments={loaded.release.requiredDocuments} documents={loaded.documents} missing={missingDocuments} readOnly={readOnly} name={name} />

        {readOnly ? null : (
          <div className="flex flex-wrap items-center gap-4">
            <button type="submit" name="intent" value="save" className="rounded border border-park-700 px-4 py-2 font-medium text-park-800">
              {t("proposals.saveDraft")}
            </button>
            <span className="text-sm text-slate-700" aria-live="polite">
              {autosave.state !== "idle" ? t("proposals.autosaving") : autosaveData?.savedAt ? t("proposals.autosaved") : ""}
            </span>
          </div>
        )}

        {readOnly || !loaded.canSubmit ? null : (
          <SubmissionPanel
            missingFields={missingFields}
            missingDocuments={missingDocuments}
            requiredDocuments={loaded.release.requiredDocuments}
            verified={loaded.verified}
            organisation={loaded.organisation}
            replacing={Boolean(current)}
            name={name}
          />
        )}
      </Form>
      <Form id="document-actions" method="post" hidden>
        <input type="hidden" name="intent" value="remove-document" />
      </Form>

      <VersionsSection proposalId={loaded.id} versions={loaded.versions} mayWithdraw={Boolean(current && loaded.open && loaded.canSubmit)} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
