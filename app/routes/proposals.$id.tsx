import { getCollectionProps, getFormProps, getInputProps, getTextareaProps, useForm, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { focusSectors } from "~/accounts/schemas.ts";
import { requireUser, type CurrentUser } from "~/accounts/sessions.server.ts";
import { Deadline, ParkTime } from "~/platform/ui/deadline.tsx";
import { DocumentUpload } from "~/proposals/components/document-upload.tsx";
import { FormErrors } from "~/platform/ui/forms.tsx";
import { GeneralErrorBoundary, notFound } from "~/web/error-boundary.tsx";
import { useReleaseTitle } from "~/releases/components/release-summary.tsx";
import { readForm } from "~/web/forms.server.ts";
import { pick } from "~/platform/i18n/i18n.ts";
import { pageTitle } from "~/web/meta.ts";
import { DomainError } from "~/platform/domain-error.ts";
import { can } from "~/accounts/permissions.ts";
import { proposalDraftSchema, submitSchema, type ProposalFieldName, type ProposalFields } from "~/proposals/schemas.ts";
import {
  DeadlinePassedError,
  DraftConflictError,
  fieldsOf,
  getOwnProposal,
  missingForSubmission,
  removeDocument,
  saveDraft,
  submitProposal,
  withdrawProposal,
} from "~/proposals/proposals.server.ts";

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
type Conflict = { theirs: ProposalFields; revision: number; savedBy: string | null };

function refusal(error: unknown) {
  if (error instanceof DeadlinePassedError) return data({ refusal: { problem: error.code, serverTime: error.serverTime.toISOString() } as Refusal }, { status: 409 });
  if (error instanceof DomainError) return data({ refusal: { problem: error.code } as Refusal }, { status: 409 });
  throw error;
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

function TextArea({ field, label, disabled }: { field: FieldMetadata<string | undefined>; label: string; disabled: boolean }) {
  const { t } = useTranslation();
  const props = getTextareaProps(field);
  return (
    <div className="space-y-1">
      <label htmlFor={field.id} className="block font-medium">{label}</label>
      <textarea {...props} key={props.key} rows={5} readOnly={disabled} className="w-full max-w-3xl rounded border border-slate-500 px-3 py-2 aria-invalid:border-red-700" />
      {field.errors?.map((e) => <p key={e} id={field.errorId} className="text-sm text-red-800">{t(e)}</p>)}
    </div>
  );
}

function NumberField({ field, label, hint, disabled }: { field: Parameters<typeof getInputProps>[0]; label: string; hint?: string; disabled: boolean }) {
  const { t } = useTranslation();
  const hintId = `${field.id}-hint`;
  const props = getInputProps(field, { type: "text", ariaDescribedBy: hint ? hintId : undefined });
  return (
    <div className="space-y-1">
      <label htmlFor={field.id} className="block font-medium">{label}</label>
      <input {...props} key={props.key} inputMode="numeric" readOnly={disabled} className="w-64 rounded border border-slate-500 px-3 py-2 aria-invalid:border-red-700" />
      {hint ? <p id={hintId} className="text-sm text-slate-700">{hint}</p> : null}
      {field.errors?.map((e: string) => <p key={e} id={field.errorId} className="text-sm text-red-800">{t(e)}</p>)}
    </div>
  );
}

/** The saved version and the one being saved, side by side, for the fields where they differ. */
function ConflictNotice({ mine, conflict }: { mine: Record<string, unknown>; conflict: Conflict }) {
  const { t } = useTranslation();
  const names = Object.keys(conflict.theirs) as ProposalFieldName[];
  const shown = (value: unknown) => (Array.isArray(value) ? value.map((v) => t(`sector.${String(v)}`)).join(", ") : value === null || value === undefined || value === "" ? "—" : String(value));
  const differing = names.filter((name) => shown(conflict.theirs[name]) !== shown(mine[name] ?? (name === "intendedSectors" ? [] : "")));
  return (
    <section role="alert" aria-labelledby="conflict-heading" className="space-y-2 rounded border border-amber-700 bg-amber-50 p-4">
      <h2 id="conflict-heading" className="text-lg font-semibold">{t("proposals.conflict.title")}</h2>
      <p>{t("proposals.conflict.explain", { name: conflict.savedBy ?? t("proposals.conflict.someone") })}</p>
      <table className="w-full text-left text-sm">
        <thead>
          <tr><th scope="col" className="p-1">{t("proposals.conflict.field")}</th><th scope="col" className="p-1">{t("proposals.conflict.theirs")}</th><th scope="col" className="p-1">{t("proposals.conflict.mine")}</th></tr>
        </thead>
        <tbody>
          {differing.map((name) => (
            <tr key={name} className="border-t border-amber-300 align-top">
              <th scope="row" className="p-1 font-medium">{t(`proposals.fields.${name}`)}</th>
              <td className="whitespace-pre-wrap p-1">{shown(conflict.theirs[name])}</td>
              <td className="whitespace-pre-wrap p-1">{shown(mine[name])}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>{t("proposals.conflict.choose")}</p>
    </section>
  );
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
        {refused ? (
          <div role="alert" className="rounded border border-red-700 bg-red-50 p-3 text-red-900">
            <p>{t(refused.problem)}</p>
            {refused.serverTime ? <p>{t("proposals.serverTime")} <ParkTime date={new Date(refused.serverTime)} /></p> : null}
          </div>
        ) : null}
      </section>

      {conflict ? <ConflictNotice mine={mine as Record<string, unknown>} conflict={conflict} /> : null}
      {autosaveConflict ? <p role="alert" className="rounded border border-amber-700 bg-amber-50 p-3">{t("proposals.conflict.autosave")}</p> : null}

      <Form method="post" {...getFormProps(form)} ref={formRef} onChange={scheduleAutosave} onSubmitCapture={holdWhileAutosaving} className="space-y-8">
        <input type="hidden" name="revision" value={revision} />
        {loaded.documents.map((d) => <input key={d.id} type="hidden" name="seenDocument" value={d.id} />)}
        <FormErrors id={form.errorId} errors={form.errors?.filter((e) => e !== "proposals.errors.conflict")} />
        <fieldset className="space-y-4">
          <legend className="text-2xl font-semibold">{t("proposals.technicalEnvelope")}</legend>
          <TextArea field={fields.developmentScheme} label={t("proposals.fields.developmentScheme")} disabled={readOnly} />
          <fieldset className="space-y-1">
            <legend className="font-medium">{t("proposals.fields.intendedSectors")}</legend>
            {getCollectionProps(fields.intendedSectors, { type: "checkbox", options: [...focusSectors] }).map((props) => (
              <label key={props.key} className="flex items-center gap-2">
                <input {...props} key={props.key} disabled={readOnly} />
                {t(`sector.${props.value}`)}
              </label>
            ))}
          </fieldset>
          <NumberField field={fields.grossFloorAreaM2} label={t("proposals.fields.grossFloorAreaM2")} hint={t("proposals.gfaHint", { max: loaded.plot.maxGfaM2.toLocaleString("en") })} disabled={readOnly} />
          <TextArea field={fields.programme} label={t("proposals.fields.programme")} disabled={readOnly} />
          <TextArea field={fields.trackRecord} label={t("proposals.fields.trackRecord")} disabled={readOnly} />
          <TextArea field={fields.jobsTalentPlan} label={t("proposals.fields.jobsTalentPlan")} disabled={readOnly} />
        </fieldset>
        <fieldset className="space-y-4">
          <legend className="text-2xl font-semibold">{t("proposals.financialEnvelope")}</legend>
          <NumberField field={fields.landPremiumHkd} label={t("proposals.fields.landPremiumHkd")} hint={t("proposals.hkdHint")} disabled={readOnly} />
          <NumberField field={fields.investmentCommitmentHkd} label={t("proposals.fields.investmentCommitmentHkd")} hint={t("proposals.hkdHint")} disabled={readOnly} />
        </fieldset>

        <section id="documents" aria-labelledby="documents-heading" className="space-y-4">
          <h2 id="documents-heading" className="text-2xl font-semibold">{t("proposals.documents")}</h2>
          <ul className="space-y-6">
            {loaded.release.requiredDocuments.map((required) => {
              const stored = loaded.documents.find((d) => d.requiredDocumentId === required.id);
              const describedBy = `required-${required.id}`;
              return (
                <li key={required.id} className="space-y-2 rounded border border-slate-300 p-4">
                  <h3 className="font-semibold">
                    {name(required)} <span className="text-sm font-normal">({t(`builder.${required.envelope}`)}, {required.mandatory ? t("proposals.mandatory") : t("proposals.optional")})</span>
                  </h3>
                  <p id={describedBy} className="text-sm text-slate-700">
                    {t("proposals.accepts", { types: required.acceptedTypes.map((k) => k.toUpperCase()).join(", "), size: required.maxSizeMb })}
                  </p>
                  {stored ? (
                    <p className="text-sm">
                      <a href={`/proposals/${loaded.id}/documents/${stored.id}`} className="text-park-700 underline">{stored.fileName}</a>{" "}
                      · {t("proposals.bytes", { size: stored.size.toLocaleString("en") })} · <span className="font-mono">SHA-256 {stored.sha256?.slice(0, 16)}…</span>
                      {readOnly ? null : (
                        <button type="submit" form="document-actions" name="documentId" value={stored.id} className="ml-3 rounded border border-red-700 px-2 py-0.5 text-red-800">
                          {t("proposals.removeDocument", { name: stored.fileName })}
                        </button>
                      )}
                    </p>
                  ) : (
                    <p className={`text-sm ${required.mandatory && missingDocuments.has(required.id) ? "text-red-800" : ""}`}>{t("proposals.noFile")}</p>
                  )}
                  {readOnly ? null : (
                    <DocumentUpload
                      proposalId={loaded.id}
                      requiredDocumentId={required.id}
                      label={stored ? t("proposals.replaceFile", { name: name(required) }) : t("proposals.chooseFile", { name: name(required) })}
                      accept={required.acceptedTypes.map((k) => (k === "jpeg" ? ".jpg,.jpeg" : `.${k}`)).join(",")}
                      describedBy={describedBy}
                    />
                  )}
                </li>
              );
            })}
          </ul>
        </section>

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
          <section aria-labelledby="submit-heading" className="space-y-3 rounded border border-park-700 p-4">
            <h2 id="submit-heading" className="text-2xl font-semibold">{t("proposals.submitHeading")}</h2>
            {missingFields.size || missingDocuments.size ? (
              <div>
                <p>{t("proposals.stillMissing")}</p>
                <ul className="list-disc pl-6">
                  {[...missingFields].map((f) => <li key={f}>{t(`proposals.fields.${f}`)}</li>)}
                  {loaded.release.requiredDocuments.filter((r) => missingDocuments.has(r.id)).map((r) => <li key={r.id}>{t("proposals.missingDocument", { name: name(r) })}</li>)}
                </ul>
              </div>
            ) : (
              <p>{t("proposals.complete")}</p>
            )}
            {!loaded.verified ? <p role="alert" className="text-red-800">{t("proposals.errors.verifyFirst")}</p> : null}
            <label className="flex items-start gap-2">
              <input type="checkbox" name="declaration" value="on" className="mt-1" />
              <span>{t("proposals.declaration", { organisation: loaded.organisation })}</span>
            </label>
            <button type="submit" name="intent" value="submit" className="rounded bg-park-700 px-4 py-2 font-medium text-white hover:bg-park-800">
              {current ? t("proposals.submitNewVersion") : t("proposals.submit")}
            </button>
          </section>
        )}
      </Form>
      <Form id="document-actions" method="post" hidden>
        <input type="hidden" name="intent" value="remove-document" />
      </Form>

      <section aria-labelledby="versions-heading" className="space-y-3">
        <h2 id="versions-heading" className="text-2xl font-semibold">{t("proposals.versions")}</h2>
        {loaded.versions.length === 0 ? (
          <p>{t("proposals.noVersions")}</p>
        ) : (
          <ul className="space-y-2">
            {loaded.versions.map((v) => (
              <li key={v.receiptNumber}>
                {t("proposals.versionLine", { number: v.number })} · <Link to={`/proposals/${loaded.id}/receipts/${v.receiptNumber}`} className="font-mono text-park-700 underline">{v.receiptNumber}</Link> · <ParkTime date={new Date(v.receivedAt)} /> ·{" "}
                {v.counts ? t("proposals.counts") : v.withdrawnAt ? t("proposals.withdrawnVersion") : t("proposals.superseded")}
              </li>
            ))}
          </ul>
        )}
        {current && loaded.open && loaded.canSubmit ? (
          <Form method="post">
            <input type="hidden" name="intent" value="withdraw" />
            <button type="submit" className="rounded border border-red-700 px-4 py-2 text-red-800">{t("proposals.withdraw")}</button>
          </Form>
        ) : null}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
