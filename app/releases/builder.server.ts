import type { PgBoss } from "pg-boss";
import { z } from "zod";
import { recordAuditEvent } from "~/platform/audit.server.ts";
import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { getConfig } from "~/platform/config.server.ts";
import { db } from "~/platform/database/db.server.ts";
import type { Prisma } from "~/platform/database/generated/prisma/client.ts";
import { DomainError } from "~/platform/domain-error.ts";
import { releaseCodeSchema } from "./releases.server.ts";
import { logger } from "~/platform/logger.server.ts";
import { storage } from "~/platform/storage/storage.server.ts";
import { CRITERION_ROWS, DOCUMENT_ROWS, FILE_KINDS } from "./defaults.ts";
import { parseHongKongLocal } from "~/platform/time.ts";

/** A problem with a release's conditions: a catalog key, where it applies, and its values. */
export interface ReleaseProblem {
  field: string;
  key: string;
  values?: Record<string, string | number>;
}

const DAY = 86_400_000;
const text = (max: number) => z.string().trim().max(max, { error: "errors.tooLong" });
const required = (max: number) => text(max).min(1, { error: "errors.required" });

export const criterionSchema = z.object({
  nameEn: required(200),
  nameZhHant: required(200),
  descriptionEn: text(2_000).default(""),
  descriptionZhHant: text(2_000).default(""),
  envelope: z.enum(["technical", "financial"]),
  weight: z.coerce.number().int().min(1, { error: "builder.errors.weight" }).max(100, { error: "builder.errors.weight" }),
  maxScore: z.coerce.number().int().min(1, { error: "builder.errors.maxScore" }).max(100, { error: "builder.errors.maxScore" }),
});

export const requiredDocumentSchema = z.object({
  nameEn: required(200),
  nameZhHant: required(200),
  envelope: z.enum(["technical", "financial"]),
  acceptedTypes: z.array(z.enum(FILE_KINDS)).min(1, { error: "errors.chooseAtLeastOne" }),
  maxSizeMb: z.coerce.number().int().min(1, { error: "builder.errors.maxSize" }).max(2_000, { error: "builder.errors.maxSize" }),
  mandatory: z.boolean(),
});

export const releaseConditionsSchema = z.object({
  code: releaseCodeSchema,
  titleEn: required(300),
  titleZhHant: required(300),
  phase: z.string().regex(/^[A-Z0-9]{2,8}$/),
  publicationAt: z.coerce.date(),
  clarificationEndsAt: z.coerce.date(),
  submissionDeadline: z.coerce.date(),
  openingAt: z.coerce.date(),
  eligibilityEn: text(5_000).default(""),
  eligibilityZhHant: text(5_000).default(""),
  passMarkPercent: z.coerce.number().int().min(1, { error: "builder.errors.passMark" }).max(100, { error: "builder.errors.passMark" }),
  plotCodes: z.array(z.string().regex(/^[0-9][A-Z]-[0-9]{2,3}$/)).min(1, { error: "builder.errors.noPlots" }).max(100),
  criteria: z.array(criterionSchema).min(2).max(30),
  requiredDocuments: z.array(requiredDocumentSchema).min(1).max(30),
});
export type ReleaseConditions = z.infer<typeof releaseConditionsSchema>;

/**
 * The rules a release's conditions must meet, whatever else is true: weights add up to 100, both
 * envelopes are evaluated, the timeline is in order and leaves the minimum tender period.
 */
export function timelineAndWeightProblems(conditions: ReleaseConditions, now: Date): ReleaseProblem[] {
  const problems: ReleaseProblem[] = [];
  const total = conditions.criteria.reduce((sum, c) => sum + c.weight, 0);
  if (total !== 100) problems.push({ field: "criteria", key: "builder.errors.weightsTotal", values: { total } });
  for (const envelope of ["technical", "financial"] as const) {
    if (!conditions.criteria.some((c) => c.envelope === envelope)) problems.push({ field: "criteria", key: `builder.errors.no_${envelope}` });
  }
  const { publicationAt, clarificationEndsAt, submissionDeadline, openingAt } = conditions;
  if (submissionDeadline <= now) problems.push({ field: "submissionDeadline", key: "builder.errors.deadlinePast" });
  if (clarificationEndsAt <= publicationAt) problems.push({ field: "clarificationEndsAt", key: "builder.errors.clarificationBeforePublication" });
  if (clarificationEndsAt >= submissionDeadline) problems.push({ field: "clarificationEndsAt", key: "builder.errors.clarificationAfterDeadline" });
  const minDays = getConfig().MIN_TENDER_PERIOD_DAYS;
  if (submissionDeadline.getTime() - publicationAt.getTime() < minDays * DAY) {
    problems.push({ field: "submissionDeadline", key: "builder.errors.tenderPeriod", values: { days: minDays } });
  }
  if (openingAt < submissionDeadline) problems.push({ field: "openingAt", key: "builder.errors.openingBeforeDeadline" });
  if (new Set(conditions.plotCodes).size !== conditions.plotCodes.length) problems.push({ field: "plotCodes", key: "builder.errors.duplicatePlots" });
  return problems;
}

