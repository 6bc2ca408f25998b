import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerProposer, verifyEmail } from "~/accounts/accounts.server.ts";
import { createMailTransport, deliverEmail, queueEmail, startEmailWorkers, strandedEmails } from "~/platform/email.server.ts";
import { startJobQueue, stopJobQueue } from "~/platform/jobs.server.ts";
import { withTestDatabase } from "../support/database.ts";
import { startSmtpServer } from "../support/smtp.ts";
import { tokenOf } from "../support/users.ts";
import { until } from "../support/wait.ts";

const db = withTestDatabase();
const FROM = "Portal <no-reply@portal.test>";
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await stopJobQueue();
  await smtp.stop();
});

const queue = (key: string, to = "reader@example.com") =>
  db().$transaction((tx) =>
    queueEmail(tx, { to, template: "resetPassword", language: "en", params: { name: "Reader", link: "https://portal.test/x?token=abc" }, idempotencyKey: key }),
  );

describe("delivery over SMTP", () => {
  it("sends the verification email in the recipient's language with a link that works", async () => {
    await registerProposer({ name: "陳大文", email: "chan@example.com", password: "correct horse battery", language: "zh-Hant" });
    const outbox = await db().outboxEmail.findFirstOrThrow({ where: { toAddress: "chan@example.com" } });
    const transport = createMailTransport({ smtpUrl: smtp.url, outboxDir: "unused" });
    expect(await deliverEmail(outbox.id, transport, FROM)).toBe("sent");
    const mail = smtp.received.at(-1)!;
    expect(mail.subject).toBe("確認您的電郵地址");
    expect(mail.to && "text" in mail.to ? mail.to.text : "").toBe("chan@example.com");
    expect(mail.messageId).toBe(`<${outbox.idempotencyKey}@plot-tender-portal>`);
    expect(mail.text).toContain("陳大文，您好：");
    expect(mail.html).toContain('<html lang="zh-Hant">');
    const link = mail.text!.match(/https?:\/\/\S+/)![0];
    expect(link).toMatch(/^http:\/\/localhost:3000\/verify-email\?token=/);
    expect(await verifyEmail(tokenOf(link))).toMatchObject({ status: "verified" });
    expect(await db().outboxEmail.findUniqueOrThrow({ where: { id: outbox.id } })).toMatchObject({ state: "sent", attempts: 1 });
  });

  it("never sends an email twice, even when asked twice at once", async () => {
    const id = await queue("twice");
    const transport = createMailTransport({ smtpUrl: smtp.url, outboxDir: "unused" });
    const before = smtp.received.length;
    const outcomes = await Promise.all([deliverEmail(id, transport, FROM), deliverEmail(id, transport, FROM)]);
    expect(outcomes.sort()).toEqual(["sent", "skipped"]);
    expect(await deliverEmail(id, transport, FROM)).toBe("skipped");
    expect(smtp.received.length).toBe(before + 1);
  });

  it("keeps the same email once in the outbox for the same idempotency key", async () => {
    const first = await queue("same-key");
    const second = await queue("same-key");
    expect(second).toBe(first);
    expect(await db().outboxEmail.count({ where: { idempotencyKey: "same-key" } })).toBe(1);
  });

  it("records a refusal, keeps the email pending, and sends it once on the retry", async () => {
    const id = await queue("refused-once");
    const transport = createMailTransport({ smtpUrl: smtp.url, outboxDir: "unused" });
    smtp.refuseNext(1);
    const before = smtp.received.length;
    await expect(deliverEmail(id, transport, FROM)).rejects.toThrow(/451/);
    expect(await db().outboxEmail.findUniqueOrThrow({ where: { id } })).toMatchObject({ state: "pending", attempts: 1, claimedUntil: null });
    expect(await deliverEmail(id, transport, FROM)).toBe("sent");
    expect(smtp.received.length).toBe(before + 1);
  });
});

describe("the worker on the job queue", () => {
  let boss: Awaited<ReturnType<typeof startJobQueue>>;
  beforeAll(async () => {
    // Emails left pending by the tests above would be swept too; set them aside.
    await db().outboxEmail.updateMany({ where: { state: "pending" }, data: { state: "failed" } });
    boss = await startJobQueue(process.env.DATABASE_URL!, { poolSize: 2 });
    await startEmailWorkers(boss, { transport: createMailTransport({ smtpUrl: smtp.url, outboxDir: "unused" }), from: FROM, retryDelaySeconds: 1, sweepAfterSeconds: 0 });
  });

  it("retries with backoff until the SMTP server accepts, delivering exactly once; the sweep finds emails nobody enqueued", async () => {

    smtp.refuseNext(1);
    const before = smtp.received.length;
    const retried = await queue("worker-retry", "retry@example.com");
    await boss.send("email.deliver", { outboxId: retried });
    // As if the process died between commit and enqueue: nothing but the outbox row exists.
    const stranded = await queue("worker-stranded", "stranded@example.com");
    expect(await strandedEmails(0)).toContain(stranded);
    await boss.send("email.sweep", {});

    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const sent = await db().outboxEmail.count({ where: { id: { in: [retried, stranded] }, state: "sent" } });
      if (sent === 2) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const rows = await db().outboxEmail.findMany({ where: { id: { in: [retried, stranded] } }, orderBy: { toAddress: "asc" } });
    expect(rows.map((r) => [r.toAddress, r.state, r.attempts])).toEqual([
      ["retry@example.com", "sent", 2],
      ["stranded@example.com", "sent", 1],
    ]);
    const addresses = smtp.received.slice(before).map((m) => (m.to && "text" in m.to ? m.to.text : ""));
    expect(addresses.sort()).toEqual(["retry@example.com", "stranded@example.com"]);
  });

  it("while the SMTP server is down, emails wait in the outbox; when it is back they go out, once", async () => {
    const port = smtp.port;
    await smtp.stop();
    const waiting = await queue("smtp-down", "waiting@example.com");
    await boss.send("email.deliver", { outboxId: waiting });
    await until("a failed attempt", async () => ((await db().outboxEmail.findUniqueOrThrow({ where: { id: waiting } })).attempts ?? 0) >= 2);
    const meanwhile = await db().outboxEmail.findUniqueOrThrow({ where: { id: waiting } });
    expect(meanwhile.state).toBe("pending");
    expect(meanwhile.lastError).toMatch(/ECONNREFUSED/);

    smtp = await startSmtpServer({ port });
    await until("the delivery", async () => (await db().outboxEmail.findUniqueOrThrow({ where: { id: waiting } })).state === "sent");
    // Retries and the sweep have had time to send it again, had they wanted to.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(smtp.received.filter((m) => m.to && "text" in m.to && m.to.text === "waiting@example.com")).toHaveLength(1);
  });
});

describe("without SMTP", () => {
  it("writes each email as an .eml file", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "portal-outbox-"));
    try {
      const id = await queue("to-file", "file@example.com");
      expect(await deliverEmail(id, createMailTransport({ outboxDir: dir }), FROM)).toBe("sent");
      const [file] = await readdir(dir);
      const mail = await simpleParser(await readFile(path.join(dir, file!)));
      expect(mail.subject).toBe("Reset your password");
      expect(mail.text).toContain("https://portal.test/x?token=abc");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
