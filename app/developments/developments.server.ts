import { can } from "~/accounts/permissions.ts";
import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { recordAuditEvent, type AuditEntry } from "~/platform/audit.server.ts";
import { db } from "~/platform/database/db.server.ts";
import type { FocusSector, MilestoneKind } from "~/platform/database/generated/prisma/enums.ts";
import { serverNow, type Tx } from "~/platform/database/transactions.server.ts";
import { parkCalendarDay } from "~/platform/time.ts";
import type { SealedPackage } from "~/proposals/sealing.server.ts";
import { currentPromises, milestoneStatus, MILESTONE_KINDS, type OriginalPromises } from "./promises.ts";

/** Which sealed milestone field holds each programme milestone's date. */
const SEALED_MILESTONE: Record<MilestoneKind, "designApprovalBy" | "constructionStartBy" | "toppingOutBy" | "completionBy" | "openingBy"> = {
  design_approval: "designApprovalBy",
  construction_start: "constructionStartBy",
  topping_out: "toppingOutBy",
  completion: "completionBy",
  opening: "openingBy",
};

/**
 * The promises a sealed package makes: what the receipt's digest covers, never the editable draft.
 * A package sealed in a release without structured commitments promises no research posts, graduate
 * places or milestone dates (nulls, no milestones).
 */
export function promisesOfSealed(sealed: SealedPackage): OriginalPromises {
  const commitments = sealed.technical.commitments;
  return {
    promisedGfaM2: sealed.technical.grossFloorAreaM2 ?? 0,
    promisedSectors: sealed.technical.intendedSectors as FocusSector[],
    promisedInvestmentHkd: BigInt(sealed.financial.investmentCommitmentHkd ?? "0"),
    promisedResearchPosts: commitments?.researchPosts ?? null,
    promisedGraduatePlaces: commitments?.graduatePlaces ?? null,
    milestones: commitments
      ? MILESTONE_KINDS.flatMap((kind) => {
          const day = commitments[SEALED_MILESTONE[kind]];
          return day ? [{ kind, promisedBy: new Date(`${day}T00:00:00.000Z`) }] : [];
        })
      : [],
  };
}

/**
 * The first reporting date: the last day of the first full calendar quarter after the award became
 * final (in the park's calendar). An award final on 10 Feb 2027 (mid-Q1) first reports on 30 Jun
 * 2027, after a whole quarter of work; one final on 1 Apr 2027 also waits for the next whole quarter
 * (30 Sep 2027), because the day it became final is already partly gone.
 */
export function firstReportDue(finalAt: Date): Date {
  const day = parkCalendarDay(finalAt);
  const quarterStartMonth = Math.floor(day.getUTCMonth() / 3) * 3;
  // Day 0 of a month is the last day of the month before: the end of the quarter after this one.
  return new Date(Date.UTC(day.getUTCFullYear(), quarterStartMonth + 6, 0));
}

/** The audit entry of a development record made from an award made final (also written by the demo seed's replay). */
export const developmentCreatedEntry = (
  development: { id: string; awardId: string; firstReportDue: Date },
  award: { release: string; plot: string },
  version: { id: string; receiptNumber: string },
  promises: OriginalPromises,
): AuditEntry => ({
  actorId: null,
  action: "development.created",
  subjectType: "development",
  subjectId: development.id,
  data: {
    awardId: development.awardId,
    release: award.release,
    plot: award.plot,
    proposalVersionId: version.id,
    receiptNumber: version.receiptNumber,
    promisedGfaM2: promises.promisedGfaM2,
    promisedSectors: promises.promisedSectors,
    promisedInvestmentHkd: String(promises.promisedInvestmentHkd),
    promisedResearchPosts: promises.promisedResearchPosts,
    promisedGraduatePlaces: promises.promisedGraduatePlaces,
    milestones: promises.milestones.map((m) => ({ kind: m.kind, promisedBy: m.promisedBy.toISOString().slice(0, 10) })),
    firstReportDue: development.firstReportDue.toISOString().slice(0, 10),
  },
});

