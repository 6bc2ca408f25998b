import { getFormProps, getInputProps, useForm, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FocusSector, Origin } from "~/platform/database/generated/prisma/enums.ts";
import { ErrorSummary, FieldErrors, type Message } from "~/platform/ui/error-summary.tsx";
import { SubmitButton, VALIDATE_ON_SUBMIT } from "~/platform/ui/forms.tsx";
import { problemsOf, type Problem } from "~/platform/ui/problems.ts";
import { parkTargetsSchema } from "~/portfolio/schemas.ts";
import { parkTargetsForm, updateParkTargets } from "~/portfolio/targets.server.ts";
import { useReleaseTitle } from "~/releases/components/release-summary.tsx";
import { GeneralErrorBoundary } from "~/web/error-boundary.tsx";
import { readForm } from "~/web/forms.server.ts";
import { pageTitle } from "~/web/meta.ts";
import { whenRefused } from "~/web/refusals.server.ts";
import { requirePermission } from "~/web/require.server.ts";

export const meta: MetaFunction = (args) => pageTitle(args, "portfolio.targets.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "portfolio:manage");
  return parkTargetsForm();
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "portfolio:manage");
  const submission = parseWithZod(await readForm(request), { schema: parkTargetsSchema, formatError: problemsOf });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  try {
    await updateParkTargets(admin, submission.value);
  } catch (error) {
    return whenRefused(error, ({ code, status }) => data(submission.reply({ formErrors: [{ key: code }] }), { status }));
  }
  return redirect("/admin/portfolio/targets?saved=1");
}

type NumberFieldMetadata = FieldMetadata<string | undefined, Record<string, unknown>, Message[]>;

/** A whole number typed with or without separators; the unit after the box. */
function NumberField({ field, label, unit }: { field: NumberFieldMetadata; label: string; unit: string }) {
  const props = getInputProps(field, { type: "text" });
  return (
    <div className="space-y-1">
      <label htmlFor={field.id} className="block font-medium">{label}</label>
      <div className="flex items-center gap-2">
        <input {...props} key={props.key} inputMode="numeric" className="w-44 max-w-full rounded border border-slate-500 px-3 py-2 aria-invalid:border-red-700" />
        <span>{unit}</span>
      </div>
      <FieldErrors id={field.errorId} errors={field.errors} />
    </div>
  );
}

export default function ParkTargetsPage() {
  const { t } = useTranslation();
  const { phases, values } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>() as SubmissionResult<Problem[]> | undefined;
  const [searchParams] = useSearchParams();
  const { phaseName } = useReleaseTitle();
  const text = (value: number | undefined) => (value === undefined ? "" : value.toLocaleString("en"));
  const [form, fields] = useForm({
    id: "park-targets",
    lastResult,
    defaultValue: {
      grossFloorAreaM2: text(values.grossFloorAreaM2),
      phases: values.phases.map((p) => ({ phase: p.phase, grossFloorAreaM2: text(p.grossFloorAreaM2) })),
      sectorShares: Object.fromEntries(Object.entries(values.sectorShares).map(([k, v]) => [k, text(v)])),
      originShares: Object.fromEntries(Object.entries(values.originShares).map(([k, v]) => [k, text(v)])),
      occupancyPercent: text(values.occupancyPercent),
      researchPosts: text(values.researchPosts),
      investmentHkd: text(values.investmentHkd),
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: parkTargetsSchema, formatError: problemsOf }),
    ...VALIDATE_ON_SUBMIT,
  });
  const sectors = fields.sectorShares.getFieldset();
  const origins = fields.originShares.getFieldset();
  const phaseFields = fields.phases.getFieldList();
  return (
    <div className="max-w-3xl space-y-6">
      <p><Link to="/admin/portfolio" className="text-park-700 underline">{t("portfolio.targets.back")}</Link></p>
      <h1 className="text-3xl font-semibold">{t("portfolio.targets.title")}</h1>
      {searchParams.get("saved") ? <p role="status" className="rounded border-l-4 border-park-700 bg-park-50 p-3">{t("portfolio.targets.saved")}</p> : null}
      <p>{t("portfolio.targets.intro")}</p>
      <Form method="post" {...getFormProps(form)} className="space-y-8">
        <ErrorSummary form={form} />
        <fieldset className="space-y-4">
          <legend className="text-xl font-semibold">{t("portfolio.area.heading")}</legend>
          <NumberField field={fields.grossFloorAreaM2} label={t("portfolio.targets.parkArea")} unit={t("plot.squareMetreUnit")} />
          {phaseFields.map((item, i) => {
            const phase = item.getFieldset();
            return (
              <div key={item.key}>
                <input type="hidden" name={phase.phase.name} value={values.phases[i]!.phase} />
                <NumberField field={phase.grossFloorAreaM2} label={t("portfolio.targets.phaseArea", { phase: phaseName(phases[i]!) })} unit={t("plot.squareMetreUnit")} />
              </div>
            );
          })}
        </fieldset>
        <fieldset className="space-y-4" aria-describedby={fields.sectorShares.errors?.length ? fields.sectorShares.errorId : undefined}>
          <legend className="text-xl font-semibold">{t("portfolio.sectors.heading")}</legend>
          <p className="text-slate-700">{t("portfolio.targets.sharesHint")}</p>
          <FieldErrors id={fields.sectorShares.errorId} errors={fields.sectorShares.errors} />
          {Object.values(FocusSector).map((sector) => <NumberField key={sector} field={sectors[sector]} label={t(`sector.${sector}`)} unit="%" />)}
        </fieldset>
        <fieldset className="space-y-4" aria-describedby={fields.originShares.errors?.length ? fields.originShares.errorId : undefined}>
          <legend className="text-xl font-semibold">{t("portfolio.origins.heading")}</legend>
          <p className="text-slate-700">{t("portfolio.targets.sharesHint")}</p>
          <FieldErrors id={fields.originShares.errorId} errors={fields.originShares.errors} />
          {Object.values(Origin).map((origin) => <NumberField key={origin} field={origins[origin]} label={t(`origin.${origin}`)} unit="%" />)}
        </fieldset>
        <fieldset className="space-y-4">
          <legend className="text-xl font-semibold">{t("portfolio.targets.others")}</legend>
          <NumberField field={fields.occupancyPercent} label={t("portfolio.occupancy.let")} unit="%" />
          <NumberField field={fields.researchPosts} label={t("portfolio.measure.researchPosts")} unit={t("portfolio.targets.posts")} />
          <NumberField field={fields.investmentHkd} label={t("portfolio.measure.investment")} unit="HK$" />
        </fieldset>
        <SubmitButton>{t("portfolio.targets.save")}</SubmitButton>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
