import { beforeAll, describe, expect, it } from "vitest";
import { updateParkTargets } from "~/portfolio/targets.server.ts";
import { parkPortfolio } from "~/portfolio/portfolio.server.ts";
import { portfolioCsv } from "~/portfolio/portfolio-csv.ts";
import { action as targetsAction, loader as targetsLoader } from "~/routes/admin.portfolio.targets.tsx";
import { loader as csvLoader } from "~/routes/portfolio[.csv].ts";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";
import { actionArgs, loaderArgs, routeOutcome } from "../support/routes.ts";
import { currentUserFor, sessionCookieFor } from "../support/users.ts";

const db = withTestDatabase();

beforeAll(async () => {
  await seedDemoPark(db());
});

/** The form as the page sends it: the loader's values, typed as a person would, with `changes`. */
async function targetsForm(cookie: string, changes: Record<string, string>) {
  const { values } = (await targetsLoader(loaderArgs("/admin/portfolio/targets", {}, { Cookie: cookie }))) as Awaited<ReturnType<typeof targetsLoader>>;
  const text = (value: number | undefined) => (value === undefined ? "" : value.toLocaleString("en"));
  const form = new URLSearchParams({
    grossFloorAreaM2: text(values.grossFloorAreaM2),
    occupancyPercent: text(values.occupancyPercent),
    researchPosts: text(values.researchPosts),
    investmentHkd: text(values.investmentHkd),
  });
  values.phases.forEach((p, i) => {
    form.set(`phases[${i}].phase`, p.phase);
    form.set(`phases[${i}].grossFloorAreaM2`, text(p.grossFloorAreaM2));
  });
  for (const [sector, share] of Object.entries(values.sectorShares)) form.set(`sectorShares.${sector}`, text(share));
  for (const [origin, share] of Object.entries(values.originShares)) form.set(`originShares.${origin}`, text(share));
  for (const [name, value] of Object.entries(changes)) form.set(name, value);
  return form;
}

describe("the park's targets", () => {
  it("are changed by an administrator through the form, audited, and the public figures follow them", async () => {
    const cookie = await sessionCookieFor("admin@demo.hsitp.example");
    const form = await targetsForm(cookie, { grossFloorAreaM2: "1,250,000", "sectorShares.ai_data_science": "45", "originShares.overseas": "30", "originShares.hong_kong": "40", researchPosts: "2,000" });
    const outcome = await routeOutcome(() => targetsAction(actionArgs("/admin/portfolio/targets", form, { headers: { Cookie: cookie } })));
    expect(outcome).toMatchObject({ status: 302, location: "/admin/portfolio/targets?saved=1" });

    const portfolio = await parkPortfolio();
    expect(portfolio.park.targetGfaM2).toBe(1_250_000);
    expect(portfolio.phases.map((p) => p.targetGfaM2)).toEqual([600_000, 600_000]);
    expect(portfolio.sectors.find((s) => s.sector === "ai_data_science")!.targetPercent).toBe(45);
    expect(portfolio.origins.map((o) => [o.origin, o.targetPercent])).toEqual([["hong_kong", 40], ["mainland", 30], ["overseas", 30]]);
    expect(portfolio.delivery.researchPosts.target).toBe(2_000);
    expect(portfolio.occupancy.targetPercent).toBe(90);
    const csv = await (await csvLoader()).text();
    expect(csv).toBe(portfolioCsv(portfolio));
    expect(csv).toContain("gross_floor_area_awarded_m2,,,");
    expect(csv).toMatch(/\r\norigin_share_percent,,overseas,50,30,\d{4}-\d\d-\d\d\r\n/);

    const [event] = await db().auditEvent.findMany({ where: { action: "park_target.updated" } });
    expect(event!.actorId).toBe((await currentUserFor("admin@demo.hsitp.example")).id);
    const data = event!.data as { before: { metric: string; phase: string | null; value: number }[]; after: { metric: string; phase: string | null; value: number }[] };
    expect(data.before.find((t) => t.metric === "gross_floor_area_m2" && t.phase === null)!.value).toBe(1_200_000);
    expect(data.after.find((t) => t.metric === "gross_floor_area_m2" && t.phase === null)!.value).toBe(1_250_000);
  });

  it("removes a target left blank, and refuses shares over 100% with the form's message", async () => {
    const cookie = await sessionCookieFor("admin@demo.hsitp.example");
    const form = await targetsForm(cookie, { occupancyPercent: "" });
    expect((await routeOutcome(() => targetsAction(actionArgs("/admin/portfolio/targets", form, { headers: { Cookie: cookie } })))).status).toBe(302);
    expect((await parkPortfolio()).occupancy.targetPercent).toBeNull();

    const before = await db().parkTarget.findMany({ orderBy: { id: "asc" } });
    const over = await targetsForm(cookie, { "sectorShares.ai_data_science": "60", "sectorShares.new_energy": "50" });
    const refused = await routeOutcome(() => targetsAction(actionArgs("/admin/portfolio/targets", over, { headers: { Cookie: cookie } })));
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.data)).toContain("portfolio.errors.sharesOver");
    expect(await db().parkTarget.findMany({ orderBy: { id: "asc" } })).toEqual(before);
  });

  it("are changed by administrators only: the domain function refuses anyone else, and nothing changes", async () => {
    const before = await db().parkTarget.count();
    const events = await db().auditEvent.count({ where: { action: "park_target.updated" } });
    for (const email of ["evaluator@demo.hsitp.example", "proposer@demo.hsitp.example", "chair@demo.hsitp.example"]) {
      await expect(updateParkTargets(await currentUserFor(email), { phases: [], sectorShares: {}, originShares: {} })).rejects.toMatchObject({ code: "portfolio.errors.notAdministrator" });
    }
    expect(await db().parkTarget.count()).toBe(before);
    expect(await db().auditEvent.count({ where: { action: "park_target.updated" } })).toBe(events);
  });
});
