import { beforeAll, describe, expect, it } from "vitest";
import { ocdsReleasePackage } from "~/open-data/ocds.server.ts";
import { demoConcludedProposals } from "../../prisma/demo-park.ts";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";
import { ocdsPackageValidator } from "../support/ocds.ts";

const db = withTestDatabase();

beforeAll(async () => {
  await seedDemoPark(db());
});

describe("OCDS contracts of the development records", () => {
  it("publishes a contract per final award with its programme and reported investment, valid against OCDS 1.1.5", async () => {
    const releasePackage = (await ocdsReleasePackage("HSITP-2026-01"))!;
    const validate = ocdsPackageValidator({ bids: true });
    expect(validate(releasePackage), JSON.stringify(validate.errors)).toBe(true);
    const [release] = releasePackage.releases;
    expect(release!.tag).toEqual(expect.arrayContaining(["award", "contract", "implementation"]));
    const contracts = release!.contracts!;
    expect(contracts.map((c) => c.awardID)).toEqual(release!.awards!.map((a) => a.id));
    const byPlot = (plot: string) => contracts.find((c) => c.title.endsWith(plot))!;
    const status = (plot: string, code: string) => byPlot(plot).implementation.milestones.find((m) => m.code === code)!;
    expect(status("1W-03", "construction_start")).toMatchObject({ status: "notMet", type: "delivery" });
    expect(status("1W-03", "design_approval")).toMatchObject({ status: "met", type: "approval", dateMet: expect.any(String) });
    expect(status("1W-05", "completion")).toMatchObject({ status: "met" });
    expect(status("1W-05", "opening")).toMatchObject({ status: "scheduled" });
    // The approved variation's date applies to 1W-02's construction start.
    const variation = await db().variation.findFirstOrThrow({ where: { development: { plot: { code: "1W-02" } } } });
    expect(status("1W-02", "construction_start")).toMatchObject({ status: "scheduled", dueDate: `${variation.toValue as string}T00:00:00.000Z` });

    // Transactions add up to what the latest verified report states; a report not yet verified adds nothing.
    for (const contract of contracts) {
      const plot = contract.title.slice(-5);
      const [latest] = await db().progressReport.findMany({ where: { state: "verified", development: { plot: { code: plot } } }, orderBy: { dueOn: "desc" }, take: 1 });
      const total = (contract.implementation.transactions ?? []).reduce((sum, t) => sum + t.value.amount, 0);
      expect(total, plot).toBe(Number(latest?.investmentSpentHkd ?? 0));
    }
  });

  it("never carries anything sealed of a bid: no premiums, no commitments, no losing bidder", async () => {
    const text = JSON.stringify(await ocdsReleasePackage("HSITP-2026-01"));
    expect(text).not.toContain("landPremium");
    for (const proposal of demoConcludedProposals) {
      expect(text).not.toContain(String(proposal.landPremiumHkd));
      expect(text).not.toContain(String(proposal.investmentCommitmentHkd));
    }
    const losers = await db().proposal.findMany({ where: { release: { code: "HSITP-2026-01" }, awards: { none: {} } }, include: { organisation: true } });
    for (const loser of losers) expect(text).not.toContain(loser.organisation.registrationNumber);
  });
});
