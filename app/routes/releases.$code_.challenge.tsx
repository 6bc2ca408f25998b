import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, FieldErrors } from "~/platform/ui/error-summary.tsx";
import { Code, Unbroken } from "~/platform/ui/code.tsx";
import { FileInput } from "~/platform/ui/file-input.tsx";
import { SubmitButton, VALIDATE_ON_SUBMIT } from "~/platform/ui/forms.tsx";
import { lastMomentOf } from "~/results/standstill.ts";
import { CHALLENGE_DOCUMENTS_MAX, discardChallengeDocuments, storeChallengeDocument } from "~/results/challenge-documents.server.ts";
import { challengeableAwards, lodgeChallenge, organisationChallenges } from "~/results/challenges.server.ts";
import { OwnChallenges } from "~/results/components/own-challenges.tsx";
import { useParkTimeText } from "~/results/components/public-results.tsx";
import { lodgeChallengeSchema } from "~/results/schemas.ts";
import { getPublicRelease } from "~/releases/releases.server.ts";
import { GeneralErrorBoundary, notFound } from "~/web/error-boundary.tsx";
import { readFormWithDocuments } from "~/web/document-form.server.ts";
import { refused } from "~/web/forms.server.ts";
import { pageTitle } from "~/web/meta.ts";
import { whenRefused } from "~/web/refusals.server.ts";
import { requirePermission } from "~/web/require.server.ts";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, "challenges.title");

/** Owners and submitters of an organisation: the awards of this release it may challenge now. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "challenge:lodge");
  const release = await getPublicRelease(params.code ?? "");
  if (!release) throw notFound();
  const [awards, lodged] = await Promise.all([challengeableAwards(user, release.code), organisationChallenges(user, release.code)]);
  return { code: release.code, awards, lodged };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "challenge:lodge");
  // A refused document, or a refused challenge, leaves nothing stored.
  const { form, stored, problem } = await readFormWithDocuments(request, { max: CHALLENGE_DOCUMENTS_MAX, tooMany: "challenges.errors.tooManyDocuments", store: storeChallengeDocument });
  const submission = parseWithZod(form ?? new FormData(), { schema: lodgeChallengeSchema });
  if (submission.status !== "success" || problem) {
    await discardChallengeDocuments(stored);
    return refused(submission.reply(problem ? { fieldErrors: { documents: [problem] } } : undefined));
  }
  try {
    const challenge = await lodgeChallenge(user, submission.value.award, submission.value.grounds, stored);
    return redirect(`/challenges/${challenge.id}?lodged=1`);
  } catch (error) {
    // lodgeChallenge removed the documents it was given.
    return whenRefused(error, ({ code, status }) => refused(submission.reply({ formErrors: [code] }), status));
  }
}

export default function LodgeChallenge() {
  const { t } = useTranslation();
  const when = useParkTimeText();
  const { code, awards, lodged } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const open = awards.filter((a) => !a.challenge);
  const [form, fields] = useForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: lodgeChallengeSchema }),
    ...VALIDATE_ON_SUBMIT,
    defaultValue: { award: open.length === 1 ? open[0]!.awardId : undefined },
  });
  // The documents are not a field of the schema (files are checked as they stream, on the server):
  // their problems come back from the server under their name, as Conform names a control.
  const documentsId = `${form.id}-documents`;
  const documentErrors = form.allErrors.documents;
  return (
    <div className="max-w-3xl space-y-6">
      <p className="text-sm"><Link to={`/releases/${code}#results`} className="text-park-700 underline"><Code mono>{code}</Code></Link></p>
      <h1 className="text-3xl font-semibold">{t("challenges.title")}</h1>
      <p>{t("challenges.intro")}</p>
      <OwnChallenges challenges={lodged} />
      {open.length === 0 ? (
        <p className="rounded border border-slate-400 bg-slate-50 p-3">{t("challenges.nothing")}</p>
      ) : (
        <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="space-y-6">
          <ErrorSummary form={form} />
          <fieldset className="space-y-1" aria-describedby={fields.award.errors?.length ? fields.award.errorId : undefined}>
            <legend className="font-medium">{t("challenges.award")}</legend>
            {open.map((a, i) => (
              <label key={a.awardId} className="flex items-center gap-2">
                <input type="radio" name={fields.award.name} value={a.awardId} id={i === 0 ? fields.award.id : undefined} defaultChecked={fields.award.initialValue === a.awardId} />
                <span><Unbroken text={t("challenges.awardOption", { plot: a.plot, end: when(lastMomentOf(new Date(a.standstillEndsAt))) })} /></span>
              </label>
            ))}
            <FieldErrors id={fields.award.errorId} errors={fields.award.errors} />
          </fieldset>
          <div className="space-y-1">
            <label htmlFor={fields.grounds.id} className="block font-medium">{t("challenges.grounds")}</label>
            <p id={`${fields.grounds.id}-hint`} className="text-sm text-slate-700">{t("challenges.groundsHint")}</p>
            <textarea {...getTextareaProps(fields.grounds, { ariaDescribedBy: `${fields.grounds.id}-hint` })} rows={8} className="w-full rounded border border-slate-500 px-3 py-2 aria-invalid:border-red-700" />
            <FieldErrors id={fields.grounds.errorId} errors={fields.grounds.errors} />
          </div>
          <div className="space-y-1">
            <label htmlFor={documentsId} className="block font-medium">{t("challenges.documents")}</label>
            <p id={`${documentsId}-hint`} className="text-sm text-slate-700">{t("challenges.documentsHint")}</p>
            <FileInput
              multiple
              id={documentsId}
              name="documents"
              accept=".pdf,.docx,.xlsx,.zip,.png,.jpg,.jpeg"
              aria-describedby={`${documentsId}-hint${documentErrors?.length ? ` ${documentsId}-error` : ""}`}
              aria-invalid={documentErrors?.length ? true : undefined}
            />
            <FieldErrors id={`${documentsId}-error`} errors={documentErrors} />
          </div>
          <SubmitButton>{t("challenges.lodge")}</SubmitButton>
        </Form>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
