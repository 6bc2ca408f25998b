import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { unstable_createMemoryUploadHandler, unstable_parseMultipartFormData, data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FileInput } from "~/platform/ui/file-input.tsx";
import { Code } from "~/platform/ui/code.tsx";
import { DataTable } from "~/platform/ui/data-table.tsx";
import { requirePermission } from "~/web/require.server.ts";
import { SubmitButton } from "~/platform/ui/forms.tsx";
import { useSquareMetres } from "~/plots/components/plot-facts.tsx";
import { PlotForm } from "~/plots/components/plot-form.tsx";
import { ErrorSummary } from "~/platform/ui/error-summary.tsx";
import { ProblemList } from "~/platform/ui/problem-list.tsx";
import { fieldErrorsOf, problemsOf, type Problem } from "~/platform/ui/problems.ts";
import { useReleaseTitle } from "~/releases/components/release-summary.tsx";
import { SitePlan } from "~/plots/components/site-plan.tsx";
import { readForm } from "~/web/forms.server.ts";
import { pageTitle } from "~/web/meta.ts";
import { importPlots, type ImportOutcome } from "~/plots/import.server.ts";
import { createPlot } from "~/plots/inventory.server.ts";
import { drawSitePlan, listInventory } from "~/plots/plots.server.ts";
import { plotFieldsSchema } from "~/plots/schemas.ts";
import { listPhases } from "~/releases/releases.server.ts";

export const meta: MetaFunction = (args) => pageTitle(args, "inventory.title");

const MAX_IMPORT_BYTES = 2_000_000;

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "inventory:manage");
  const [plots, sitePlan, phases] = await Promise.all([listInventory(), drawSitePlan(), listPhases()]);
  return { plots, sitePlan, phases };
}

type ActionResult =
  | { intent: "create"; result: SubmissionResult<Problem[]> }
  | { intent: "import"; outcome: ImportOutcome; file?: { name: string; text: string } };

/** The import file: at most 2 MB, text (no NUL bytes); its content decides whether it is CSV or GeoJSON. */
async function readUpload(request: Request) {
  try {
    const form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_IMPORT_BYTES }));
    const file = form.get("file");
    if (file instanceof File && file.size > 0) {
      const text = await file.text();
      return text.includes("\u0000") ? { problem: "inventory.errors.fileType" } : { name: file.name, text };
    }
    return { problem: "inventory.errors.noFile" };
  } catch {
    return { problem: "inventory.errors.fileTooBig" };
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "inventory:manage");
  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    const upload = await readUpload(request);
    if ("problem" in upload) {
      return data<ActionResult>({ intent: "import", outcome: { status: "invalid-file", problem: { field: "row", key: upload.problem! } } }, { status: 400 });
    }
    const outcome = await importPlots(admin, { name: upload.name, text: upload.text }, false);
    return data<ActionResult>({ intent: "import", outcome, file: outcome.status === "preview" && outcome.valid ? upload : undefined }, { status: outcome.status === "preview" && outcome.valid ? 200 : 400 });
  }
  const form = await readForm(request);
  if (form.get("intent") === "import") {
    const file = { name: String(form.get("name") ?? "").slice(0, 200), text: String(form.get("text") ?? "").slice(0, MAX_IMPORT_BYTES) };
    // Everything is checked again: the preview the browser sent back proves nothing.
    const outcome = await importPlots(admin, file, true);
    if (outcome.status === "imported") return redirect(`/admin/plots?imported=${outcome.codes.length}`);
    return data<ActionResult>({ intent: "import", outcome }, { status: 400 });
  }
  const submission = parseWithZod(form, { schema: plotFieldsSchema, formatError: problemsOf });
  if (submission.status !== "success") return data<ActionResult>({ intent: "create", result: submission.reply() }, { status: 400 });
  const outcome = await createPlot(admin, submission.value);
  if (outcome.status === "saved") return redirect(`/admin/plots/${outcome.code}?saved=1`);
  return data<ActionResult>({ intent: "create", result: submission.reply({ fieldErrors: fieldErrorsOf(outcome.problems) }) }, { status: 400 });
}

