import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { recordAuditEvent, type AuditEntry } from "~/platform/audit.server.ts";
import { getConfig } from "~/platform/config.server.ts";
import { db } from "~/platform/database/db.server.ts";
import type { Prisma } from "~/platform/database/generated/prisma/client.ts";
import type { MilestoneKind, VariationSubject } from "~/platform/database/generated/prisma/enums.ts";
import { serverNow } from "~/platform/database/transactions.server.ts";
import { DomainError } from "~/platform/domain-error.ts";
import { nudgeOutbox, queueEmails } from "~/platform/email.server.ts";
import { intlLocale, languageOrDefault, pick, translator } from "~/platform/i18n/i18n.ts";
import { optionalJobQueue } from "~/platform/jobs.server.ts";
import { mayRequestVariation } from "./developments.server.ts";
import { promiseValueText, variationSubjectText } from "./promise-values.ts";
import { currentPromises, keepsProgrammeInOrder, type CurrentPromises } from "./promises.ts";
import type { VariationDecision, VariationRequest } from "./schemas.ts";

/** The value a promise has now (original, or as an approved variation set it), stored like a variation's value. */
function valueNow(now: CurrentPromises, subject: VariationRequest["subject"], milestoneKind: VariationRequest["milestoneKind"]): number | string | string[] | null {
  switch (subject) {
    case "gross_floor_area":
      return now.gfaM2;
    case "sectors":
      return [...now.sectors].sort();
    case "investment":
      return String(now.investmentHkd);
    case "research_posts":
      return now.researchPosts;
    case "graduate_places":
      return now.graduatePlaces;
    case "milestone": {
      const milestone = now.milestones.find((m) => m.kind === milestoneKind);
      return milestone ? milestone.dueBy.toISOString().slice(0, 10) : null;
    }
  }
}

/** Locks a development record for the rest of the transaction: requests and decisions on it take turns. */
async function lockDevelopment(tx: Prisma.TransactionClient, id: string) {
  await tx.$queryRaw`SELECT id FROM "Development" WHERE id = ${id}::uuid FOR UPDATE`;
  return tx.development.findUnique({ where: { id }, include: { milestones: true, variations: true, plot: true } });
}

type LockedDevelopment = NonNullable<Awaited<ReturnType<typeof lockDevelopment>>>;

/** The promises that apply now: the original ones as the approved variations changed them. */
const promisesNow = (development: LockedDevelopment) =>
  currentPromises(
    { ...development, milestones: development.milestones.map((m) => ({ kind: m.kind, promisedBy: m.promisedBy })) },
    development.variations.filter((v) => v.state === "approved"),
  );

/** The audit entries of a variation asked for and of its decision (also written by the demo seed's replay). */
export const variationRequestedEntry = (
  actorId: string,
  developmentId: string,
  asked: VariationRequest & { variationId: string; plot: string; fromValue: unknown },
): AuditEntry => ({
  actorId,
  action: "variation.requested",
  subjectType: "development",
  subjectId: developmentId,
  data: { variationId: asked.variationId, plot: asked.plot, subject: asked.subject, milestoneKind: asked.milestoneKind, fromValue: asked.fromValue, toValue: asked.toValue, reasonEn: asked.reasonEn, reasonZhHant: asked.reasonZhHant },
});
export const variationDecidedEntry = (
  adminId: string,
  developmentId: string,
  variation: { variationId: string; plot: string; subject: VariationSubject; milestoneKind: MilestoneKind | null; fromValue: unknown; toValue: unknown },
  decision: VariationDecision,
): AuditEntry => ({
  actorId: adminId,
  action: "variation.decided",
  subjectType: "development",
  subjectId: developmentId,
  data: { variationId: variation.variationId, plot: variation.plot, subject: variation.subject, milestoneKind: variation.milestoneKind, decision: decision.decision, fromValue: variation.fromValue, toValue: variation.toValue, noteEn: decision.noteEn, noteZhHant: decision.noteZhHant },
});

/**
 * Asks for a change of one promise, with the reason in English and Chinese. The promise itself does
 * not change: the request waits for an administrator's decision. One request per promise at a time,
 * a value that differs from the one that applies now, and a milestone's date that keeps the
 * programme in order.
 */
