import { beforeAll, describe, expect, it } from "vitest";
import { parkPortfolio } from "~/portfolio/portfolio.server.ts";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";

const db = withTestDatabase();

beforeAll(async () => {
  await seedDemoPark(db());
});

/**
 * What applies to each development, computed by the database alone: the latest approved variation
 * of a subject, else the original promise; the latest verified report's figures.
 */
const CURRENT = `
  WITH latest AS (
    SELECT DISTINCT ON (v."developmentId", v.subject, v."milestoneKind") v."developmentId", v.subject, v."milestoneKind", v."toValue"
    FROM "Variation" v WHERE v.state = 'approved'
    ORDER BY v."developmentId", v.subject, v."milestoneKind", v."decidedAt" DESC
  ), verified AS (
    SELECT DISTINCT ON (r."developmentId") r.* FROM "ProgressReport" r WHERE r.state = 'verified' ORDER BY r."developmentId", r."dueOn" DESC
  )
  SELECT d.id, p.code AS plot, ph.code AS phase, o.id AS organisation, o.origin::text AS origin,
    COALESCE((SELECT (l."toValue" #>> '{}')::int FROM latest l WHERE l."developmentId" = d.id AND l.subject = 'gross_floor_area'), d."promisedGfaM2") AS gfa,
    COALESCE((SELECT ARRAY(SELECT jsonb_array_elements_text(l."toValue")) FROM latest l WHERE l."developmentId" = d.id AND l.subject = 'sectors'), d."promisedSectors"::text[]) AS sectors,
    COALESCE((SELECT (l."toValue" #>> '{}')::numeric FROM latest l WHERE l."developmentId" = d.id AND l.subject = 'investment'), d."promisedInvestmentHkd") AS investment,
    COALESCE((SELECT (l."toValue" #>> '{}')::int FROM latest l WHERE l."developmentId" = d.id AND l.subject = 'research_posts'), d."promisedResearchPosts", 0) AS research,
    COALESCE((SELECT (l."toValue" #>> '{}')::int FROM latest l WHERE l."developmentId" = d.id AND l.subject = 'graduate_places'), d."promisedGraduatePlaces", 0) AS graduates,
    COALESCE(vr."investmentSpentHkd", 0) AS spent, COALESCE(vr."researchPostsFilled", 0) AS filled, COALESCE(vr."graduatePlacesFilled", 0) AS placed,
    COALESCE(vr."gfaCompletedM2", 0) AS completed, COALESCE(vr."gfaLetM2", 0) AS let
  FROM "Development" d JOIN "Plot" p ON p.id = d."plotId" JOIN "Phase" ph ON ph.id = p."phaseId" JOIN "Organisation" o ON o.id = d."organisationId"
  LEFT JOIN verified vr ON vr."developmentId" = d.id`;

interface Current {
  plot: string;
  phase: string;
  organisation: string;
  origin: string;
  gfa: number;
  sectors: string[];
  investment: string;
  research: number;
  graduates: number;
  spent: bigint;
  filled: number;
  placed: number;
  completed: number;
  let: number;
}

