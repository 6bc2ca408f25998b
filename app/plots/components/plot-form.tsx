import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { PlotProblem } from "../inventory.server.ts";
import { ProblemList } from "~/platform/ui/problem-list.tsx";
import { SubmitButton } from "~/platform/ui/forms.tsx";

const USES = ["wet_lab_rnd", "dry_lab_rnd", "pilot_production", "talent_accommodation", "commercial_support"] as const;

export interface PlotFormValues {
  code?: string;
  phase?: string;
  maxGfaM2?: string | number;
  permittedUses?: string[];
  polygon?: string;
}

/** What was typed into the plot form, to validate and to show again. */
export function plotFormValues(form: FormData): Required<PlotFormValues> {
  const text = (name: string) => String(form.get(name) ?? "");
  return { code: text("code"), phase: text("phase"), maxGfaM2: text("maxGfaM2"), permittedUses: form.getAll("permittedUses").map(String), polygon: text("polygon") };
}

/**
 * The fields of a plot, with the server's messages beside the field they concern. On a refusal the
 * form comes back with everything that was typed.
 */
export function PlotForm({
  values,
  problems,
  phases,
  codeFixed,
  submitLabel,
}: {
  values: PlotFormValues;
  problems: PlotProblem[];
  phases: { code: string; name: string }[];
  codeFixed?: boolean;
  submitLabel: string;
}) {
  const { t } = useTranslation();
  const of = (field: PlotProblem["field"]) => problems.filter((p) => p.field === field);
  const invalid = (field: PlotProblem["field"]) => (of(field).length > 0 ? { "aria-invalid": true, "aria-describedby": `plot-${field}-problems` } : {});
  return (
    <Form method="post" className="space-y-4">
      <input type="hidden" name="intent" value="save" />
      <div className="space-y-1">
        <label htmlFor="plot-code" className="block font-medium">{t("plot.code")}</label>
        <input id="plot-code" name="code" defaultValue={values.code ?? ""} readOnly={codeFixed} required className="rounded border border-slate-500 px-3 py-2 font-mono" {...invalid("code")} />
        <ProblemList id="plot-code-problems" problems={of("code")} />
      </div>
      <div className="space-y-1">
        <label htmlFor="plot-phase" className="block font-medium">{t("plot.phase")}</label>
        <select id="plot-phase" name="phase" defaultValue={values.phase ?? ""} className="rounded border border-slate-500 px-3 py-2" {...invalid("phase")}>
          {phases.map((phase) => <option key={phase.code} value={phase.code}>{phase.name}</option>)}
        </select>
        <ProblemList id="plot-phase-problems" problems={of("phase")} />
      </div>
      <div className="space-y-1">
        <label htmlFor="plot-gfa" className="block font-medium">{t("plot.maxGfa")} (m²)</label>
        <input id="plot-gfa" name="maxGfaM2" inputMode="numeric" defaultValue={values.maxGfaM2 ?? ""} className="rounded border border-slate-500 px-3 py-2" {...invalid("maxGfaM2")} />
        <ProblemList id="plot-maxGfaM2-problems" problems={of("maxGfaM2")} />
      </div>
      <fieldset className="space-y-1" {...(of("permittedUses").length ? { "aria-describedby": "plot-permittedUses-problems" } : {})}>
        <legend className="font-medium">{t("plot.permittedUses")}</legend>
        {USES.map((use) => (
          <label key={use} className="flex items-center gap-2">
            <input type="checkbox" name="permittedUses" value={use} defaultChecked={values.permittedUses?.includes(use)} />
            {t(`use.${use}`)}
          </label>
        ))}
        <ProblemList id="plot-permittedUses-problems" problems={of("permittedUses")} />
      </fieldset>
      <div className="space-y-1">
        <label htmlFor="plot-polygon" className="block font-medium">{t("inventory.polygon")}</label>
        <p id="plot-polygon-hint" className="text-sm text-slate-700">{t("inventory.polygonHint")}</p>
        <textarea id="plot-polygon" name="polygon" rows={6} defaultValue={values.polygon ?? ""} className="w-full rounded border border-slate-500 px-3 py-2 font-mono text-xs" aria-describedby={`plot-polygon-hint${of("polygon").length ? " plot-polygon-problems" : ""}`} aria-invalid={of("polygon").length > 0 || undefined} />
        <ProblemList id="plot-polygon-problems" problems={of("polygon")} />
      </div>
      <SubmitButton>{submitLabel}</SubmitButton>
    </Form>
  );
}
