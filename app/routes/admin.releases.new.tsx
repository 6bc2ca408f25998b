import { getCollectionProps, getFormProps, getInputProps, getSelectProps, useForm, type FieldMetadata, type FieldName } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import type { ButtonHTMLAttributes } from "react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { requirePermission } from "~/web/require.server.ts";
import { VALIDATE_ON_SUBMIT, SubmitButton } from "~/platform/ui/forms.tsx";
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
import { WrittenParkTime } from "~/platform/ui/park-time-input.tsx";
import { FILE_KINDS, standardCriteria, standardRequiredDocuments } from "~/releases/defaults.ts";

export const meta: MetaFunction = (args) => pageTitle(args, "builder.new");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "releases:manage");
  const [phases, plots] = await Promise.all([listPhases(), plotsInInventory()]);
  return { phases, plots, serverNow: new Date() };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "releases:manage");
  const submission = parseWithZod(await readForm(request), { schema: releaseBuilderSchema, formatError: problemsOf });
  // A row added or removed without JavaScript: the form comes back with its rows changed (no status: not a submission).
  if (submission.status === undefined) return data(submission.reply());
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
    standstillDays: "10",
    publicationAt: at(7),
    clarificationEndsAt: at(28),
    submissionDeadline: at(49),
    openingAt: at(50),
    criteria: standardCriteria.map((c) => ({ nameEn: c.nameEn, nameZhHant: c.nameZhHant, envelope: c.envelope, weight: String(c.weight), maxScore: String(c.maxScore) })),
    requiredDocuments: standardRequiredDocuments.map((d) => ({ nameEn: d.nameEn, nameZhHant: d.nameZhHant, envelope: d.envelope, acceptedTypes: [...d.acceptedTypes], maxSizeMb: String(d.maxSizeMb), mandatory: d.mandatory })),
  };
}

type Field = FieldMetadata<unknown, Record<string, unknown>, Problem[]>;

function Text({ field, label, type = "text", className = "" }: { field: Field; label: string; type?: "text" | "number" | "datetime-local"; className?: string }) {
  const written = type === "datetime-local" ? `${field.id}-written` : undefined;
  const props = getInputProps(field, { type, ariaDescribedBy: written });
  return (
    <div className={`space-y-1 ${className}`}>
      <label htmlFor={field.id} className="block text-sm font-medium">{label}</label>
      <input {...props} key={props.key} className="w-full rounded border border-slate-500 px-2 py-1 aria-invalid:border-red-700" />
      {written ? <WrittenParkTime id={written} value={typeof field.value === "string" ? field.value : undefined} /> : null}
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

/** A list's name for Conform's list intents, which type names for string messages (ours are Problem[]). */
const rowsOf = <Row,>(name: string) => name as FieldName<Row[]>;

/** Adds or removes a row: a real submit button (Conform's list intents), so it works without JavaScript too. */
function RowButton(props: ButtonHTMLAttributes<HTMLButtonElement>) {
  return <button {...props} className="self-end rounded border border-park-700 px-3 py-1 text-sm text-park-800" />;
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
    ...VALIDATE_ON_SUBMIT,
  });
  const { phaseName } = useReleaseTitle();
  const phase = getSelectProps(fields.phase);
  const criteria = fields.criteria.getFieldList();
  // What the weights typed so far add up to (the rule itself is the schema's: they must make 100).
  const weightTotal = criteria.reduce((sum, item) => sum + (Number(item.getFieldset().weight.value) || 0), 0);
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-semibold">{t("builder.new")}</h1>
      <Form method="post" {...getFormProps(form)} className="space-y-8">
        {/* Enter in a field saves the draft: the first submit button of the form is the one pressed, not a row's "Remove". */}
        <button type="submit" tabIndex={-1} aria-hidden="true" className="sr-only">{t("builder.saveDraft")}</button>
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
          <legend className="text-xl font-semibold">{t("format.parenthesised", { text: t("release.timeline"), note: t("builder.hongKongTime") })}</legend>
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
          <Text field={fields.standstillDays} type="number" label={t("standstill.days")} className="max-w-xs" />
          <p className="text-sm">{t("standstill.hint")}</p>
          {criteria.map((item, i) => {
            const row = item.getFieldset();
            return (
              <div key={item.key} className="grid gap-2 border-t border-slate-200 pt-2 md:grid-cols-6">
                <Text field={row.nameEn} label={t("builder.nameEn", { n: i + 1 })} />
                <Text field={row.nameZhHant} label={t("builder.nameZhHant", { n: i + 1 })} />
                <EnvelopeSelect field={row.envelope} row={i + 1} />
                <Text field={row.weight} type="number" label={t("builder.weight", { n: i + 1 })} />
                <Text field={row.maxScore} type="number" label={t("builder.maxScore", { n: i + 1 })} />
                <RowButton {...form.remove.getButtonProps({ name: rowsOf(fields.criteria.name), index: i })}>{t("stages.weights.removeCriterion", { n: i + 1 })}</RowButton>
              </div>
            );
          })}
          <p aria-live="polite" className="font-medium tabular-nums">{t("stages.weights.total", { total: weightTotal })}</p>
          <RowButton {...form.insert.getButtonProps({ name: rowsOf<{ envelope: string }>(fields.criteria.name), defaultValue: { envelope: "technical" } })}>{t("stages.weights.addCriterion")}</RowButton>
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
                  <RowButton {...form.remove.getButtonProps({ name: rowsOf(fields.requiredDocuments.name), index: i })}>{t("stages.weights.removeDocument", { n: i + 1 })}</RowButton>
                </div>
              </div>
            );
          })}
          <RowButton {...form.insert.getButtonProps({ name: rowsOf<{ envelope: string; acceptedTypes: string[]; mandatory: boolean }>(fields.requiredDocuments.name), defaultValue: { envelope: "technical", acceptedTypes: ["pdf"], mandatory: true } })}>{t("stages.weights.addDocument")}</RowButton>
        </fieldset>
        <SubmitButton>{t("builder.saveDraft")}</SubmitButton>
      </Form>
    </div>
  );
}
