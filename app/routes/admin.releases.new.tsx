import { getCollectionProps, getFormProps, getInputProps, getSelectProps, useForm, type FieldMetadata } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { requirePermission } from "~/web/require.server.ts";
import { SubmitButton } from "~/platform/ui/forms.tsx";
import { ErrorSummary, FieldErrors } from "~/platform/ui/error-summary.tsx";
import { fieldErrorsOf, problemsOf, type Problem } from "~/platform/ui/problems.ts";
import { useReleaseTitle } from "~/releases/components/release-summary.tsx";
import { readForm } from "~/web/forms.server.ts";
import { pageTitle } from "~/web/meta.ts";
import { createDraftRelease } from "~/releases/builder.server.ts";
import { listPhases } from "~/releases/releases.server.ts";
import { releaseBuilderSchema, type ReleaseConditions } from "~/releases/schemas.ts";
import { plotsInInventory } from "~/plots/plots.server.ts";
import { toHongKongLocal } from "~/platform/time.ts";
import { CRITERION_ROWS, DOCUMENT_ROWS, FILE_KINDS, standardCriteria, standardRequiredDocuments } from "~/releases/defaults.ts";

export const meta: MetaFunction = (args) => pageTitle(args, "builder.new");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "releases:manage");
  const [phases, plots] = await Promise.all([listPhases(), plotsInInventory()]);
  return { phases, plots, serverNow: new Date() };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "releases:manage");
  const submission = parseWithZod(await readForm(request), { schema: releaseBuilderSchema, formatError: problemsOf });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const outcome = await createDraftRelease(admin, submission.value);
  if (outcome.status === "invalid") return data(submission.reply({ fieldErrors: fieldErrorsOf(outcome.problems) }), { status: 400 });
  return redirect(`/admin/releases/${outcome.code}?saved=1`);
}

/** Sensible starting values: the park's usual criteria and documents, a six-week timeline. */
function defaults(now: Date) {
  const at = (days: number) => toHongKongLocal(new Date(Math.ceil(now.getTime() / 86_400_000 + days) * 86_400_000 + 4 * 3_600_000));
  return {
    passMarkPercent: "60",
    publicationAt: at(7),
    clarificationEndsAt: at(28),
    submissionDeadline: at(49),
    openingAt: at(50),
    // Every row the form offers; those past the usual ones start empty.
    criteria: Array.from({ length: CRITERION_ROWS }, (_, i) => {
      const c = standardCriteria[i];
      return c ? { nameEn: c.nameEn, nameZhHant: c.nameZhHant, envelope: c.envelope, weight: String(c.weight), maxScore: String(c.maxScore) } : {};
    }),
    requiredDocuments: Array.from({ length: DOCUMENT_ROWS }, (_, i) => {
      const d = standardRequiredDocuments[i];
      return d ? { nameEn: d.nameEn, nameZhHant: d.nameZhHant, envelope: d.envelope, acceptedTypes: [...d.acceptedTypes], maxSizeMb: String(d.maxSizeMb), mandatory: d.mandatory } : {};
    }),
  };
}

type Field = FieldMetadata<unknown, Record<string, unknown>, Problem[]>;

function Text({ field, label, type = "text", className = "" }: { field: Field; label: string; type?: "text" | "number" | "datetime-local"; className?: string }) {
  const props = getInputProps(field, { type });
  return (
    <div className={`space-y-1 ${className}`}>
      <label htmlFor={field.id} className="block text-sm font-medium">{label}</label>
      <input {...props} key={props.key} className="w-full rounded border border-slate-500 px-2 py-1 aria-invalid:border-red-700" />
      <FieldErrors id={field.errorId} errors={field.errors} />
    </div>
  );
}

/** Which envelope a criterion or document belongs to. */
function EnvelopeSelect({ field, row }: { field: Field; row: number }) {
  const { t } = useTranslation();
  const props = getSelectProps(field);
  return (
    <div className="space-y-1">
      <label htmlFor={field.id} className="block text-sm font-medium">{t("builder.envelope", { n: row })}</label>
      <select {...props} key={props.key} className="rounded border border-slate-500 px-2 py-1">
        <option value="technical">{t("builder.technical")}</option>
        <option value="financial">{t("builder.financial")}</option>
      </select>
      <FieldErrors id={field.errorId} errors={field.errors} />
    </div>
  );
}

