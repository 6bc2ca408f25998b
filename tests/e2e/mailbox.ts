import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { simpleParser } from "mailparser";

/** Where the portal under test writes its emails (no SMTP server: .eml files, as in a demo). */
export const E2E_OUTBOX_DIR = path.resolve(import.meta.dirname, "../../reports/e2e-outbox");

/** Waits for the newest email to `to` whose subject matches, and returns its subject and plain text. */
export async function emailTo(to: string, subject: RegExp, timeoutMs = 15_000): Promise<{ subject: string; text: string }> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const files = (await readdir(E2E_OUTBOX_DIR).catch(() => [] as string[])).sort().reverse();
    for (const file of files) {
      const mail = await simpleParser(await readFile(path.join(E2E_OUTBOX_DIR, file)));
      const address = mail.to && "text" in mail.to ? mail.to.text : "";
      if (address === to && subject.test(mail.subject ?? "")) return { subject: mail.subject ?? "", text: mail.text ?? "" };
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no email to ${to} matching ${subject}`);
}

/** Waits for the newest email to `to` whose subject matches, and returns its first link. */
export async function linkFromEmail(to: string, subject: RegExp, timeoutMs = 15_000): Promise<string> {
  const { text } = await emailTo(to, subject, timeoutMs);
  return text.match(/https?:\/\/\S+/)![0];
}