/** Plots that cannot be offered: unknown, outside the phase, not in the inventory, or in another live release. */
async function plotProblems(tx: Prisma.TransactionClient, conditions: ReleaseConditions, releaseId?: string): Promise<ReleaseProblem[]> {
  const plots = await tx.plot.findMany({
    where: { code: { in: conditions.plotCodes } },
    include: {
      phase: { select: { code: true } },
      releases: { where: { releaseId: releaseId ? { not: releaseId } : undefined, withdrawnAt: null, release: { state: { in: ["scheduled", "open", "closed"] } } }, select: { release: { select: { code: true } } } },
    },
  });
  const problems: ReleaseProblem[] = [];
  for (const code of conditions.plotCodes) {
    const plot = plots.find((p) => p.code === code);
    if (!plot) problems.push({ field: "plotCodes", key: "builder.errors.unknownPlot", values: { code } });
    else if (plot.phase.code !== conditions.phase) problems.push({ field: "plotCodes", key: "builder.errors.otherPhase", values: { code } });
    else if (plot.releases[0]) problems.push({ field: "plotCodes", key: "builder.errors.plotInLiveRelease", values: { code, release: plot.releases[0].release.code } });
    else if (plot.state !== "inventory") problems.push({ field: "plotCodes", key: "builder.errors.plotNotInInventory", values: { code } });
  }
  return problems;
}

export type DraftOutcome = { status: "saved"; code: string } | { status: "invalid"; problems: ReleaseProblem[] };

/** Creates a draft release: invisible to the public, changeable until published. */
export async function createDraftRelease(admin: CurrentUser, conditions: ReleaseConditions, now = new Date()): Promise<DraftOutcome> {
  const problems = timelineAndWeightProblems(conditions, now);
  return db().$transaction(async (tx) => {
    const phase = await tx.phase.findUnique({ where: { code: conditions.phase } });
    if (!phase) problems.push({ field: "phase", key: "inventory.errors.unknownPhase", values: { phase: conditions.phase } });
    if (await tx.release.findUnique({ where: { code: conditions.code } })) problems.push({ field: "code", key: "builder.errors.codeTaken", values: { code: conditions.code } });
    problems.push(...(await plotProblems(tx, conditions)));
    if (problems.length > 0 || !phase) return { status: "invalid", problems } as const;
    const plots = await tx.plot.findMany({ where: { code: { in: conditions.plotCodes } }, select: { id: true, code: true } });
    const release = await tx.release.create({
      data: {
        code: conditions.code,
        titleEn: conditions.titleEn,
        titleZhHant: conditions.titleZhHant,
        phaseId: phase.id,
        state: "draft",
        publicationAt: conditions.publicationAt,
        clarificationEndsAt: conditions.clarificationEndsAt,
        submissionDeadline: conditions.submissionDeadline,
        openingAt: conditions.openingAt,
        eligibilityEn: conditions.eligibilityEn,
        eligibilityZhHant: conditions.eligibilityZhHant,
        passMarkPercent: conditions.passMarkPercent,
        plots: { create: conditions.plotCodes.map((code, position) => ({ plotId: plots.find((p) => p.code === code)!.id, position })) },
        criteria: { create: conditions.criteria.map((c, position) => ({ ...c, position })) },
        requiredDocuments: { create: conditions.requiredDocuments.map((d, position) => ({ ...d, position })) },
      },
    });
    await recordAuditEvent(tx, { actorId: admin.id, action: "release.drafted", subjectType: "release", subjectId: release.code, data: { plots: conditions.plotCodes } });
    return { status: "saved", code: release.code } as const;
  });
}

