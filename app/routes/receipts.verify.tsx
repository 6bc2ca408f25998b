import { data, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ParkTime } from "~/platform/ui/deadline.tsx";
import { ErrorSummary, FieldErrors } from "~/platform/ui/error-summary.tsx";
import { Honeypot } from "~/platform/ui/forms.tsx";
import { readForm } from "~/web/forms.server.ts";
import { pageTitle } from "~/web/meta.ts";
import { receiptRecorded } from "~/receipts/records.server.ts";
import { checkRateLimits, RATE_LIMITS } from "~/platform/rate-limit.server.ts";
import { checkReceipt, knownReceiptKeys } from "~/receipts/signing.server.ts";

export const meta: MetaFunction = (args) => pageTitle(args, "receipts.verifyTitle");

/**
 * Anyone pastes a receipt: the page says whether the portal signed it and nothing in it changed,
 * and whether the portal holds that submission. It tells nothing a receipt does not already say.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  if (form.get("website")) return data({ text: "", verdict: "unreadable" as const }, { status: 400 });
  const text = String(form.get("receipt") ?? "").slice(0, 10_000);
  if (!text.trim()) return data({ text, verdict: "empty" as const }, { status: 400 });
  const limited = await checkRateLimits([[RATE_LIMITS.receiptCheckByIp, context.clientIp]]);
  if (!limited.allowed) return data({ text, verdict: "tooMany" as const }, { status: 429, headers: { "Retry-After": String(limited.retryAfter) } });
  const check = checkReceipt(text.trim(), await knownReceiptKeys());
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
      <Form method="post" noValidate className="space-y-3">
        <ErrorSummary items={empty ? [{ target: "receipt", message: "errors.enterReceipt" }] : undefined} />
        <Honeypot />
        <label htmlFor="receipt" className="block font-medium">{t("receipts.paste")}</label>
        <textarea id="receipt" name="receipt" rows={12} defaultValue={result?.text ?? ""} aria-invalid={empty || undefined} aria-describedby={empty ? "receipt-error" : undefined} className="w-full rounded border border-slate-500 px-3 py-2 font-mono text-sm" />
        <FieldErrors id="receipt-error" errors={empty ? ["errors.enterReceipt"] : undefined} />
        <button type="submit" className="rounded bg-park-700 px-4 py-2 font-medium text-white hover:bg-park-800">{t("receipts.verify")}</button>
      </Form>
      {result && !empty ? (
        <div role="status" className={`rounded border p-4 ${good ? "border-park-700 bg-park-50" : "border-red-700 bg-red-50 text-red-900"}`}>
          <p className="font-semibold">{t(`receipts.verdict.${result.verdict}`)}</p>
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