export async function requestVariation(user: CurrentUser, developmentId: string, input: VariationRequest): Promise<string> {
  return db().$transaction(async (tx) => {
    const development = await lockDevelopment(tx, developmentId);
    // Someone who may not see the record is told it does not exist.
    if (!development || !(user.organisation?.id === development.organisationId || user.roles.includes("administrator"))) throw new DomainError("developments.errors.notFound", "not-found");
    if (!mayRequestVariation(user, development.organisationId)) throw new DomainError("variations.errors.mayNotRequest", "forbidden");
    if (input.subject === "milestone" && !development.milestones.some((m) => m.kind === input.milestoneKind)) throw new DomainError("variations.errors.noSuchMilestone", "invalid");
    if ((input.subject === "research_posts" || input.subject === "graduate_places") && development[input.subject === "research_posts" ? "promisedResearchPosts" : "promisedGraduatePlaces"] === null) {
      throw new DomainError("variations.errors.notPromised", "invalid");
    }
    const open = development.variations.some((v) => v.state === "requested" && v.subject === input.subject && v.milestoneKind === input.milestoneKind);
    if (open) throw new DomainError("variations.errors.alreadyRequested");
    const now = promisesNow(development);
    if (input.subject === "milestone" && !keepsProgrammeInOrder(now, input.milestoneKind!, input.toValue as string)) {
      throw new DomainError("variations.errors.milestoneOrder", "invalid");
    }
    const fromValue = valueNow(now, input.subject, input.milestoneKind);
    if (JSON.stringify(fromValue) === JSON.stringify(input.toValue)) throw new DomainError("variations.errors.sameValue", "invalid");
    const requestedAt = await serverNow(tx);
    const variation = await tx.variation.create({
      data: {
        developmentId,
        subject: input.subject,
        milestoneKind: input.milestoneKind,
        fromValue: fromValue as Prisma.InputJsonValue,
        toValue: input.toValue,
        reasonEn: input.reasonEn,
        reasonZhHant: input.reasonZhHant,
        requestedById: user.id,
        requestedAt,
      },
    });
    await recordAuditEvent(tx, variationRequestedEntry(user.id, developmentId, { variationId: variation.id, plot: development.plot.code, fromValue, ...input }));
    return variation.id;
  });
}

/** A variation with what its decision page states: the record's plot and organisation, and who asked. */
export async function variationForDecision(developmentId: string, variationId: string) {
  const variation = await db().variation.findFirst({
    where: { id: variationId, developmentId },
    include: { development: { include: { plot: { select: { code: true } }, organisation: { select: { name: true } } } } },
  });
  if (!variation) return null;
  const requester = await db().user.findUnique({ where: { id: variation.requestedById }, select: { name: true } });
  return {
    id: variation.id,
    developmentId,
    plot: variation.development.plot.code,
    organisation: variation.development.organisation.name,
    subject: variation.subject,
    milestoneKind: variation.milestoneKind,
    fromValue: variation.fromValue as string | number | string[] | null,
    toValue: variation.toValue as string | number | string[],
    reasonEn: variation.reasonEn,
    reasonZhHant: variation.reasonZhHant,
    requestedBy: requester?.name ?? null,
    requestedAt: variation.requestedAt,
    state: variation.state,
  };
}

/**
 * An administrator approves or refuses a requested variation, once. Approving never touches the
 * original promise: the approved variation is what `currentPromises` applies. The awarded
 * organisation's owners and submitters are emailed the decision, each in their language.
 */
export async function decideVariation(admin: CurrentUser, developmentId: string, variationId: string, input: VariationDecision) {
  if (!admin.roles.includes("administrator")) throw new DomainError("variations.errors.mayNotDecide", "forbidden");
  const emailIds = await db().$transaction(async (tx) => {
    const development = await lockDevelopment(tx, developmentId);
    const variation = development?.variations.find((v) => v.id === variationId);
    if (!development || !variation) throw new DomainError("variations.errors.notFound", "not-found");
    if (variation.state !== "requested") throw new DomainError("variations.errors.alreadyDecided");
    // Other changes of the programme may have been approved since this one was asked for.
    if (input.decision === "approved" && variation.subject === "milestone") {
      const now = promisesNow(development);
      if (!keepsProgrammeInOrder(now, variation.milestoneKind!, String(variation.toValue))) throw new DomainError("variations.errors.milestoneOrderNow");
    }
    const decidedAt = await serverNow(tx);
    await tx.variation.update({ where: { id: variationId }, data: { state: input.decision, decidedById: admin.id, decidedAt, decisionNoteEn: input.noteEn || null, decisionNoteZhHant: input.noteZhHant || null } });
    await recordAuditEvent(tx, variationDecidedEntry(admin.id, developmentId, { variationId, plot: development.plot.code, ...variation }, input));
    const awardee = await tx.membership.findMany({ where: { organisationId: development.organisationId, role: { in: ["owner", "submitter"] } }, include: { user: { select: { id: true, email: true, locale: true } } } });
    // One statement for every member's email (queries of one transaction are not sent side by side).
    return queueEmails(
      tx,
      awardee.map(({ user }) => {
        const language = languageOrDefault(user.locale);
        const t = translator(language);
        const value = (v: unknown) => promiseValueText(t, intlLocale(language), variation.subject, v);
        return {
          to: user.email,
          template: "variationDecided",
          language,
          params: {
            plot: development.plot.code,
            subject: variationSubjectText(t, variation.subject, variation.milestoneKind),
            from: value(variation.fromValue),
            to: value(variation.toValue),
            decision: t(`variations.state.${input.decision}`),
            note: input.noteEn ? pick(language, { en: input.noteEn, zhHant: input.noteZhHant }) : "",
            link: `${getConfig().PUBLIC_URL}/developments/${developmentId}`,
          },
          idempotencyKey: `variation-decided:${variationId}:${user.id}`,
        };
      }),
    );
  });
  nudgeOutbox(optionalJobQueue(), emailIds);
}