/** Makes a release public in the transaction: its plots leave the inventory; recorded as published. */
async function makePublic(tx: Prisma.TransactionClient, releaseId: string, actorId: string | null, now: Date) {
  const release = await tx.release.findUniqueOrThrow({ where: { id: releaseId }, include: { plots: { where: { withdrawnAt: null }, select: { plotId: true } } } });
  const { count } = await tx.plot.updateMany({ where: { id: { in: release.plots.map((p) => p.plotId) }, state: "inventory" }, data: { state: "in_release" } });
  if (count !== release.plots.length) throw new DomainError("builder.errors.plotsNoLongerAvailable");
  await tx.release.update({ where: { id: releaseId }, data: { state: "open", publishedAt: now } });
  await recordAuditEvent(tx, { actorId, action: "release.published", subjectType: "release", subjectId: release.code, data: { publishedAt: now.toISOString() } });
}

/**
 * Publishes a draft now, or schedules it for its publication time (then the release tick publishes
 * it). The conditions are checked again: time has passed since the draft was saved.
 */
export async function publishRelease(admin: CurrentUser, code: string, when: "now" | "scheduled", now = new Date()): Promise<{ status: "published" | "scheduled" } | { status: "invalid"; problems: ReleaseProblem[] }> {
  return db().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM pg_advisory_xact_lock(4201185202)`;
    const release = await tx.release.findUnique({
      where: { code },
      include: { phase: true, plots: { where: { withdrawnAt: null }, include: { plot: true }, orderBy: { position: "asc" } }, criteria: true, requiredDocuments: true },
    });
    if (!release || release.state !== "draft") throw new DomainError("builder.errors.notDraft");
    const conditions = releaseConditionsSchema.parse({
      ...release,
      phase: release.phase.code,
      plotCodes: release.plots.map((p) => p.plot.code),
    });
    const publicationAt = when === "now" ? now : release.publicationAt;
    const problems = [
      ...timelineAndWeightProblems({ ...conditions, publicationAt }, now),
      ...(await plotProblems(tx, conditions, release.id)),
    ];
    if (when === "scheduled" && release.publicationAt <= now) problems.push({ field: "publicationAt", key: "builder.errors.publicationPast" });
    if (problems.length > 0) return { status: "invalid", problems } as const;
    if (when === "scheduled") {
      await tx.release.update({ where: { id: release.id }, data: { state: "scheduled" } });
      await recordAuditEvent(tx, { actorId: admin.id, action: "release.scheduled", subjectType: "release", subjectId: code, data: { publicationAt: release.publicationAt.toISOString() } });
      return { status: "scheduled" } as const;
    }
    await tx.release.update({ where: { id: release.id }, data: { publicationAt: now } });
    await makePublic(tx, release.id, admin.id, now);
    return { status: "published" } as const;
  });
}

/**
 * What the clock changes: scheduled releases whose time has come are published, open releases past
 * their deadline close. Each change is one guarded UPDATE in its own transaction with its audit
 * entry, so however many instances run the tick, each happens exactly once.
 */
export async function runReleaseClock(now = new Date()): Promise<{ published: string[]; closed: string[] }> {
  const published: string[] = [];
  const closed: string[] = [];
  const due = await db().release.findMany({ where: { state: "scheduled", publicationAt: { lte: now } }, select: { id: true, code: true } });
  for (const release of due) {
    await db()
      .$transaction(async (tx) => {
        // The row lock makes a second instance wait here, then find the release published already.
        const [row] = await tx.$queryRaw<{ state: string }[]>`SELECT state::text FROM "Release" WHERE id = ${release.id}::uuid FOR UPDATE`;
        if (row?.state !== "scheduled") return;
        await makePublic(tx, release.id, null, now);
        published.push(release.code);
      })
      .catch((error: unknown) => {
        // A plot taken meanwhile: the release stays scheduled for an administrator to fix, and the
        // log says so.
        if (!(error instanceof DomainError)) throw error;
        logger.error({ release: release.code, problem: error.code }, "scheduled release could not be published");
      });
  }
  const ending = await db().release.findMany({ where: { state: "open", submissionDeadline: { lte: now } }, select: { id: true, code: true } });
  for (const release of ending) {
    await db().$transaction(async (tx) => {
      const { count } = await tx.release.updateMany({ where: { id: release.id, state: "open", submissionDeadline: { lte: now } }, data: { state: "closed" } });
      if (count !== 1) return;
      await recordAuditEvent(tx, { actorId: null, action: "release.closed", subjectType: "release", subjectId: release.code, data: { at: now.toISOString() } });
      closed.push(release.code);
    });
  }
  return { published, closed };
}

export const RELEASE_CLOCK = "release.clock";

/** The release clock runs every minute on the job queue (one instance at a time: a singleton queue). */
export async function startReleaseClock(boss: PgBoss): Promise<void> {
  await boss.createQueue(RELEASE_CLOCK, { policy: "singleton" });
  await boss.work(RELEASE_CLOCK, async () => {
    await runReleaseClock();
  });
  await boss.schedule(RELEASE_CLOCK, "* * * * *");
}

/** What was typed into the builder, by field name, to show again after a refusal. */
export type BuilderValues = Record<string, string | string[]>;

export function builderValues(form: FormData): BuilderValues {
  const values: BuilderValues = {};
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key).map(String);
    values[key] = key === "plotCodes" || key.endsWith(".acceptedTypes") ? all : all[0]!;
  }
  return values;
}

/**
 * Reads the builder form: times typed in Hong Kong time, rows without a name left out, then the
 * schema. Returns the conditions, or the problems by field.
 */
export function readBuilderForm(values: BuilderValues): { conditions: ReleaseConditions } | { problems: ReleaseProblem[] } {
  const one = (key: string) => {
    const value = values[key];
    return Array.isArray(value) ? (value[0] ?? "") : (value ?? "");
  };
  const problems: ReleaseProblem[] = [];
  const time = (key: string) => {
    const parsed = parseHongKongLocal(one(key));
    if (!parsed) problems.push({ field: key, key: "builder.errors.time" });
    return parsed ?? new Date(0);
  };
  const criteria = Array.from({ length: CRITERION_ROWS }, (_, i) => `criteria.${i}.`)
    .filter((p) => one(`${p}nameEn`) || one(`${p}nameZhHant`))
    .map((p) => ({ nameEn: one(`${p}nameEn`), nameZhHant: one(`${p}nameZhHant`), descriptionEn: one(`${p}descriptionEn`), descriptionZhHant: one(`${p}descriptionZhHant`), envelope: one(`${p}envelope`), weight: one(`${p}weight`), maxScore: one(`${p}maxScore`) }));
  const requiredDocuments = Array.from({ length: DOCUMENT_ROWS }, (_, i) => `documents.${i}.`)
    .filter((p) => one(`${p}nameEn`) || one(`${p}nameZhHant`))
    .map((p) => ({ nameEn: one(`${p}nameEn`), nameZhHant: one(`${p}nameZhHant`), envelope: one(`${p}envelope`), acceptedTypes: values[`${p}acceptedTypes`] ?? [], maxSizeMb: one(`${p}maxSizeMb`), mandatory: one(`${p}mandatory`) === "on" }));
  const candidate = {
    code: one("code").trim().toUpperCase(),
    titleEn: one("titleEn"),
    titleZhHant: one("titleZhHant"),
    phase: one("phase"),
    publicationAt: time("publicationAt"),
    clarificationEndsAt: time("clarificationEndsAt"),
    submissionDeadline: time("submissionDeadline"),
    openingAt: time("openingAt"),
    eligibilityEn: one("eligibilityEn"),
    eligibilityZhHant: one("eligibilityZhHant"),
    passMarkPercent: one("passMarkPercent"),
    plotCodes: Array.isArray(values.plotCodes) ? values.plotCodes : [],
    criteria,
    requiredDocuments,
  };
  const parsed = releaseConditionsSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path[0] === "code" ? "builder.errors.code" : issue.path[0] === "criteria" && issue.path.length === 1 ? "builder.errors.fewCriteria" : issue.path[0] === "requiredDocuments" && issue.path.length === 1 ? "builder.errors.noDocuments" : issue.message;
      problems.push({ field: issue.path.join("."), key: key.includes(".") ? key : "errors.required" });
    }
  }
  if (problems.length > 0 || !parsed.success) return { problems };
  return { conditions: parsed.data };
}

/**
 * Deletes a draft (never a published release: those are cancelled, with a reason). Its tender
 * documents leave storage after the deletion is committed.
 */
export async function deleteDraftRelease(admin: CurrentUser, code: string): Promise<void> {
  const keys = await db().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Release" WHERE code = ${code} FOR UPDATE`;
    const release = await tx.release.findUnique({ where: { code }, include: { documents: { select: { storageKey: true } } } });
    if (!release || release.state !== "draft") throw new DomainError("builder.errors.notDraft");
    await tx.release.delete({ where: { id: release.id } });
    await recordAuditEvent(tx, { actorId: admin.id, action: "release.draft_deleted", subjectType: "release", subjectId: code, data: {} });
    return release.documents.map((d) => d.storageKey);
  });
  await Promise.all(keys.map((key) => storage().delete(key).catch(() => {})));
}
