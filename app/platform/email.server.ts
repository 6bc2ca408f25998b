import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type * as Nodemailer from "nodemailer";
import type { Transporter } from "nodemailer";
import type { PgBoss } from "pg-boss";
import { db } from "./database/db.server.ts";
import { Prisma } from "./database/generated/prisma/client.ts";
import { isLanguage, translator, type Language } from "./i18n/i18n.ts";
import { logger } from "./logger.server.ts";

export const DELIVER_EMAIL = "email.deliver";
export const SWEEP_OUTBOX = "email.sweep";
/** After this many failed attempts an email is marked failed and left for an administrator. */
export const MAX_ATTEMPTS = 8;
const CLAIM_MINUTES = 5;

export type EmailTemplate = "verifyEmail" | "accountExists" | "resetPassword" | "organisationInvitation" | "staffInvitation" | "clarificationAnswered" | "releaseCancelled" | "plotWithdrawn" | "addendumIssued" | "proposalSubmitted" | "proposalWithdrawn" | "evaluationOutcome" | "challengeLodged" | "challengeDecided" | "progressReportVerified" | "progressReportQueried" | "progressReportDue" | "progressReportMissed" | "milestoneOverdue" | "variationDecided";

export interface EmailRequest {
  to: string;
  template: EmailTemplate;
  language: string;
  /** Values for the template; `link` is the action the email asks for. */
  params: Record<string, string>;
  /** The same key never produces a second email (also the Message-ID). */
  idempotencyKey: string;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** Link secrets (43 base64url characters after `token=` or `/invitations/`) replaced by an ellipsis. */
export function redactSecrets(text: string): string {
  return text.replace(/(token=|\/invitations\/)[A-Za-z0-9_-]{43}/g, "$1…");
}

/** Subject, plain text and HTML of a template in the recipient's language, from the catalogs. */
export function renderEmail(template: EmailTemplate, language: Language, params: Record<string, string>) {
  const t = translator(language);
  const key = (part: string) => `email.${template}.${part}`;
  const subject = t(key("subject"), params);
  // A paragraph that is only a value left empty (one that applies to some recipients only) is left out.
  const paragraphs = (t(key("body"), { ...params, returnObjects: true }) as unknown as string[]).map(String).filter((p) => p.trim() !== "");
  const action = t(key("action"), params);
  const footer = t("email.footer");
  const text = [...paragraphs, "", `${action}${t("format.colon")}${params.link}`, "", "--", footer].join("\n");
  const html = [
    `<!doctype html><html lang="${language}"><body style="font-family:sans-serif;line-height:1.5;color:#0f172a">`,
    ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    `<p><a href="${escapeHtml(params.link ?? "")}" style="background:#0b5d4b;color:#ffffff;padding:8px 16px;border-radius:4px;text-decoration:none">${escapeHtml(action)}</a></p>`,
    `<p style="font-size:13px;color:#334155">${escapeHtml(params.link ?? "")}</p>`,
    `<hr><p style="font-size:13px;color:#334155">${escapeHtml(footer)}</p></body></html>`,
  ].join("\n");
  return { subject, text, html };
}

/**
 * Writes an email to the outbox inside the caller's transaction: it exists exactly when the change
 * that causes it is committed. The worker sends it (see deliverEmail); call `nudgeOutbox` after
 * the commit to send at once rather than at the next sweep.
 */
export async function queueEmail(tx: Prisma.TransactionClient, email: EmailRequest): Promise<string> {
  const row = await tx.outboxEmail.upsert({ where: { idempotencyKey: email.idempotencyKey }, create: outboxRow(email), update: {}, select: { id: true } });
  return row.id;
}

/**
 * Several emails to the outbox in one statement, as `queueEmail` does each. Returns the ids of the
 * emails queued now: one whose idempotency key was queued before is left as it is (whoever queued
 * it nudged it, or the sweep finds it).
 */
export async function queueEmails(tx: Prisma.TransactionClient, emails: EmailRequest[]): Promise<string[]> {
  if (emails.length === 0) return [];
  const rows = await tx.$queryRaw<{ id: string }[]>(outboxInsert(emails));
  return rows.map((row) => row.id);
}

/**
 * The insert of `queueEmails` as a statement of its own or one part of a larger one (a
 * data-modifying `WITH`); it returns the ids of the emails queued now.
 */
export function outboxInsert(emails: EmailRequest[]): Prisma.Sql {
  return Prisma.sql`INSERT INTO "OutboxEmail" (id, "idempotencyKey", "toAddress", template, subject, text, html)
    SELECT gen_random_uuid(), e."idempotencyKey", e."toAddress", e.template, e.subject, e.text, e.html
    FROM jsonb_to_recordset(${JSON.stringify(emails.map(outboxRow))}::jsonb)
      AS e("idempotencyKey" text, "toAddress" text, template text, subject text, text text, html text)
    ON CONFLICT ("idempotencyKey") DO NOTHING
    RETURNING id`;
}

/** The outbox row of an email, rendered in the recipient's language. */
function outboxRow(email: EmailRequest) {
  const language = isLanguage(email.language) ? email.language : "en";
  return { idempotencyKey: email.idempotencyKey, toAddress: email.to, template: email.template, ...renderEmail(email.template, language, email.params) };
}

/**
 * Nudges arriving this close together reach the job queue in one insert. At a deadline hundreds of
 * receipts a second are queued, each insert is a statement on the portal's one busy thread, and an
 * email a tenth of a second later is no worse (docs/performance.md, "Issue 17, session 9").
 */
const NUDGE_WINDOW_MS = 100;
const waitingNudges = new Map<PgBoss, string[]>();

/**
 * Asks a worker to send these outbox emails soon (within NUDGE_WINDOW_MS). Nobody waits for it, and
 * losing a nudge (an error, the process stopping) loses nothing: the sweep finds the emails.
 */
export function nudgeOutbox(boss: PgBoss | undefined, outboxIds: string[]): void {
  if (!boss || outboxIds.length === 0) return;
  const waiting = waitingNudges.get(boss);
  if (waiting) {
    waiting.push(...outboxIds);
    return;
  }
  waitingNudges.set(boss, [...outboxIds]);
  setTimeout(() => {
    const ids = waitingNudges.get(boss) ?? [];
    waitingNudges.delete(boss);
    boss.insert(DELIVER_EMAIL, ids.map((outboxId) => ({ data: { outboxId } }))).catch((error: unknown) => {
      logger.warn({ err: error, emails: ids.length }, "could not enqueue email delivery; the outbox sweep will send them");
    });
  }, NUDGE_WINDOW_MS).unref();
}

export interface MailTransport {
  send(message: { from: string; to: string; subject: string; text: string; html: string; messageId: string }): Promise<void>;
  describe(): string;
}

/** nodemailer loads with the first email, not at start-up (0.1 s of it: docs/performance.md). */
let nodemailerLoading: Promise<typeof Nodemailer> | undefined;
async function createTransport(options: Parameters<typeof Nodemailer.createTransport>[0]): Promise<Transporter> {
  nodemailerLoading ??= import("nodemailer");
  return (await nodemailerLoading).createTransport(options);
}

/** SMTP when configured; otherwise each email becomes an .eml file in `outboxDir`. */
export function createMailTransport(options: { smtpUrl?: string; outboxDir: string }): MailTransport {
  const { smtpUrl } = options;
  if (smtpUrl) {
    let transporter: Promise<Transporter> | undefined;
    return {
      describe: () => "SMTP",
      async send(message) {
        transporter ??= createTransport(smtpUrl);
        await (await transporter).sendMail(message);
      },
    };
  }
  let streamer: Promise<Transporter> | undefined;
  return {
    describe: () => `files in ${options.outboxDir}`,
    async send(message) {
      streamer ??= createTransport({ streamTransport: true, buffer: true, newline: "unix" });
      const info = await (await streamer).sendMail(message);
      await mkdir(options.outboxDir, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, "-")}-${message.messageId.replace(/[^A-Za-z0-9-]/g, "")}.eml`;
      await writeFile(path.join(options.outboxDir, name), info.message as Buffer);
    },
  };
}

export type DeliveryOutcome = "sent" | "skipped";

/**
 * Sends one outbox email, at most once. A claim (a short lease in the row) keeps two workers from
 * sending the same email; a sent email is never sent again. A failure is recorded and rethrown so
 * the queue retries it with backoff.
 */
export async function deliverEmail(outboxId: string, transport: MailTransport, from: string): Promise<DeliveryOutcome> {
  const claimed = await db().$queryRaw<{ id: string; toAddress: string; subject: string; text: string; html: string; idempotencyKey: string; attempts: number }[]>`
    UPDATE "OutboxEmail"
       SET "claimedUntil" = now() + make_interval(mins => ${CLAIM_MINUTES}), attempts = attempts + 1
     WHERE id = ${outboxId}::uuid AND state = 'pending' AND ("claimedUntil" IS NULL OR "claimedUntil" < now())
    RETURNING id, "toAddress", subject, text, html, "idempotencyKey", attempts`;
  const email = claimed[0];
  if (!email) return "skipped";
  try {
    await transport.send({
      from,
      to: email.toAddress,
      subject: email.subject,
      text: email.text,
      html: email.html,
      messageId: `<${email.idempotencyKey}@plot-tender-portal>`,
    });
  } catch (error) {
    const failed = email.attempts >= MAX_ATTEMPTS;
    await db().outboxEmail.update({
      where: { id: email.id },
      data: {
        claimedUntil: null,
        lastError: String((error as Error).message ?? error).slice(0, 1_000),
        ...(failed ? { state: "failed", text: redactSecrets(email.text), html: redactSecrets(email.html) } : {}),
      },
    });
    logger.warn({ outboxId, attempts: email.attempts, failed }, "email delivery failed");
    if (failed) return "skipped";
    throw error;
  }
  // Once sent, the links' secrets have no business in the database: only their digests stay.
  await db().outboxEmail.update({
    where: { id: email.id },
    data: { state: "sent", sentAt: new Date(), claimedUntil: null, lastError: null, text: redactSecrets(email.text), html: redactSecrets(email.html) },
  });
  logger.info({ outboxId, template: email.idempotencyKey.split(":")[0] }, "email sent");
  return "sent";
}

const SEALED_TEMPLATES: readonly string[] = ["proposalSubmitted", "proposalWithdrawn"] satisfies EmailTemplate[];
const RELEASE_AUDIENCE_TEMPLATES: readonly string[] = ["addendumIssued", "clarificationAnswered", "releaseCancelled", "plotWithdrawn"] satisfies EmailTemplate[];

/**
 * The last emails and their delivery state, never their bodies: those carry single-use links that
 * would let an administrator act as the recipient (a proposer's account opens sealed proposals).
 * Emails about a proposal (receipts, withdrawals) are not listed. An email to a release's audience
 * (addenda, answers, cancellations, withdrawn plots) is one line, however many received it, with
 * no recipient and no count: that audience includes the members of organisations preparing
 * proposals, and who bids, or how many, is sealed from the staff too. Such a line is sent once all
 * its copies are, pending while any is on its way, failed if any could not be delivered.
 */
export async function outboxForStaff(take = 100) {
  const [individual, broadcasts] = await Promise.all([
    db().outboxEmail.findMany({
      where: { template: { notIn: [...SEALED_TEMPLATES, ...RELEASE_AUDIENCE_TEMPLATES] } },
      orderBy: { createdAt: "desc" },
      take,
      select: { id: true, toAddress: true, subject: true, state: true, createdAt: true, lastError: true },
    }),
    // The copies of one broadcast share their idempotency key but for the recipient at its end.
    db().$queryRaw<{ broadcast: string; template: string; createdAt: Date; state: "pending" | "sent" | "failed" }[]>`
      SELECT regexp_replace("idempotencyKey", ':[^:]*$', '') AS broadcast, min(template) AS template, min("createdAt") AS "createdAt",
        CASE WHEN bool_or(state = 'failed') THEN 'failed' WHEN bool_or(state = 'pending') THEN 'pending' ELSE 'sent' END AS state
      FROM "OutboxEmail" WHERE template = ANY(${[...RELEASE_AUDIENCE_TEMPLATES]})
      GROUP BY 1 ORDER BY 3 DESC LIMIT ${take}`,
  ]);
  const lines = [
    ...individual.map((email) => ({ ...email, broadcast: null })),
    ...broadcasts.map(({ broadcast, template, createdAt, state }) => ({
      id: broadcast,
      toAddress: null,
      subject: null,
      state,
      createdAt,
      lastError: null,
      broadcast: template as EmailTemplate,
    })),
  ];
  return lines.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()).slice(0, take);
}

/** Pending emails nobody is working on and nobody nudged (e.g. the process died right after commit). */
export async function strandedEmails(olderThanSeconds: number): Promise<string[]> {
  const rows = await db().outboxEmail.findMany({
    where: {
      state: "pending",
      createdAt: { lt: new Date(Date.now() - olderThanSeconds * 1_000) },
      OR: [{ claimedUntil: null }, { claimedUntil: { lt: new Date() } }],
    },
    select: { id: true },
    orderBy: { createdAt: "asc" },
    take: 500,
  });
  return rows.map((r) => r.id);
}

/**
 * Registers the email workers on the queue: delivery with retries and exponential backoff, and a
 * sweep every minute that re-sends whatever is pending and unclaimed.
 */
export async function startEmailWorkers(
  boss: PgBoss,
  options: { transport: MailTransport; from: string; retryDelaySeconds?: number; sweepAfterSeconds?: number },
): Promise<void> {
  await boss.createQueue(DELIVER_EMAIL, {
    retryLimit: MAX_ATTEMPTS,
    retryDelay: options.retryDelaySeconds ?? 30,
    retryBackoff: true,
    retryDelayMax: 3_600,
  });
  await boss.createQueue(SWEEP_OUTBOX, { policy: "singleton" });
  await boss.work<{ outboxId: string }>(DELIVER_EMAIL, { pollingIntervalSeconds: 1 }, async ([job]) => {
    if (job) await deliverEmail(job.data.outboxId, options.transport, options.from);
  });
  await boss.work(SWEEP_OUTBOX, async () => {
    nudgeOutbox(boss, await strandedEmails(options.sweepAfterSeconds ?? 60));
  });
  await boss.schedule(SWEEP_OUTBOX, "* * * * *");
}
