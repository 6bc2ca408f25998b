import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/accounts/sessions.server.ts";
import { SubmitButton } from "~/platform/ui/forms.tsx";
import { ProblemList } from "~/platform/ui/problem-list.tsx";
import { useReleaseTitle } from "~/releases/components/release-summary.tsx";
import { db } from "~/platform/database/db.server.ts";
import { readForm } from "~/web/forms.server.ts";
import { pageTitle } from "~/web/meta.ts";
import { builderValues, createDraftRelease, readBuilderForm, type BuilderValues, type ReleaseProblem } from "~/releases/builder.server.ts";
import { listPhases } from "~/releases/releases.server.ts";
import { toHongKongLocal } from "~/platform/time.ts";
import { CRITERION_ROWS, DOCUMENT_ROWS, FILE_KINDS, standardCriteria, standardRequiredDocuments } from "~/releases/defaults.ts";

export const meta: MetaFunction = (args) => pageTitle(args, "builder.new");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "releases:manage");
  const [phases, plots] = await Promise.all([
    listPhases(),
    db().plot.findMany({ where: { state: "inventory" }, orderBy: { code: "asc" }, select: { code: true, siteAreaM2: true, phase: { select: { code: true } } } }),
  ]);
  return { phases, plots, serverNow: new Date() };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "releases:manage");
  const values = builderValues(await readForm(request));
  const read = readBuilderForm(values);
  if ("problems" in read) return data({ values, problems: read.problems }, { status: 400 });
  const outcome = await createDraftRelease(admin, read.conditions);
  if (outcome.status === "invalid") return data({ values, problems: outcome.problems }, { status: 400 });
  return redirect(`/admin/releases/${outcome.code}?saved=1`);
}

/** Sensible starting values: the park's usual criteria and documents, a six-week timeline. */
function defaults(now: Date): BuilderValues {
  const at = (days: number) => toHongKongLocal(new Date(Math.ceil(now.getTime() / 86_400_000 + days) * 86_400_000 + 4 * 3_600_000));
  const values: BuilderValues = { passMarkPercent: "60", publicationAt: at(7), clarificationEndsAt: at(28), submissionDeadline: at(49), openingAt: at(50) };
  standardCriteria.forEach((c, i) => Object.assign(values, { [`criteria.${i}.nameEn`]: c.nameEn, [`criteria.${i}.nameZhHant`]: c.nameZhHant, [`criteria.${i}.envelope`]: c.envelope, [`criteria.${i}.weight`]: String(c.weight), [`criteria.${i}.maxScore`]: String(c.maxScore) }));
  standardRequiredDocuments.forEach((d, i) =>
    Object.assign(values, { [`documents.${i}.nameEn`]: d.nameEn, [`documents.${i}.nameZhHant`]: d.nameZhHant, [`documents.${i}.envelope`]: d.envelope, [`documents.${i}.acceptedTypes`]: [...d.acceptedTypes], [`documents.${i}.maxSizeMb`]: String(d.maxSizeMb), [`documents.${i}.mandatory`]: d.mandatory ? "on" : "" }),
  );
  return values;
}

function Text({ name, label, values, problems, type = "text", className = "" }: { name: string; label: string; values: BuilderValues; problems: ReleaseProblem[]; type?: string; className?: string }) {
  const mine = problems.filter((p) => p.field === name || p.field.startsWith(`${name}.`));
  const value = values[name];
  return (
    <div className={`space-y-1 ${className}`}>
      <label htmlFor={`f-${name}`} className="block text-sm font-medium">{label}</label>
      <input id={`f-${name}`} name={name} type={type} defaultValue={Array.isArray(value) ? value[0] : (value ?? "")} className="w-full rounded border border-slate-500 px-2 py-1" aria-invalid={mine.length > 0 || undefined} aria-describedby={mine.length ? `p-${name}` : undefined} />
      <ProblemList id={`p-${name}`} problems={mine} />
    </div>
  );
}

/** Which envelope a criterion or document belongs to. */
function EnvelopeSelect({ name, row, values }: { name: string; row: number; values: BuilderValues }) {
  const { t } = useTranslation();
  return (
    <div className="space-y-1">
      <label htmlFor={`f-${name}`} className="block text-sm font-medium">{t("builder.envelope", { n: row })}</label>
      <select id={`f-${name}`} name={name} defaultValue={String(values[name] ?? "technical")} className="rounded border border-slate-500 px-2 py-1">
        <option value="technical">{t("builder.technical")}</option>
        <option value="financial">{t("builder.financial")}</option>
      </select>
    </div>
  );
}

