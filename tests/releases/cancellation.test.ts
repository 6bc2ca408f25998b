import { beforeAll, describe, expect, it } from "vitest";
import { getCurrentUser, type CurrentUser } from "~/accounts/sessions.server.ts";
import { cancelRelease, withdrawPlot } from "~/releases/cancellation.server.ts";
import { setFollowing } from "~/clarifications/clarifications.server.ts";
import { ocdsReleasePackage } from "~/open-data/ocds.server.ts";
import { getPublicRelease } from "~/releases/releases.server.ts";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";
import { ocdsPackageValidator } from "../support/ocds.ts";
import { sessionCookieFor } from "../support/users.ts";

const db = withTestDatabase();
const as = async (email: string): Promise<CurrentUser> => (await getCurrentUser(new Request("http://portal.test/", { headers: { Cookie: await sessionCookieFor(email) } })))!;
const reason = { reasonEn: "The road alignment changed.", reasonZhHant: "道路走線已更改。" };
let admin: CurrentUser;

beforeAll(async () => {
  await seedDemoPark(db());
  admin = await as("admin@demo.hsitp.example");
  await setFollowing(await as("submitter@demo.hsitp.example"), "HSITP-2026-02", true);
});

describe("withdrawing a plot and cancelling a release", () => {
  it("withdraws a plot with a public reason: it returns to the inventory, followers are told, OCDS marks the lot cancelled", async () => {
    await withdrawPlot(admin, "HSITP-2026-02", "1W-08", reason);
    expect((await db().plot.findUniqueOrThrow({ where: { code: "1W-08" } })).state).toBe("inventory");
    const release = await getPublicRelease("HSITP-2026-02");
    expect(release?._count.plots).toBe(9);
    expect(release?.plots.find((p) => p.plot.code === "1W-08")).toMatchObject({ withdrawalReasonEn: reason.reasonEn });
    // A published release: followers hear of it through its addendum.
    expect(await db().outboxEmail.count({ where: { template: "addendumIssued", toAddress: "submitter@demo.hsitp.example" } })).toBe(1);
    const releasePackage = await ocdsReleasePackage("HSITP-2026-02");
    expect(ocdsPackageValidator()(releasePackage)).toBe(true);
    expect(releasePackage!.releases[0]!.tender.lots.find((l) => l.id === "1W-08")?.status).toBe("cancelled");
    await expect(withdrawPlot(admin, "HSITP-2026-02", "1W-08", reason)).rejects.toThrow("cancellation.errors.notOffered");
  });

  it("cancels a release with a public reason: every plot returns to the inventory, recorded and announced once", async () => {
    await cancelRelease(admin, "HSITP-2026-02", reason);
    const release = await db().release.findUniqueOrThrow({ where: { code: "HSITP-2026-02" } });
    expect(release).toMatchObject({ state: "cancelled", cancellationReasonZhHant: reason.reasonZhHant });
    // Only the two plots offered again in the closed HSITP-2026-03 are still in a release.
    expect(await db().plot.count({ where: { code: { startsWith: "1W-" }, state: "in_release" } })).toBe(2);
    expect(await db().auditEvent.count({ where: { action: { in: ["release.cancelled", "release.plot_withdrawn"] } } })).toBe(2);
    expect(await db().outboxEmail.count({ where: { template: "releaseCancelled" } })).toBe(1);
    await expect(cancelRelease(admin, "HSITP-2026-02", reason)).rejects.toThrow("cancellation.errors.notLive");
    await expect(cancelRelease(admin, "HSITP-2027-01", reason)).rejects.toThrow("cancellation.errors.notLive");
  });
});