export default function PlotInventory() {
  const { t } = useTranslation();
  const { plots, sitePlan, phases } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const squareMetres = useSquareMetres();
  const { phaseName } = useReleaseTitle();
  const phaseOptions = phases.map((p) => ({ code: p.code, name: phaseName(p) }));
  const created = result?.intent === "create" ? result : undefined;
  const imported = result?.intent === "import" ? result : undefined;
  return (
    <div className="space-y-10">
      <section>
        <h1 className="text-3xl font-semibold">{t("inventory.title")}</h1>
        <div className="mt-4">
          <SitePlan title={t("releases.sitePlanAll")} plan={sitePlan} linkTo={(code) => `/admin/plots/${code}`} />
        </div>
      </section>
      <section aria-labelledby="plots-heading">
        <h2 id="plots-heading" className="text-2xl font-semibold">{t("inventory.plots")}</h2>
        <div className="mt-3">
<DataTable label={t("inventory.plots")} columns={[{ label: t("plot.code") }, { label: t("plot.phase") }, { label: t("plot.siteArea"), numeric: true }, { label: t("plot.maxGfa"), numeric: true }, { label: t("plot.permittedUses") }, { label: t("plot.state") }]}>
              {plots.map((plot) => (
                <tr key={plot.code} className="border-b border-slate-200">
                  <td className="p-2"><Link to={`/admin/plots/${plot.code}`} className="text-park-700 underline"><Code mono>{plot.code}</Code></Link></td>
                  <td className="p-2">{plot.phase.code}</td>
                  <td className="p-2 text-right">{squareMetres(plot.siteAreaM2)}</td>
                  <td className="p-2 text-right">{squareMetres(plot.maxGfaM2)}</td>
                  <td className="p-2">{plot.permittedUses.map((u) => t(`use.${u}`)).join(t("format.listSeparator"))}</td>
                  <td className="p-2">{t(`plotState.${plot.state}`)}</td>
                </tr>
              ))}
            </DataTable>
</div>
      </section>
      <section aria-labelledby="new-heading" className="max-w-2xl space-y-4">
        <h2 id="new-heading" className="text-2xl font-semibold">{t("inventory.newPlot")}</h2>
        <PlotForm lastResult={created?.result} phases={phaseOptions} submitLabel={t("inventory.create")} />
      </section>
      <section aria-labelledby="import-heading" className="max-w-3xl space-y-4">
        <h2 id="import-heading" className="text-2xl font-semibold">{t("inventory.import")}</h2>
        <p className="text-sm">{t("inventory.importHint")}</p>
        <ErrorSummary items={imported?.outcome.status === "invalid-file" ? [{ target: "import-file", message: imported.outcome.problem }] : undefined} />
        <Form method="post" encType="multipart/form-data" noValidate className="flex flex-wrap items-end gap-3">
          <div>
            <label htmlFor="import-file" className="block font-medium">{t("inventory.file")}</label>
            <FileInput id="import-file" name="file" accept=".csv,.geojson,.json,text/csv,application/geo+json,application/json" />
          </div>
          <SubmitButton>{t("inventory.check")}</SubmitButton>
        </Form>
        {imported?.outcome.status === "preview" ? (
          <div className="space-y-3">
            <p role={imported.outcome.valid ? "status" : "alert"}>
              {imported.outcome.valid ? t("inventory.previewValid", { count: imported.outcome.rows.length }) : t("inventory.previewInvalid")}
            </p>
            <table className="w-full border-collapse text-left text-sm">
              <thead>
                <tr className="border-b-2 border-slate-400">
                  <th scope="col" className="p-2">{t("inventory.line")}</th>
                  <th scope="col" className="p-2">{t("plot.code")}</th>
                  <th scope="col" className="p-2">{t("inventory.check")}</th>
                </tr>
              </thead>
              <tbody>
                {imported.outcome.rows.map((row) => (
                  <tr key={row.line} className="border-b border-slate-200">
                    <td className="p-2">{row.line}</td>
                    <td className="p-2"><Code mono>{row.code}</Code></td>
                    <td className="p-2">{row.problems.length ? <ProblemList problems={row.problems} /> : t("inventory.rowOk")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {imported.file ? (
              <Form method="post">
                <input type="hidden" name="intent" value="import" />
                <input type="hidden" name="name" value={imported.file.name} />
                <textarea name="text" defaultValue={imported.file.text} hidden readOnly aria-hidden="true" />
                <SubmitButton>{t("inventory.importNow", { count: imported.outcome.rows.length })}</SubmitButton>
              </Form>
            ) : null}
          </div>
        ) : null}
      </section>
    </div>
  );
}