export default function NewRelease() {
  const { t } = useTranslation();
  const { phases, plots, serverNow } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values = result?.values ?? defaults(serverNow);
  const problems = result?.problems ?? [];
  const { phaseName } = useReleaseTitle();
  const general = problems.filter((p) => ["criteria", "plotCodes", "requiredDocuments", "code", "phase"].includes(p.field));
  const chosen = new Set(Array.isArray(values.plotCodes) ? values.plotCodes : []);
  const field = { values, problems };
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-semibold">{t("builder.new")}</h1>
      <Form method="post" className="space-y-8">
        {problems.length > 0 ? (
          <div role="alert" className="rounded border border-red-700 bg-red-50 p-3">
            <p className="font-medium text-red-900">{t("builder.fix")}</p>
            <ProblemList problems={general} />
          </div>
        ) : null}
        <fieldset className="grid gap-4 md:grid-cols-2">
          <legend className="text-xl font-semibold">{t("builder.notice")}</legend>
          <Text name="code" label={t("releases.code")} {...field} />
          <div className="space-y-1">
            <label htmlFor="f-phase" className="block text-sm font-medium">{t("plot.phase")}</label>
            <select id="f-phase" name="phase" defaultValue={String(values.phase ?? "")} className="rounded border border-slate-500 px-2 py-1">
              {phases.map((p) => <option key={p.code} value={p.code}>{phaseName(p)}</option>)}
            </select>
          </div>
          <Text name="titleEn" label={t("builder.titleEn")} {...field} />
          <Text name="titleZhHant" label={t("builder.titleZhHant")} {...field} />
          <Text name="eligibilityEn" label={t("builder.eligibilityEn")} {...field} />
          <Text name="eligibilityZhHant" label={t("builder.eligibilityZhHant")} {...field} />
        </fieldset>
        <fieldset className="grid gap-4 md:grid-cols-4">
          <legend className="text-xl font-semibold">{t("release.timeline")} ({t("builder.hongKongTime")})</legend>
          <Text name="publicationAt" type="datetime-local" label={t("timeline.publication")} {...field} />
          <Text name="clarificationEndsAt" type="datetime-local" label={t("timeline.clarificationsEnd")} {...field} />
          <Text name="submissionDeadline" type="datetime-local" label={t("timeline.submissionDeadline")} {...field} />
          <Text name="openingAt" type="datetime-local" label={t("timeline.opening")} {...field} />
        </fieldset>
        <fieldset>
          <legend className="text-xl font-semibold">{t("builder.plots")}</legend>
          <div className="mt-2 grid grid-cols-2 gap-1 sm:grid-cols-4 md:grid-cols-6">
            {plots.map((plot) => (
              <label key={plot.code} className="flex items-center gap-2 font-mono text-sm">
                <input type="checkbox" name="plotCodes" value={plot.code} defaultChecked={chosen.has(plot.code)} />
                {plot.code}
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset className="space-y-2">
          <legend className="text-xl font-semibold">{t("builder.criteria")}</legend>
          <p className="text-sm">{t("builder.criteriaHint")}</p>
          <Text name="passMarkPercent" type="number" label={t("builder.passMark")} className="max-w-xs" {...field} />
          {Array.from({ length: CRITERION_ROWS }, (_, i) => (
            <div key={i} className="grid gap-2 border-t border-slate-200 pt-2 md:grid-cols-5">
              <Text name={`criteria.${i}.nameEn`} label={t("builder.nameEn", { n: i + 1 })} {...field} />
              <Text name={`criteria.${i}.nameZhHant`} label={t("builder.nameZhHant", { n: i + 1 })} {...field} />
              <EnvelopeSelect name={`criteria.${i}.envelope`} row={i + 1} values={values} />
              <Text name={`criteria.${i}.weight`} type="number" label={t("builder.weight", { n: i + 1 })} {...field} />
              <Text name={`criteria.${i}.maxScore`} type="number" label={t("builder.maxScore", { n: i + 1 })} {...field} />
            </div>
          ))}
        </fieldset>
        <fieldset className="space-y-2">
          <legend className="text-xl font-semibold">{t("builder.documents")}</legend>
          {Array.from({ length: DOCUMENT_ROWS }, (_, i) => {
            const kinds = new Set(([] as string[]).concat(values[`documents.${i}.acceptedTypes`] ?? []));
            return (
              <div key={i} className="grid gap-2 border-t border-slate-200 pt-2 md:grid-cols-5">
                <Text name={`documents.${i}.nameEn`} label={t("builder.docNameEn", { n: i + 1 })} {...field} />
                <Text name={`documents.${i}.nameZhHant`} label={t("builder.docNameZhHant", { n: i + 1 })} {...field} />
                <EnvelopeSelect name={`documents.${i}.envelope`} row={i + 1} values={values} />
                <fieldset className="text-sm">
                  <legend className="font-medium">{t("builder.types", { n: i + 1 })}</legend>
                  {FILE_KINDS.map((kind) => (
                    <label key={kind} className="mr-2 inline-flex items-center gap-1">
                      <input type="checkbox" name={`documents.${i}.acceptedTypes`} value={kind} defaultChecked={kinds.has(kind)} />
                      {kind}
                    </label>
                  ))}
                </fieldset>
                <div>
                  <Text name={`documents.${i}.maxSizeMb`} type="number" label={t("builder.maxSize", { n: i + 1 })} {...field} />
                  <label className="mt-1 flex items-center gap-2 text-sm">
                    <input type="checkbox" name={`documents.${i}.mandatory`} defaultChecked={values[`documents.${i}.mandatory`] === "on"} />
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
