import { data, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FileInput } from "~/platform/ui/file-input.tsx";
import { ParkTime } from "~/platform/ui/deadline.tsx";
import { ErrorSummary, FieldErrors } from "~/platform/ui/error-summary.tsx";
import { Honeypot } from "~/platform/ui/forms.tsx";
import { readForm } from "~/web/forms.server.ts";
import { pageTitle } from "~/web/meta.ts";
import { receiptRecorded } from "~/receipts/records.server.ts";
import { checkRateLimits, RATE_LIMITS } from "~/platform/rate-limit.server.ts";
import { knownPortalKeys } from "~/platform/portal-key.server.ts";
import { checkReceipt } from "~/receipts/signing.server.ts";

export const meta: MetaFunction = (args) => pageTitle(args, "receipts.verifyTitle");

/** A receipt file is about 1 KiB: anything much larger is not one, and is not read. */
const MAX_RECEIPT_BYTES = 64 * 1024;

/**
 * The receipt as sent: the chosen file if there is one, else the pasted text; "too large" past
 * the limit (the form is not read further); "bot" when the honeypot was filled.
 */
async function receivedReceipt(request: Request): Promise<string | "too large" | "bot"> {
  const form = await readForm(request, 2 * MAX_RECEIPT_BYTES).catch((error: unknown) => {
    if (error instanceof Response && error.status === 413) return null;
    throw error;
  });
  if (!form) return "too large";
  if (form.get("website")) return "bot";
  const file = form.get("receiptFile");
  if (file instanceof Blob && file.size > MAX_RECEIPT_BYTES) return "too large";
  return file instanceof Blob && file.size > 0 ? await file.text() : String(form.get("receipt") ?? "");
}

/**
 * Anyone pastes a receipt or chooses the downloaded file: the page says whether the portal signed it and nothing in it changed,
 * and whether the portal holds that submission. It tells nothing a receipt does not already say.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const received = await receivedReceipt(request);
  if (received === "too large") return data({ text: "", verdict: "tooLarge" as const }, { status: 413 });
  if (received === "bot") return data({ text: "", verdict: "unreadable" as const }, { status: 400 });
  const text = received.slice(0, 10_000);
  if (!text.trim()) return data({ text, verdict: "empty" as const }, { status: 400 });
  const limited = await checkRateLimits([[RATE_LIMITS.receiptCheckByIp, context.clientIp]]);
  if (!limited.allowed) return data({ text, verdict: "tooMany" as const }, { status: 429, headers: { "Retry-After": String(limited.retryAfter) } });
  const check = checkReceipt(text.trim(), await knownPortalKeys());
  if (!check.genuine) return data({ text, verdict: check.reason }, { status: 200 });
  const recorded = await receiptRecorded(check.receipt);
  return { text, verdict: recorded.recorded ? ("genuine" as const) : ("notRecorded" as const), receipt: check.receipt, counts: recorded.counts };
}

export default function VerifyReceipt() {
  const { t } = useTranslation();
  const result = useActionData<typeof action>();
  const good = result?.verdict === "genuine";
  const empty = result?.verdict === "empty";
  return (
    <div className="max-w-3xl space-y-6">
      <h1 className="text-3xl font-semibold">{t("receipts.verifyTitle")}</h1>
      <p>{t("receipts.verifyIntro")}</p>
      <p>
        <a href="/receipts/public-key" className="text-park-700 underline">{t("receipts.publicKey")}</a>
      </p>
      <Form method="post" encType="multipart/form-data" noValidate className="space-y-3">
        <ErrorSummary items={empty ? [{ target: "receipt", message: "errors.enterReceipt" }] : undefined} />
        <Honeypot />
        <label htmlFor="receiptFile" className="block font-medium">{t("proposalJourney.verify.file")}</label>
        <p id="receiptFile-hint" className="text-sm text-slate-700">{t("proposalJourney.verify.fileHint")}</p>
        <FileInput id="receiptFile" name="receiptFile" accept=".json,.txt,application/json,text/plain" aria-describedby="receiptFile-hint" />
        <label htmlFor="receipt" className="block font-medium">{t("receipts.paste")}</label>
        <textarea id="receipt" name="receipt" rows={12} defaultValue={result?.text ?? ""} aria-invalid={empty || undefined} aria-describedby={empty ? "receipt-error" : undefined} className="w-full rounded border border-slate-500 px-3 py-2 font-mono text-sm" />
        <FieldErrors id="receipt-error" errors={empty ? ["errors.enterReceipt"] : undefined} />
        <button type="submit" className="rounded bg-park-700 px-4 py-2 font-medium text-white hover:bg-park-800">{t("receipts.verify")}</button>
      </Form>
      {result && !empty ? (
        <div role="status" className={`rounded border p-4 ${good ? "border-park-700 bg-park-50" : "border-red-700 bg-red-50 text-red-900"}`}>
          <p className="font-semibold">{result.verdict === "tooLarge" ? t("proposalJourney.verify.tooLarge", { size: MAX_RECEIPT_BYTES / 1024 }) : result.verdict === "unknownCanonicalization" ? t("chair.receiptCanonicalization.unknown") : t(`receipts.verdict.${result.verdict}`)}</p>
          {"receipt" in result && result.receipt && good ? (
            <p>
              {t("receipts.genuineDetail", { number: result.receipt.receiptNumber, release: result.receipt.release, plot: result.receipt.plot, organisation: result.receipt.organisation })}{" "}
              <ParkTime date={new Date(result.receipt.receivedAt)} />. {result.counts === null ? t("receipts.countsAfterDeadline") : result.counts ? t("receipts.stillCounts") : t("receipts.noLongerCounts")}
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
