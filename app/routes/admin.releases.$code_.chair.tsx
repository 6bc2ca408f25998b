import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/web/require.server.ts";
import { ConfirmStep } from "~/platform/ui/confirm-step.tsx";
import { FieldErrors } from "~/platform/ui/error-summary.tsx";
import { chairChangePreview, nameAnotherChair } from "~/evaluation/chair.server.ts";
import { chairChangeSchema } from "~/evaluation/schemas.ts";
import { confirmed, previewOf, releaseOfStep, UNCONFIRMED } from "~/web/confirmation.server.ts";
import { GeneralErrorBoundary } from "~/web/error-boundary.tsx";
import { readForm } from "~/web/forms.server.ts";
import { pageTitle } from "~/web/meta.ts";
import { whenRefused } from "~/web/refusals.server.ts";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, "chair.change.title", { code: args.data?.code });

type Field = "chairId" | "reason";
type Refused = { problems: { key: string; field?: Field }[]; sent?: Record<Field, string> };

/** Naming another chair for a release's panel, on a page that says what it will do. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "panels:manage");
  const code = releaseOfStep(params.code);
  return { code, ...(await previewOf(() => chairChangePreview(code))) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "panels:manage");
  const code = releaseOfStep(params.code);
  const form = await readForm(request);
  const sent = { chairId: String(form.get("chairId") ?? ""), reason: String(form.get("reason") ?? "") };
  if (!confirmed(form)) return data<Refused>({ problems: [{ key: UNCONFIRMED }], sent }, { status: 400 });
  const parsed = chairChangeSchema.safeParse(sent);
  if (!parsed.success) return data<Refused>({ problems: parsed.error.issues.map((i) => ({ key: i.message, field: i.path[0] as Field })), sent }, { status: 400 });
  try {
    await nameAnotherChair(admin, code, parsed.data);
  } catch (error) {
    return whenRefused(error, ({ code: key, status }) => data<Refused>({ problems: [{ key, field: key === "chair.errors.sameChair" || key === "evaluation.errors.notEvaluators" ? "chairId" : undefined }], sent }, { status }));
  }
  return redirect(`/admin/releases/${code}/evaluation?chair=1`);
}

export default function NameAnotherChair() {
  const { t } = useTranslation();
  const { code, preview, refusal } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const problems = result?.problems ?? (refusal ? [{ key: refusal }] : null);
  const errorsOf = (field: Field) => result?.problems.filter((p) => p.field === field).map((p) => p.key);
  const described = (field: Field) => (errorsOf(field)?.length ? { "aria-invalid": true, "aria-describedby": `chair-${field}-error` } : {});
  return (
    <ConfirmStep
      title={t("chair.change.title", { code })}
      confirmLabel={t("chair.change.submit")}
      backTo={`/admin/releases/${code}/evaluation`}
      problems={problems?.map((p) => ({ message: p.key, target: p.field ? `chair-${p.field}` : undefined }))}
      blocked={Boolean(refusal)}
      consequences={
        preview
          ? [
              t("chair.change.current", { name: preview.chair }),
              ...(preview.conflictedPlots.length ? [t("chair.change.conflicts", { plots: preview.conflictedPlots.join(t("format.listSeparator")) })] : []),
              t(preview.opened ? "chair.change.declareOpened" : "chair.change.declareLater"),
              t("chair.change.formerChair", { name: preview.chair }),
              t("chair.change.audit"),
            ]
          : []
      }
    >
      {preview ? (
        <div className="space-y-3">
          <div>
            <label htmlFor="chair-chairId" className="block font-medium">{t("chair.change.newChair")}</label>
            <select id="chair-chairId" name="chairId" defaultValue={result?.sent?.chairId ?? ""} {...described("chairId")} className="max-w-full rounded border border-slate-500 px-3 py-2">
              <option value="">{t("organisations.choose")}</option>
              {preview.candidates.map((c) => <option key={c.id} value={c.id}>{c.name} ({c.email})</option>)}
            </select>
            <FieldErrors id="chair-chairId-error" errors={errorsOf("chairId")?.length ? errorsOf("chairId") : undefined} />
          </div>
          <div>
            <label htmlFor="chair-reason" className="block font-medium">{t("chair.change.reason")}</label>
            <p id="chair-reason-hint" className="text-sm text-slate-700">{t("chair.change.reasonHint")}</p>
            <textarea id="chair-reason" name="reason" rows={3} maxLength={2_000} defaultValue={result?.sent?.reason} {...described("reason")} className="w-full rounded border border-slate-500 px-2 py-1" />
            <FieldErrors id="chair-reason-error" errors={errorsOf("reason")?.length ? errorsOf("reason") : undefined} />
          </div>
        </div>
      ) : null}
    </ConfirmStep>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
