import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { recordAuditEvent } from "~/platform/audit.server.ts";
import { db } from "~/platform/database/db.server.ts";
import { FocusSector, Origin, type TargetMetric } from "~/platform/database/generated/prisma/enums.ts";
import { DomainError } from "~/platform/domain-error.ts";
import type { ParkTargets } from "./schemas.ts";

interface TargetRow {
  metric: TargetMetric;
  phase: string | null;
  sector: FocusSector | null;
  origin: Origin | null;
  value: number;
}

/** The park's targets as the form shows them (every phase, with or without a target). */
export async function parkTargetsForm(): Promise<{ phases: { code: string; nameEn: string; nameZhHant: string }[]; values: ParkTargets }> {
  const [phases, rows] = await Promise.all([
    db().phase.findMany({ orderBy: { ordinal: "asc" }, select: { id: true, code: true, nameEn: true, nameZhHant: true } }),
    db().parkTarget.findMany({ select: { metric: true, phaseId: true, sector: true, origin: true, value: true } }),
  ]);
  const find = (metric: TargetMetric, match: { phaseId?: string; sector?: FocusSector; origin?: Origin } = {}) => {
    const row = rows.find((r) => r.metric === metric && r.phaseId === (match.phaseId ?? null) && r.sector === (match.sector ?? null) && r.origin === (match.origin ?? null));
    return row ? Number(row.value) : undefined;
  };
  return {
    phases: phases.map(({ code, nameEn, nameZhHant }) => ({ code, nameEn, nameZhHant })),
    values: {
      grossFloorAreaM2: find("gross_floor_area_m2"),
      phases: phases.map((p) => ({ phase: p.code, grossFloorAreaM2: find("gross_floor_area_m2", { phaseId: p.id }) })),
      sectorShares: Object.fromEntries(Object.values(FocusSector).map((sector) => [sector, find("sector_share_percent", { sector })])),
      originShares: Object.fromEntries(Object.values(Origin).map((origin) => [origin, find("origin_share_percent", { origin })])),
      occupancyPercent: find("occupancy_percent"),
      researchPosts: find("research_posts"),
      investmentHkd: find("investment_hkd"),
    },
  };
}

/** The form's values as target rows: one per figure given. */
function rowsOf(targets: ParkTargets): TargetRow[] {
  const row = (metric: TargetMetric, value: number | undefined, key: Partial<Pick<TargetRow, "phase" | "sector" | "origin">> = {}): TargetRow[] =>
    value === undefined ? [] : [{ metric, phase: key.phase ?? null, sector: key.sector ?? null, origin: key.origin ?? null, value }];
  return [
    ...row("gross_floor_area_m2", targets.grossFloorAreaM2),
    ...targets.phases.flatMap((p) => row("gross_floor_area_m2", p.grossFloorAreaM2, { phase: p.phase })),
    ...Object.values(FocusSector).flatMap((sector) => row("sector_share_percent", targets.sectorShares[sector], { sector })),
    ...Object.values(Origin).flatMap((origin) => row("origin_share_percent", targets.originShares[origin], { origin })),
    ...row("occupancy_percent", targets.occupancyPercent),
    ...row("research_posts", targets.researchPosts),
    ...row("investment_hkd", targets.investmentHkd),
  ];
}

/**
 * Sets the park's targets to the form's values (a blank figure removes its target), audited with
 * what they were and what they became. Administrators only.
 */
export async function updateParkTargets(admin: CurrentUser, targets: ParkTargets): Promise<void> {
  if (!admin.roles.includes("administrator")) throw new DomainError("portfolio.errors.notAdministrator", "forbidden");
  await db().$transaction(async (tx) => {
    const phases = await tx.phase.findMany({ select: { id: true, code: true } });
    const phaseId = new Map(phases.map((p) => [p.code, p.id]));
    const rows = rowsOf(targets);
    if (rows.some((r) => r.phase !== null && !phaseId.has(r.phase))) throw new DomainError("portfolio.errors.unknownPhase", "invalid");
    const before = await tx.parkTarget.findMany({ select: { metric: true, sector: true, origin: true, value: true, phase: { select: { code: true } } } });
    await tx.parkTarget.deleteMany({});
    await tx.parkTarget.createMany({
      data: rows.map((r) => ({ metric: r.metric, phaseId: r.phase ? phaseId.get(r.phase)! : null, sector: r.sector, origin: r.origin, value: r.value, updatedById: admin.id })),
    });
    await recordAuditEvent(tx, {
      actorId: admin.id,
      action: "park_target.updated",
      subjectType: "park",
      subjectId: "targets",
      data: {
        before: before.map((t) => ({ metric: t.metric, phase: t.phase?.code ?? null, sector: t.sector, origin: t.origin, value: Number(t.value) })),
        after: rows,
      },
    });
  });
}