/**
 * The development record of an award that has just become final, in the caller's transaction (the
 * one that makes it final): the promises of the version that won, as sealed, and the audit entry.
 */
export async function createDevelopment(tx: Tx, award: { id: string; plotId: string; proposalId: string; release: { code: string }; plot: { code: string } }, finalAt: Date) {
  const proposal = await tx.proposal.findUniqueOrThrow({ where: { id: award.proposalId }, include: { currentVersion: true } });
  // An award is made to a submitted proposal; the version that counts is the one the panel opened.
  const version = proposal.currentVersion!;
  const promises = promisesOfSealed(version.sealedPackage as SealedPackage);
  const development = await tx.development.create({
    data: {
      awardId: award.id,
      plotId: award.plotId,
      organisationId: proposal.organisationId,
      proposalVersionId: version.id,
      promisedGfaM2: promises.promisedGfaM2,
      promisedSectors: promises.promisedSectors,
      promisedInvestmentHkd: promises.promisedInvestmentHkd,
      promisedResearchPosts: promises.promisedResearchPosts,
      promisedGraduatePlaces: promises.promisedGraduatePlaces,
      firstReportDue: firstReportDue(finalAt),
      createdAt: finalAt,
      milestones: { create: promises.milestones },
    },
  });
  await recordAuditEvent(tx, developmentCreatedEntry(development, { release: award.release.code, plot: award.plot.code }, version, promises));
  return development;
}

/** Whether the person may see this organisation's records: its members (acting for it) and administrators. */
const mayRead = (user: CurrentUser, organisationId: string) =>
  can(user.roles, "developments:manage") || (user.organisation?.id === organisationId && can(user.roles, "development:read"));

/** Whether the person may ask for a variation of this organisation's promises: its owners and submitters, and administrators. */
export const mayRequestVariation = (user: CurrentUser, organisationId: string) =>
  can(user.roles, "developments:manage") || (user.organisation?.id === organisationId && can(user.roles, "variation:request"));

const recordInclude = {
  plot: { select: { code: true } },
  award: { select: { finalAt: true, release: { select: { code: true, titleEn: true, titleZhHant: true } } } },
  organisation: { select: { id: true, name: true } },
  milestones: true,
  variations: { orderBy: { requestedAt: "asc" } },
} as const;

type RecordRow = NonNullable<Awaited<ReturnType<typeof findRecord>>>;

function findRecord(id: string) {
  return db().development.findUnique({ where: { id }, include: recordInclude });
}

function originalOf(row: { promisedGfaM2: number; promisedSectors: FocusSector[]; promisedInvestmentHkd: bigint; promisedResearchPosts: number | null; promisedGraduatePlaces: number | null; milestones: { kind: MilestoneKind; promisedBy: Date }[] }): OriginalPromises {
  return {
    promisedGfaM2: row.promisedGfaM2,
    promisedSectors: row.promisedSectors,
    promisedInvestmentHkd: row.promisedInvestmentHkd,
    promisedResearchPosts: row.promisedResearchPosts,
    promisedGraduatePlaces: row.promisedGraduatePlaces,
    milestones: row.milestones.map((m) => ({ kind: m.kind, promisedBy: m.promisedBy })),
  };
}

