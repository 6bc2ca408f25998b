import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { action as login } from "~/routes/login.tsx";
import { action as verifyReceipt } from "~/routes/receipts.verify.tsx";
import { FORM_BODY_LIMIT, readForm } from "~/web/forms.server.ts";
import { withTestDatabase } from "../support/database.ts";
import { testContext } from "../support/routes.ts";

withTestDatabase();

const CHUNK = 64 * 1024;

/**
 * A form POST of `totalBytes` (urlencoded: "a=aaaa…") made chunk by chunk as it is read, with no
 * Content-Length, so the test sees how much of it the portal pulled.
 */
function hugeForm(totalBytes: number, contentLength?: number) {
  let pulled = 0;
  const chunk = new TextEncoder().encode("a".repeat(CHUNK));
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode("a="));
    },
    pull(controller) {
      if (pulled >= totalBytes) return controller.close();
      pulled += chunk.length;
      controller.enqueue(chunk);
    },
  });
  const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded" };
  if (contentLength !== undefined) headers["Content-Length"] = String(contentLength);
  const request = new Request("http://portal.test/form", { method: "POST", body, headers, duplex: "half" } as RequestInit);
  return { request, pulled: () => pulled };
}

const statusOf = async (run: () => Promise<unknown>) => {
  try {
    const result = await run();
    return result instanceof Response ? result.status : ((result as { init?: { status?: number } }).init?.status ?? 200);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
};

describe("a form's body is limited before it is parsed", () => {
  it("stops reading a body without Content-Length as soon as it passes the limit (413)", async () => {
    const { request, pulled } = hugeForm(200 * 1024 * 1024);
    expect(await statusOf(() => readForm(request))).toBe(413);
    // It read at most the limit and the chunk that crossed it, not the 200 MB.
    expect(pulled()).toBeLessThanOrEqual(FORM_BODY_LIMIT + 2 * CHUNK);
  });

  it("refuses a body whose Content-Length is over the limit without reading any of it", async () => {
    const { request, pulled } = hugeForm(200 * 1024 * 1024, 200 * 1024 * 1024);
    expect(await statusOf(() => readForm(request))).toBe(413);
    expect(pulled()).toBe(0);
  });

  it("reads a form within the limit as before", async () => {
    const form = await readForm(new Request("http://portal.test/form", { method: "POST", body: new URLSearchParams({ name: "Harbour BioLabs" }) }));
    expect(form.get("name")).toBe("Harbour BioLabs");
  });

  it("answers 413 on the sign-in and receipt check forms, which anyone may post to", async () => {
    for (const action of [login, verifyReceipt]) {
      const { request, pulled } = hugeForm(200 * 1024 * 1024);
      expect(await statusOf(() => Promise.resolve(action({ request, params: {}, context: testContext })))).toBe(413);
      expect(pulled()).toBeLessThanOrEqual(FORM_BODY_LIMIT + 2 * CHUNK);
    }
  });

  it("is how every route reads its form: no route parses a body by itself", () => {
    const routes = path.resolve(import.meta.dirname, "../../app/routes");
    const direct = readdirSync(routes, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
      .map((e) => path.join(e.parentPath, e.name))
      .filter((file) => /request\.(formData|text|json|arrayBuffer|blob)\(\)/.test(readFileSync(file, "utf8")));
    expect(direct.map((file) => path.relative(routes, file))).toEqual([]);
  });
});
