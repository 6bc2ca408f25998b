import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { focusSectors } from "~/accounts/schemas.ts";
import { usePromiseText } from "~/developments/components/promise-text.tsx";
import { MILESTONE_KINDS } from "~/developments/promises.ts";
import { VARIATION_SUBJECTS, variationRequestSchema } from "~/developments/schemas.ts";
import { requestVariation } from "~/developments/variations.server.ts";
import type { MilestoneKind, VariationSubject } from "~/platform/database/generated/prisma/enums.ts";
import { ErrorSummary, FieldErrors } from "~/platform/ui/error-summary.tsx";
import { CheckboxesField, SubmitButton, VALIDATE_ON_SUBMIT } from "~/platform/ui/forms.tsx";
import { requireDevelopmentForStaff, requireOwnDevelopment } from "~/web/developments.server.ts";
import { GeneralErrorBoundary } from "~/web/error-boundary.tsx";
import { readForm, refused } from "~/web/forms.server.ts";
import { pageTitle } from "~/web/meta.ts";
import { whenRefused } from "~/web/refusals.server.ts";
import { requireUser } from "~/web/require.server.ts";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, "variations.requestTitle", { plot: args.data?.record.plot });

/**
 * The record for someone who may ask for a variation of it: its organisation's owners and submitters
 * (403 for its contributors), and administrators (who reach it from their own record page).
 */
async function requireRequester(request: Request, id: string | undefined) {
  const user = await requireUser(request);
  const found = user.roles.includes("administrator") ? await requireDevelopmentForStaff(request, id) : await requireOwnDevelopment(request, id);
  if (!found.record.mayRequestVariation) throw new Response("Forbidden", { status: 403 });
  return found;
}

/** Which promise the page asks about, from its address (`?subject=…&milestone=…`); none: the page offers the choice. */
function chosen(request: Request, record: { milestones: { kind: MilestoneKind }[]; original: Record<string, unknown> }) {
  const query = new URL(request.url).searchParams;
  const subject = VARIATION_SUBJECTS.find((s) => s === query.get("subject"));
  if (!subject) return null;
  if (subject === "milestone") {
    const kind = MILESTONE_KINDS.find((k) => k === query.get("milestone") && record.milestones.some((m) => m.kind === k));
    return kind ? { subject, milestoneKind: kind } : null;
  }
  const promised = { research_posts: "researchPosts", graduate_places: "graduatePlaces" } as Record<string, string>;
  if (promised[subject] && record.original[promised[subject]] === null) return null;
  return { subject, milestoneKind: null };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, record } = await requireRequester(request, params.id);
  return { record, choice: chosen(request, record), staff: user.roles.includes("administrator") };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, record } = await requireRequester(request, params.id);
  const submission = parseWithZod(await readForm(request), { schema: variationRequestSchema });
  if (submission.status !== "success") return refused(submission.reply());
  try {
    await requestVariation(user, record.id, submission.value);
  } catch (error) {
    return whenRefused(error, ({ code, status }) => refused(submission.reply({ formErrors: [code] }), status));
  }
  return redirect(user.roles.includes("administrator") ? `/admin/developments/${record.id}?requested=1` : `/developments/${record.id}?requested=1`);
}

/** The value a promise has now, for the page to state before asking for the new one. */
function currentValue(record: ReturnType<typeof useLoaderData<typeof loader>>["record"], subject: VariationSubject, milestoneKind: MilestoneKind | null): unknown {
  const keys = { gross_floor_area: "gfaM2", sectors: "sectors", investment: "investmentHkd", research_posts: "researchPosts", graduate_places: "graduatePlaces" } as const;
  if (subject === "milestone") return record.milestones.find((m) => m.kind === milestoneKind)?.dueBy ?? null;
  return record.now[keys[subject]];
}