/** What a record page shows: the original promises, those that apply now, each milestone's status, every variation. */
async function recordView(row: RecordRow, user: CurrentUser) {
  const today = await parkToday();
  const approved = row.variations.filter((v) => v.state === "approved");
  const now = currentPromises(originalOf(row), approved);
  const people = await db().user.findMany({ where: { id: { in: row.variations.flatMap((v) => [v.requestedById, v.decidedById ?? v.requestedById]) } }, select: { id: true, name: true } });
  const nameOf = (id: string | null) => people.find((p) => p.id === id)?.name ?? null;
  return {
    id: row.id,
    plot: row.plot.code,
    release: row.award.release,
    organisation: row.organisation,
    finalAt: row.award.finalAt,
    firstReportDue: row.firstReportDue,
    reportingIntervalMonths: row.reportingIntervalMonths,
    original: {
      gfaM2: row.promisedGfaM2,
      sectors: row.promisedSectors,
      investmentHkd: String(row.promisedInvestmentHkd),
      researchPosts: row.promisedResearchPosts,
      graduatePlaces: row.promisedGraduatePlaces,
    },
    now: { gfaM2: now.gfaM2, sectors: now.sectors, investmentHkd: String(now.investmentHkd), researchPosts: now.researchPosts, graduatePlaces: now.graduatePlaces },
    milestones: now.milestones.map((m) => {
      const reachedOn = row.milestones.find((r) => r.kind === m.kind)?.reachedOn ?? null;
      return { kind: m.kind, promisedBy: m.promisedBy, dueBy: m.dueBy, varied: m.varied, reachedOn, status: milestoneStatus({ dueBy: m.dueBy, reachedOn }, today) };
    }),
    variations: row.variations.map((v) => ({
      id: v.id,
      subject: v.subject,
      milestoneKind: v.milestoneKind,
      fromValue: v.fromValue as string | number | string[],
      toValue: v.toValue as string | number | string[],
      reasonEn: v.reasonEn,
      reasonZhHant: v.reasonZhHant,
      requestedBy: nameOf(v.requestedById),
      requestedAt: v.requestedAt,
      state: v.state,
      decidedBy: nameOf(v.decidedById),
      decidedAt: v.decidedAt,
      decisionNoteEn: v.decisionNoteEn,
      decisionNoteZhHant: v.decisionNoteZhHant,
    })),
    mayRequestVariation: mayRequestVariation(user, row.organisationId),
  };
}

export type DevelopmentRecord = Awaited<ReturnType<typeof recordView>>;

/** A development record as its organisation's members and administrators see it; null (not found) for anyone else. */
export async function developmentForViewer(user: CurrentUser, id: string): Promise<DevelopmentRecord | null> {
  const row = await findRecord(id);
  if (!row || !mayRead(user, row.organisationId)) return null;
  return recordView(row, user);
}

/** One line per record: the plot, its release, the promised floor area, overdue milestones and variations waiting or approved. */
async function listRecords(where: { organisationId?: string }) {
  const today = await parkToday();
  const rows = await db().development.findMany({
    where,
    include: { ...recordInclude, organisation: { select: { id: true, name: true } } },
    orderBy: [{ plot: { code: "asc" } }],
  });
  return rows.map((row) => {
    const approved = row.variations.filter((v) => v.state === "approved");
    const now = currentPromises(originalOf(row), approved);
    const overdue = now.milestones.filter((m) => milestoneStatus({ dueBy: m.dueBy, reachedOn: row.milestones.find((r) => r.kind === m.kind)?.reachedOn ?? null }, today) === "overdue").length;
    const next = now.milestones.find((m) => !row.milestones.find((r) => r.kind === m.kind)?.reachedOn) ?? null;
    return {
      id: row.id,
      plot: row.plot.code,
      release: row.award.release,
      organisation: row.organisation.name,
      gfaM2: now.gfaM2,
      nextMilestone: next ? { kind: next.kind, dueBy: next.dueBy } : null,
      overdue,
      variationsRequested: row.variations.filter((v) => v.state === "requested").length,
      variationsApproved: approved.length,
    };
  });
}

/** The development records of the organisation the person acts for. */
export function ownDevelopments(user: CurrentUser) {
  if (!user.organisation || !can(user.roles, "development:read")) return Promise.resolve([]);
  return listRecords({ organisationId: user.organisation.id });
}

/** Every development record, for administrators. */
export function allDevelopments() {
  return listRecords({});
}

/** The database's calendar day in the park, for pages that compare dates with it. */
export async function parkToday(): Promise<Date> {
  return parkCalendarDay(await db().$transaction((tx) => serverNow(tx)));
}
