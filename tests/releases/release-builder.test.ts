import { beforeAll, describe, expect, it } from "vitest";
import { getCurrentUser, type CurrentUser } from "~/accounts/sessions.server.ts";
import { ocdsReleasePackage } from "~/open-data/ocds.server.ts";
import { createDraftRelease, deleteDraftRelease, publishRelease } from "~/releases/builder.server.ts";
import { runReleaseClock } from "~/releases/clock.server.ts";
import type { ReleaseConditions } from "~/releases/schemas.ts";
import { getPublicRelease } from "~/releases/releases.server.ts";
import { demoCriteria, demoRequiredDocuments } from "../../prisma/demo-park.ts";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";
import { sessionCookieFor } from "../support/users.ts";

const db = withTestDatabase();
const DAY = 86_400_000;
const now = new Date("2026-11-22T04:00:00Z");
let admin: CurrentUser;

const conditions = (overrides: Partial<ReleaseConditions> = {}): ReleaseConditions => ({
  code: "HSITP-2027-02",
  titleEn: "Phase 2 East: second batch",
  titleZhHant: "第二期（東）：第二批",
  phase: "P2E",
  publicationAt: new Date(now.getTime() + 2 * DAY),
  clarificationEndsAt: new Date(now.getTime() + 16 * DAY),
  submissionDeadline: new Date(now.getTime() + 30 * DAY),
  openingAt: new Date(now.getTime() + 31 * DAY),
  eligibilityEn: "",
  eligibilityZhHant: "",
  passMarkPercent: 60,
  plotCodes: ["2E-09", "2E-10", "2E-11"],
  criteria: demoCriteria.map((c) => ({ ...c, descriptionEn: "", descriptionZhHant: "" })),
  requiredDocuments: demoRequiredDocuments.map((d) => ({ ...d, acceptedTypes: [...d.acceptedTypes] })),
  ...overrides,
});

const keysOf = (outcome: { status: string; problems?: { key: string }[] }) => outcome.problems?.map((p) => p.key) ?? [];

beforeAll(async () => {
  await seedDemoPark(db(), now);
  admin = (await getCurrentUser(new Request("http://portal.test/", { headers: { Cookie: await sessionCookieFor("admin@demo.hsitp.example") } })))!;
});

describe("the release builder refuses", () => {
  it("weights that do not add up to 100, and one envelope missing", async () => {
    const criteria = conditions().criteria.map((c, i) => (i === 0 ? { ...c, weight: 24 } : c));
    const outcome = await createDraftRelease(admin, conditions({ criteria }), now);
    expect(outcome).toMatchObject({ status: "invalid", problems: [{ field: "criteria", key: "builder.errors.weightsTotal", values: { total: 99 } }] });
    const technicalOnly = conditions().criteria.map((c) => ({ ...c, envelope: "technical" as const }));
    expect(keysOf(await createDraftRelease(admin, conditions({ criteria: technicalOnly }), now))).toEqual(["builder.errors.no_financial"]);
  });

  it("a deadline in the past, a timeline out of order, and a tender period too short", async () => {
    expect(keysOf(await createDraftRelease(admin, conditions({ submissionDeadline: new Date(now.getTime() - DAY), openingAt: new Date(now.getTime() + 40 * DAY) }), now))).toEqual(
      expect.arrayContaining(["builder.errors.deadlinePast", "builder.errors.clarificationAfterDeadline"]),
    );
    expect(keysOf(await createDraftRelease(admin, conditions({ submissionDeadline: new Date(now.getTime() + 20 * DAY) }), now))).toEqual(["builder.errors.tenderPeriod"]);
    expect(keysOf(await createDraftRelease(admin, conditions({ openingAt: new Date(now.getTime() + 29 * DAY) }), now))).toEqual(["builder.errors.openingBeforeDeadline"]);
  });

  it("plots that are unknown, of another phase, or already offered", async () => {
    expect(keysOf(await createDraftRelease(admin, conditions({ plotCodes: ["2E-99", "1W-15", "2E-09", "2E-09"] }), now))).toEqual([
      "builder.errors.duplicatePlots",
      "builder.errors.unknownPlot",
      "builder.errors.otherPhase",
    ]);
    expect(await db().release.count({ where: { code: "HSITP-2027-02" } })).toBe(0);
  });
});