describe("the park's portfolio", () => {
  it("equals an independent computation over the demo park's data", async () => {
    const portfolio = await parkPortfolio();
    const current = await db().$queryRawUnsafe<Current[]>(CURRENT);
    expect(current).toHaveLength(4);

    const plotCounts = await db().$queryRaw<{ phase: string; state: string; count: bigint }[]>`
      SELECT ph.code AS phase, p.state::text AS state, count(*) AS count FROM "Plot" p JOIN "Phase" ph ON ph.id = p."phaseId" WHERE p.state <> 'withdrawn' GROUP BY 1, 2`;
    for (const phase of portfolio.phases) {
      for (const [state, count] of Object.entries(phase.plots)) {
        expect(count, `${phase.code} ${state}`).toBe(Number(plotCounts.find((c) => c.phase === phase.code && c.state === state)?.count ?? 0));
      }
      const mine = current.filter((c) => c.phase === phase.code);
      expect(phase.awardedGfaM2).toBe(mine.reduce((s, c) => s + c.gfa, 0));
      expect(phase.completedGfaM2).toBe(mine.reduce((s, c) => s + c.completed, 0));
      const pipeline = await db().$queryRaw<{ code: string; maxGfaM2: number }[]>`
        SELECT p.code, p."maxGfaM2" FROM "Plot" p JOIN "Phase" ph ON ph.id = p."phaseId" WHERE ph.code = ${phase.code} AND p.state = 'inventory' ORDER BY p.code`;
      expect(phase.pipeline).toEqual(pipeline);
      const [target] = await db().$queryRaw<{ value: string }[]>`
        SELECT t.value::text FROM "ParkTarget" t JOIN "Phase" ph ON ph.id = t."phaseId" WHERE ph.code = ${phase.code} AND t.metric = 'gross_floor_area_m2'`;
      expect(phase.targetGfaM2).toBe(Number(target!.value));
    }

    // Floor area by sector: each development's area split evenly over its sectors.
    const sectors = await db().$queryRawUnsafe<{ sector: string; gfa: number }[]>(
      `SELECT s.sector, sum(c.gfa::float8 / cardinality(c.sectors)) AS gfa FROM (${CURRENT}) c, unnest(c.sectors) AS s(sector) GROUP BY s.sector`,
    );
    const awarded = current.reduce((s, c) => s + c.gfa, 0);
    for (const s of sectors) {
      const shown = portfolio.sectors.find((p) => p.sector === s.sector)!;
      expect(shown.gfaM2).toBe(Math.round(s.gfa));
      expect(shown.percent).toBeCloseTo((s.gfa / awarded) * 100, 1);
    }
    const origins = await db().$queryRawUnsafe<{ origin: string; awardees: bigint }[]>(`SELECT origin, count(DISTINCT organisation) AS awardees FROM (${CURRENT}) c GROUP BY origin`);
    for (const o of portfolio.origins) expect(o.awardees, o.origin).toBe(Number(origins.find((r) => r.origin === o.origin)?.awardees ?? 0));

    const [totals] = await db().$queryRawUnsafe<{ investment: string; spent: string; research: bigint; filled: bigint; graduates: bigint; placed: bigint; completed: bigint; let: bigint }[]>(
      `SELECT sum(investment)::text AS investment, sum(spent)::text AS spent, sum(research) AS research, sum(filled) AS filled, sum(graduates) AS graduates, sum(placed) AS placed, sum(completed) AS completed, sum(let) AS let FROM (${CURRENT}) c`,
    );
    expect(portfolio.delivery.investmentHkd).toMatchObject({ promised: Number(totals!.investment), delivered: Number(totals!.spent) });
    expect(portfolio.delivery.researchPosts).toMatchObject({ promised: Number(totals!.research), delivered: Number(totals!.filled) });
    expect(portfolio.delivery.graduatePlaces).toEqual({ promised: Number(totals!.graduates), delivered: Number(totals!.placed) });
    expect(portfolio.occupancy).toMatchObject({ completedM2: Number(totals!.completed), letM2: Number(totals!.let) });

    // Milestones by the date that applies (a varied one where approved) and the park's calendar day by the database's clock.
    const statuses = await db().$queryRaw<{ status: string; count: bigint }[]>`
      WITH due AS (
        SELECT m.*, COALESCE((SELECT (v."toValue" #>> '{}')::date FROM "Variation" v WHERE v."developmentId" = m."developmentId" AND v.state = 'approved'
          AND v.subject = 'milestone' AND v."milestoneKind" = m.kind ORDER BY v."decidedAt" DESC LIMIT 1), m."promisedBy") AS "dueBy"
        FROM "DevelopmentMilestone" m
      )
      SELECT CASE WHEN "reachedOn" IS NOT NULL AND "reachedOn" <= "dueBy" THEN 'reached_on_time'
                  WHEN "reachedOn" IS NOT NULL THEN 'reached_late'
                  WHEN "dueBy" < (clock_timestamp() AT TIME ZONE 'Asia/Hong_Kong')::date THEN 'overdue'
                  ELSE 'due' END AS status, count(*) AS count
      FROM due GROUP BY 1`;
    expect(portfolio.milestones).toEqual(Object.fromEntries(["reached_on_time", "reached_late", "overdue", "due"].map((s) => [s, Number(statuses.find((r) => r.status === s)?.count ?? 0)])));
  });

  it("tells the demo's story: one development on track, one late with a variation, one overdue, one completed", async () => {
    const portfolio = await parkPortfolio();
    const byPlot = Object.fromEntries(portfolio.developments.map((d) => [d.plot, d]));
    expect(byPlot["1W-01"]).toMatchObject({ overdueMilestones: [], lastReportMissing: false, milestones: { reached_on_time: 2, reached_late: 0, overdue: 0 } });
    expect(byPlot["1W-02"]).toMatchObject({ overdueMilestones: [], lastReportMissing: false, milestones: { reached_late: 1, overdue: 0 } });
    expect(byPlot["1W-03"]).toMatchObject({ overdueMilestones: ["construction_start"], lastReportMissing: true });
    expect(byPlot["1W-05"]).toMatchObject({ overdueMilestones: [], milestones: { reached_on_time: 4 } });
    expect(byPlot["1W-05"]!.completedGfaM2).toBe(byPlot["1W-05"]!.gfaM2);
    expect(portfolio.park.plots).toMatchObject({ under_construction: 1, completed: 1, awarded: 2 });
    expect(portfolio.park.targetGfaM2).toBe(1_200_000);
    expect(portfolio.occupancy.targetPercent).toBe(90);
    expect(portfolio.origins.find((o) => o.origin === "overseas")).toMatchObject({ awardees: 2, percent: 50, targetPercent: 25 });
    // The late development's approved variation moved construction start: its original date has passed, the varied one has not.
    const varied = await db().variation.findFirstOrThrow({ where: { development: { plot: { code: "1W-02" } } } });
    expect(varied).toMatchObject({ state: "approved", subject: "milestone", milestoneKind: "construction_start" });
    expect(varied.reasonEn.length).toBeGreaterThan(20);
    expect(varied.reasonZhHant).toMatch(/[\u4e00-\u9fff]/);
  });

  it("copies each development's promises from the winning sealed version", async () => {
    const developments = await db().development.findMany({ include: { award: { include: { proposal: { include: { currentVersion: true } } } } } });
    for (const d of developments) {
      const version = d.award.proposal.currentVersion!;
      expect(d.proposalVersionId).toBe(version.id);
      const sealed = version.sealedPackage as { technical: { grossFloorAreaM2: number; intendedSectors: string[] }; financial: { investmentCommitmentHkd: string } };
      expect(d.promisedGfaM2).toBe(sealed.technical.grossFloorAreaM2);
      expect([...d.promisedSectors].sort()).toEqual(sealed.technical.intendedSectors);
      expect(d.promisedInvestmentHkd).toBe(BigInt(sealed.financial.investmentCommitmentHkd));
    }
  });
});