export default function RequestVariation() {
  const { t } = useTranslation();
  const { record, choice, staff } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const text = usePromiseText();
  const back = staff ? `/admin/developments/${record.id}` : `/developments/${record.id}`;
  const [form, fields] = useForm({
    lastResult: result,
    defaultValue: choice ? { subject: choice.subject, milestoneKind: choice.milestoneKind ?? undefined } : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: variationRequestSchema }),
    ...VALIDATE_ON_SUBMIT,
  });
  if (!choice) {
    const subjects = VARIATION_SUBJECTS.filter((s) => s !== "milestone" && !(s === "research_posts" && record.original.researchPosts === null) && !(s === "graduate_places" && record.original.graduatePlaces === null));
    return (
      <div className="max-w-3xl space-y-6">
        <h1 className="text-3xl font-semibold">{t("variations.requestTitle", { plot: record.plot })}</h1>
        <p>{t("variations.chooseWhat")}</p>
        <ul className="list-disc space-y-2 pl-6">
          {subjects.map((s) => <li key={s}><Link to={`?subject=${s}`} className="text-park-700 underline">{text.subject(s, null)}</Link></li>)}
          {record.milestones.map((m) => <li key={m.kind}><Link to={`?subject=milestone&milestone=${m.kind}`} className="text-park-700 underline">{text.subject("milestone", m.kind)}</Link></li>)}
        </ul>
        <p><Link to={back} className="text-park-700 underline">{t("variations.backToRecord")}</Link></p>
      </div>
    );
  }
  const name = text.subject(choice.subject, choice.milestoneKind);
  const valueInput = getInputProps(fields.value, { type: choice.subject === "milestone" ? "date" : "text", ariaDescribedBy: `${fields.value.id}-hint` });
  return (
    <div className="max-w-3xl space-y-6">
      <p><Link to={back} className="text-park-700 underline">{t("variations.backToRecord")}</Link></p>
      <h1 className="text-3xl font-semibold">{t("variations.requestHeading", { promise: name, plot: record.plot })}</h1>
      <p className="max-w-3xl">{t("variations.requestIntro")}</p>
      <p>
        <span className="font-medium">{t("variations.currentValue")}</span>
        {t("format.colon")}
        <span data-current-value="">{text.value(choice.subject, currentValue(record, choice.subject, choice.milestoneKind))}</span>
      </p>
      <Form method="post" {...getFormProps(form)} className="space-y-6">
        <ErrorSummary form={form} />
        <input type="hidden" name={fields.subject.name} value={choice.subject} />
        {choice.milestoneKind ? <input type="hidden" name={fields.milestoneKind.name} value={choice.milestoneKind} /> : null}
        {choice.subject === "sectors" ? (
          <CheckboxesField field={fields.sectors} legend={t("variations.newSectors")} options={focusSectors.map((s) => ({ value: s, label: t(`sector.${s}`) }))} />
        ) : (
          <div className="space-y-1">
            <label htmlFor={fields.value.id} className="block font-medium">{t("variations.newValue")}</label>
            <p id={`${fields.value.id}-hint`} className="text-sm text-slate-700">{t(`variations.valueHint.${choice.subject}`)}</p>
            <input {...valueInput} key={valueInput.key} inputMode={choice.subject === "milestone" ? undefined : "numeric"} className="w-64 max-w-full rounded border border-slate-500 px-3 py-2 aria-invalid:border-red-700" />
            <FieldErrors id={fields.value.errorId} errors={fields.value.errors} />
          </div>
        )}
        {(["reasonEn", "reasonZhHant"] as const).map((key) => (
          <div key={key} className="space-y-1">
            <label htmlFor={fields[key].id} className="block font-medium">{t(`variations.${key}`)}</label>
            <textarea {...getTextareaProps(fields[key])} lang={key === "reasonEn" ? "en" : "zh-Hant"} rows={4} className="w-full rounded border border-slate-500 px-3 py-2 aria-invalid:border-red-700" />
            <FieldErrors id={fields[key].errorId} errors={fields[key].errors} />
          </div>
        ))}
        <SubmitButton>{t("variations.submitRequest")}</SubmitButton>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