export default function NewRelease() {
  const { t } = useTranslation();
  const { phases, plots, serverNow } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof releaseBuilderSchema>, ReleaseConditions, Problem[]>({
    id: "release",
    lastResult,
    defaultValue: defaults(serverNow),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: releaseBuilderSchema, formatError: problemsOf }),
    shouldRevalidate: "onInput",
  });
  const { phaseName } = useReleaseTitle();
  const phase = getSelectProps(fields.phase);
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-semibold">{t("builder.new")}</h1>
      <Form method="post" {...getFormProps(form)} className="space-y-8">
        <ErrorSummary form={form} />
        <fieldset className="grid gap-4 md:grid-cols-2">
          <legend className="text-xl font-semibold">{t("builder.notice")}</legend>
          <Text field={fields.code} label={t("releases.code")} />
          <div className="space-y-1">
            <label htmlFor={fields.phase.id} className="block text-sm font-medium">{t("plot.phase")}</label>
            <select {...phase} key={phase.key} className="rounded border border-slate-500 px-2 py-1">
              {phases.map((p) => <option key={p.code} value={p.code}>{phaseName(p)}</option>)}
            </select>
            <FieldErrors id={fields.phase.errorId} errors={fields.phase.errors} />
          </div>
          <Text field={fields.titleEn} label={t("builder.titleEn")} />
          <Text field={fields.titleZhHant} label={t("builder.titleZhHant")} />
          <Text field={fields.eligibilityEn} label={t("builder.eligibilityEn")} />
          <Text field={fields.eligibilityZhHant} label={t("builder.eligibilityZhHant")} />
        </fieldset>
        <fieldset className="grid gap-4 md:grid-cols-4">
          <legend className="text-xl font-semibold">{t("release.timeline")} ({t("builder.hongKongTime")})</legend>
          <Text field={fields.publicationAt} type="datetime-local" label={t("timeline.publication")} />
          <Text field={fields.clarificationEndsAt} type="datetime-local" label={t("timeline.clarificationsEnd")} />
          <Text field={fields.submissionDeadline} type="datetime-local" label={t("timeline.submissionDeadline")} />
          <Text field={fields.openingAt} type="datetime-local" label={t("timeline.opening")} />
        </fieldset>
        <fieldset aria-describedby={fields.plotCodes.errors ? fields.plotCodes.errorId : undefined}>
          <legend className="text-xl font-semibold">{t("builder.plots")}</legend>
          <FieldErrors id={fields.plotCodes.errorId} errors={fields.plotCodes.errors} />
          <div className="mt-2 grid grid-cols-2 gap-1 sm:grid-cols-4 md:grid-cols-6">
            {/* The first box carries the group's id: the error summary links there. */}
            {getCollectionProps(fields.plotCodes, { type: "checkbox", options: plots.map((plot) => plot.code) }).map((props, i) => (
              <label key={props.key} className="flex items-center gap-2 font-mono text-sm">
                <input {...props} key={props.key} id={i === 0 ? fields.plotCodes.id : props.id} />
                {props.value}
              </label>
            ))}
          </div>
        </fieldset>
        {/* Problems of the criteria as a whole (their weights, their envelopes) link to this group. */}
        <fieldset id={fields.criteria.id} tabIndex={-1} aria-describedby={fields.criteria.errors ? fields.criteria.errorId : undefined} className="space-y-2">
          <legend className="text-xl font-semibold">{t("builder.criteria")}</legend>
          <FieldErrors id={fields.criteria.errorId} errors={fields.criteria.errors} />
          <p className="text-sm">{t("builder.criteriaHint")}</p>
          <Text field={fields.passMarkPercent} type="number" label={t("builder.passMark")} className="max-w-xs" />
          {fields.criteria.getFieldList().map((item, i) => {
            const row = item.getFieldset();
            return (
              <div key={item.key} className="grid gap-2 border-t border-slate-200 pt-2 md:grid-cols-5">
                <Text field={row.nameEn} label={t("builder.nameEn", { n: i + 1 })} />
                <Text field={row.nameZhHant} label={t("builder.nameZhHant", { n: i + 1 })} />
                <EnvelopeSelect field={row.envelope} row={i + 1} />
                <Text field={row.weight} type="number" label={t("builder.weight", { n: i + 1 })} />
                <Text field={row.maxScore} type="number" label={t("builder.maxScore", { n: i + 1 })} />
              </div>
            );
          })}
        </fieldset>
        <fieldset id={fields.requiredDocuments.id} tabIndex={-1} aria-describedby={fields.requiredDocuments.errors ? fields.requiredDocuments.errorId : undefined} className="space-y-2">
          <legend className="text-xl font-semibold">{t("builder.documents")}</legend>
          <FieldErrors id={fields.requiredDocuments.errorId} errors={fields.requiredDocuments.errors} />
          {fields.requiredDocuments.getFieldList().map((item, i) => {
            const row = item.getFieldset();
            const mandatory = getInputProps(row.mandatory, { type: "checkbox" });
            return (
              <div key={item.key} className="grid gap-2 border-t border-slate-200 pt-2 md:grid-cols-5">
                <Text field={row.nameEn} label={t("builder.docNameEn", { n: i + 1 })} />
                <Text field={row.nameZhHant} label={t("builder.docNameZhHant", { n: i + 1 })} />
                <EnvelopeSelect field={row.envelope} row={i + 1} />
                <fieldset className="text-sm">
                  <legend className="font-medium">{t("builder.types", { n: i + 1 })}</legend>
                  {getCollectionProps(row.acceptedTypes, { type: "checkbox", options: [...FILE_KINDS] }).map((props, j) => (
                    <label key={props.key} className="mr-2 inline-flex items-center gap-1">
                      <input {...props} key={props.key} id={j === 0 ? row.acceptedTypes.id : props.id} />
                      {props.value}
                    </label>
                  ))}
                  <FieldErrors id={row.acceptedTypes.errorId} errors={row.acceptedTypes.errors} />
                </fieldset>
                <div>
                  <Text field={row.maxSizeMb} type="number" label={t("builder.maxSize", { n: i + 1 })} />
                  <label className="mt-1 flex items-center gap-2 text-sm">
                    <input {...mandatory} key={mandatory.key} />
                    {t("builder.mandatory")}
                  </label>
                </div>
              </div>
            );
          })}
        </fieldset>
        <SubmitButton>{t("builder.saveDraft")}</SubmitButton>
      </Form>
    </div>
  );
}
