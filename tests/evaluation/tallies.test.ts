import { beforeAll, describe, expect, it } from "vitest";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";

const db = withTestDatabase();

beforeAll(async () => {
  await seedDemoPark(db());
});

describe("criterion tallies (what the ranking reads)", () => {
  it("sum exactly the submitted scores, kept by the database as evaluators submit", async () => {
    const expected = await db().$queryRaw<{ proposalId: string; criterionId: string; sum: number; count: number }[]>`
      SELECT s."proposalId", s."criterionId", SUM(s.score)::int AS sum, COUNT(*)::int AS count
      FROM "Score" s JOIN "ScoreSubmission" sub ON sub."proposalId" = s."proposalId" AND sub."evaluatorId" = s."evaluatorId"
      GROUP BY s."proposalId", s."criterionId" ORDER BY 1, 2`;
    const tallies = await db().criterionTally.findMany({ orderBy: [{ proposalId: "asc" }, { criterionId: "asc" }] });
    expect(expected.length).toBeGreaterThan(0);
    expect(tallies.map(({ proposalId, criterionId, sum, count }) => ({ proposalId, criterionId, sum, count }))).toEqual(expected);
  });

  it("cannot drift: a submitted score can be neither changed nor deleted", async () => {
    const submitted = await db().scoreSubmission.findFirstOrThrow();
    const score = await db().score.findFirstOrThrow({ where: { proposalId: submitted.proposalId, evaluatorId: submitted.evaluatorId } });
    const key = { proposalId_evaluatorId_criterionId: { proposalId: score.proposalId, evaluatorId: score.evaluatorId, criterionId: score.criterionId } };
    await expect(db().score.update({ where: key, data: { score: score.score === 0 ? 1 : 0 } })).rejects.toThrow(/locked/);
    await expect(db().score.delete({ where: key })).rejects.toThrow(/locked/);
  });
});