describe("publishing", () => {
  it("saves a draft that the public cannot see", async () => {
    expect(await createDraftRelease(admin, conditions(), now)).toEqual({ status: "saved", code: "HSITP-2027-02" });
    expect(await getPublicRelease("HSITP-2027-02")).toBeNull();
    expect(await db().criterion.count({ where: { release: { code: "HSITP-2027-02" } } })).toBe(5);
    expect(keysOf(await createDraftRelease(admin, conditions({ plotCodes: ["2E-12"] }), now))).toEqual(["builder.errors.codeTaken"]);
  });

  it("schedules a draft, and the clock publishes it exactly once when its time comes, however many instances tick", async () => {
    expect(await publishRelease(admin, "HSITP-2027-02", "scheduled", now)).toEqual({ status: "scheduled" });
    expect(await runReleaseClock(now)).toEqual({ published: [], closed: [], finalised: [] });
    expect(await getPublicRelease("HSITP-2027-02")).toBeNull();
    const later = new Date(now.getTime() + 2 * DAY + 1_000);
    const runs = await Promise.all([runReleaseClock(later), runReleaseClock(later), runReleaseClock(later)]);
    expect(runs.flatMap((r) => r.published)).toEqual(["HSITP-2027-02"]);
    expect(await db().auditEvent.count({ where: { action: "release.published", subjectId: "HSITP-2027-02" } })).toBe(1);
    expect((await getPublicRelease("HSITP-2027-02"))?.state).toBe("open");
    expect(await db().plot.findMany({ where: { code: { in: ["2E-09", "2E-10", "2E-11"] } }, select: { state: true } })).toEqual([
      { state: "in_release" },
      { state: "in_release" },
      { state: "in_release" },
    ]);
    expect((await ocdsReleasePackage("HSITP-2027-02"))?.releases[0]?.tender.lots).toHaveLength(3);
  });

  it("refuses a plot that another live release offers", async () => {
    expect(keysOf(await createDraftRelease(admin, conditions({ code: "HSITP-2027-03", plotCodes: ["2E-10"] }), now))).toEqual(["builder.errors.plotInLiveRelease"]);
  });

  it("publishes a draft at once when asked, with publication now", async () => {
    await createDraftRelease(admin, conditions({ code: "HSITP-2027-04", plotCodes: ["2E-13"] }), now);
    expect(await publishRelease(admin, "HSITP-2027-04", "now", now)).toEqual({ status: "published" });
    expect(await db().release.findUniqueOrThrow({ where: { code: "HSITP-2027-04" } })).toMatchObject({ state: "open", publishedAt: now, publicationAt: now });
    await expect(publishRelease(admin, "HSITP-2027-04", "now", now)).rejects.toThrow("builder.errors.notDraft");
  });

  it("deletes drafts only, with their documents, recorded", async () => {
    await createDraftRelease(admin, conditions({ code: "HSITP-2027-06", plotCodes: ["2E-14"] }), now);
    await deleteDraftRelease(admin, "HSITP-2027-06");
    expect(await db().release.count({ where: { code: "HSITP-2027-06" } })).toBe(0);
    expect(await db().auditEvent.count({ where: { action: "release.draft_deleted", subjectId: "HSITP-2027-06" } })).toBe(1);
    await expect(deleteDraftRelease(admin, "HSITP-2027-04")).rejects.toThrow("builder.errors.notDraft");
  });

  it("closes open releases at their deadline, once", async () => {
    const afterDeadline = new Date(now.getTime() + 30 * DAY + 1_000);
    const runs = await Promise.all([runReleaseClock(afterDeadline), runReleaseClock(afterDeadline)]);
    // The demo's open release (deadline 35 days after seeding) is not due yet.
    expect(runs.flatMap((r) => r.closed).sort()).toEqual(["HSITP-2027-02", "HSITP-2027-04"]);
    expect(await db().auditEvent.count({ where: { action: "release.closed", subjectId: { in: ["HSITP-2027-02", "HSITP-2027-04"] } } })).toBe(2);
    expect((await db().release.findUniqueOrThrow({ where: { code: "HSITP-2026-02" } })).state).toBe("open");
  });
});
