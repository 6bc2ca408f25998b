import { beforeAll, describe, expect, it } from "vitest";
import { ocdsReleasePackage } from "~/open-data/ocds.server.ts";
import { loader as onePackage } from "~/routes/open-data.ocds.releases.$file.ts";
import { loader as allPackage } from "~/routes/open-data.ocds.releases[.json].ts";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";
import { ocdsPackageValidator } from "../support/ocds.ts";
import { loaderArgs, statusOf } from "../support/routes.ts";

const db = withTestDatabase();
const validate = ocdsPackageValidator({ bids: true });

beforeAll(async () => {
  await seedDemoPark(db());
});

describe("OCDS 1.1.5 open data", () => {
  it("publishes every published release, and no draft, as a valid release package", async () => {
    const releasePackage = await ocdsReleasePackage();
    expect(validate(releasePackage), JSON.stringify(validate.errors, null, 1)).toBe(true);
    expect(releasePackage!.releases.map((r) => r.ocid)).toEqual(["ocds-hsitp1-HSITP-2026-01", "ocds-hsitp1-HSITP-2026-03", "ocds-hsitp1-HSITP-2026-02"]);
    expect(JSON.stringify(releasePackage)).not.toContain("HSITP-2027-01");
    // The validator bites: a wrong version, or a release without its ocid, fails.
    expect(validate({ ...releasePackage, version: "one" })).toBe(false);
    expect(validate({ ...releasePackage, releases: [{ ...releasePackage!.releases[0], ocid: undefined }] })).toBe(false);
  });

  it("describes a release as a tender whose lots are its plots", async () => {
    const releasePackage = await ocdsReleasePackage("HSITP-2026-02");
    expect(validate(releasePackage), JSON.stringify(validate.errors, null, 1)).toBe(true);
    const [release] = releasePackage!.releases;
    expect(release!.tender.status).toBe("active");
    expect(release!.tender.lots.map((l) => l.id)).toEqual(["07", "08", "09", "10", "11", "12", "13", "14", "15", "16"].map((n) => `1W-${n}`));
    expect(release!.tender.items.every((item) => item.relatedLot === item.id)).toBe(true);
    const seeded = await db().release.findUniqueOrThrow({ where: { code: "HSITP-2026-02" } });
    expect(release!.tender.tenderPeriod.endDate).toBe(seeded.submissionDeadline.toISOString());
    expect(releasePackage!.extensions).toHaveLength(2);
  });

  it("publishes the demo's concluded release with its final awards, their suppliers, and the proposals received per plot", async () => {
    const releasePackage = await ocdsReleasePackage("HSITP-2026-01");
    expect(validate(releasePackage), JSON.stringify(validate.errors, null, 1)).toBe(true);
    const [release] = releasePackage!.releases as unknown as { awards: { status: string; relatedLots: string[]; suppliers: { id: string }[] }[]; parties: { id: string; roles: string[] }[]; bids: { statistics: { relatedLot: string; measure: string; value: number }[] } }[];
    expect(release!.awards.map((a) => [a.relatedLots[0], a.status])).toEqual([["1W-01", "active"], ["1W-02", "active"], ["1W-03", "active"], ["1W-05", "active"]]);
    const suppliers = new Set(release!.parties.filter((p) => p.roles.includes("supplier")).map((p) => p.id));
    expect(release!.awards.every((a) => suppliers.has(a.suppliers[0]!.id))).toBe(true);
    expect(release!.bids.statistics.map((s) => [s.relatedLot, s.measure, s.value])).toEqual([["1W-01", "bids", 3], ["1W-02", "bids", 2], ["1W-03", "bids", 1], ["1W-04", "bids", 2], ["1W-05", "bids", 1], ["1W-06", "bids", 0]]);
  });

  it("reports a cancelled release as a tender cancellation", async () => {
    await db().release.update({ where: { code: "HSITP-2026-03" }, data: { state: "cancelled" } });
    try {
      const releasePackage = await ocdsReleasePackage("HSITP-2026-03");
      expect(validate(releasePackage)).toBe(true);
      expect(releasePackage!.releases[0]).toMatchObject({ tag: ["tenderCancellation"], tender: { status: "cancelled" } });
    } finally {
      await db().release.update({ where: { code: "HSITP-2026-03" }, data: { state: "closed" } });
    }
  });

  it("serves JSON at the stable addresses, and 404 for drafts and unknown codes", async () => {
    const all = await allPackage();
    expect(all.status).toBe(200);
    expect(all.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(validate(await all.json())).toBe(true);
    const one = await onePackage(loaderArgs("/open-data/ocds/releases/HSITP-2026-02.json", { file: "HSITP-2026-02.json" }));
    expect((await one.json()).releases).toHaveLength(1);
    for (const file of ["HSITP-2027-01.json", "HSITP-2026-02", "nope.json", "../../etc.json"]) {
      expect(await statusOf(() => onePackage(loaderArgs(`/open-data/ocds/releases/${file}`, { file }))), file).toBe(404);
    }
  });
});
