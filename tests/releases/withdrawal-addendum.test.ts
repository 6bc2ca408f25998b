import { beforeAll, describe, expect, it } from "vitest";
import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { setFollowing } from "~/clarifications/clarifications.server.ts";
import { ocdsReleasePackage } from "~/open-data/ocds.server.ts";
import { issueAddendum } from "~/releases/addenda.server.ts";
import { withdrawalPreview, withdrawPlot } from "~/releases/cancellation.server.ts";
import { getPublicRelease } from "~/releases/releases.server.ts";
import { seedDemoPark } from "../../prisma/seed.ts";
import { chainedAuditLog } from "../support/audit.ts";
import { withTestDatabase } from "../support/database.ts";
import { ocdsPackageValidator } from "../support/ocds.ts";
import { currentUserFor } from "../support/users.ts";

// Rule 1 of DOMAIN.md: withdrawing a plot from a published release changes its tender conditions,
// so it is a numbered addendum, with the 7-day rule, audited and announced like any other.

const db = withTestDatabase();
const DAY = 86_400_000;
const HOUR = 3_600_000;
const OPEN = "HSITP-2026-02";
const reason = { reasonEn: "The road alignment changed.", reasonZhHant: "道路走線已更改。" };
let admin: CurrentUser;

const release = (code: string) => db().release.findUniqueOrThrow({ where: { code } });
const addenda = async (code: string) => db().addendum.findMany({ where: { releaseId: (await release(code)).id }, orderBy: { number: "asc" } });
const databaseNow = async () => (await db().$queryRaw<{ now: Date }[]>`SELECT clock_timestamp() AS now`)[0]!.now;

beforeAll(async () => {
  await seedDemoPark(db());
  admin = await currentUserFor("admin@demo.hsitp.example");
  await setFollowing(await currentUserFor("submitter@demo.hsitp.example"), OPEN, true);
  await setFollowing(await currentUserFor("proposer@demo.hsitp.example"), OPEN, true);
});

describe("withdrawing a plot from a published release is an addendum", () => {
  it("far from the deadline: the next number, the plot and the reason in both languages, the deadline kept; recorded and emailed as an addendum", async () => {
    const earlier = await issueAddendum(admin, OPEN, { notesEn: "Survey reports added.", notesZhHant: "新增勘察報告。" });
    const { submissionDeadline: deadline, openingAt } = await release(OPEN);
    const preview = await withdrawalPreview(OPEN, "1W-08");
    expect(preview.addendum).toMatchObject({ number: earlier + 1, deadlinePassed: false, deadline: { moves: false, from: deadline.toISOString() }, opening: { moves: false } });
    const audit = await db().auditEvent.count();
    const emails = await db().outboxEmail.count({ where: { template: "addendumIssued" } });

    await withdrawPlot(admin, OPEN, "1W-08", reason);

    const addendum = (await addenda(OPEN)).at(-1)!;
    expect(addendum.number).toBe(earlier + 1);
    expect(addendum.changes).toEqual({ withdrawnPlot: "1W-08" });
    expect(addendum.notesEn).toBe("Plot 1W-08 is withdrawn from this release. Reason: The road alignment changed.");
    expect(addendum.notesZhHant).toBe("地段 1W-08 已從本招標批次撤回。原因：道路走線已更改。");
    expect(await release(OPEN)).toMatchObject({ submissionDeadline: deadline, openingAt });
    // One entry of each kind, the withdrawal naming its addendum.
    expect(await db().auditEvent.count()).toBe(audit + 2);
    const issued = await (await chainedAuditLog(db())).findFirstOrThrow({ where: { action: "release.addendum_issued" }, orderBy: { sequence: "desc" } });
    expect(issued.data).toMatchObject({ number: earlier + 1, changes: { withdrawnPlot: "1W-08" } });
    const withdrawn = await db().auditEvent.findFirstOrThrow({ where: { action: "release.plot_withdrawn" } });
    expect(withdrawn.data).toMatchObject({ plot: "1W-08", addendum: earlier + 1 });
    // Followers hear of it as of every addendum, once each.
    const sent = await db().outboxEmail.findMany({ where: { template: "addendumIssued", subject: { contains: `Addendum ${earlier + 1} ` } }, orderBy: { toAddress: "asc" } });
    expect(sent.map((e) => e.toAddress)).toEqual(expect.arrayContaining(["proposer@demo.hsitp.example", "submitter@demo.hsitp.example"]));
    expect(await db().outboxEmail.count({ where: { template: "addendumIssued" } })).toBe(emails + sent.length);
    expect(await db().outboxEmail.count({ where: { template: "plotWithdrawn" } })).toBe(0);

    // The public sees it among the addenda, and OCDS lists it as an amendment.
    const published = await getPublicRelease(OPEN);
    expect(published?.plots.find((p) => p.plot.code === "1W-08")).toMatchObject({ withdrawalReasonEn: reason.reasonEn });
    const releasePackage = await ocdsReleasePackage(OPEN);
    expect(ocdsPackageValidator()(releasePackage)).toBe(true);
    const amendments = (releasePackage!.releases[0]!.tender as unknown as { amendments: { id: string; description: string }[] }).amendments;
    expect(amendments.at(-1)).toMatchObject({ id: `${OPEN}-addendum-${earlier + 1}`, description: "withdrawnPlot: 1W-08" });
  });

  it("within 7 days of the deadline: the deadline moves so that 7 days remain, by the database's clock, and the notes say so", async () => {
    const now = await databaseNow();
    const close = new Date(Math.floor((now.getTime() + 3 * DAY) / HOUR) * HOUR);
    await db().release.update({ where: { code: OPEN }, data: { submissionDeadline: close, openingAt: new Date(close.getTime() + DAY) } });
    const preview = await withdrawalPreview(OPEN, "1W-09");
    expect(preview.addendum?.deadline.moves).toBe(true);

    await withdrawPlot(admin, OPEN, "1W-09", reason);

    const after = await release(OPEN);
    const earliest = now.getTime() + 7 * DAY;
    expect(after.submissionDeadline.getTime()).toBeGreaterThanOrEqual(earliest);
    expect(after.submissionDeadline.getTime()).toBeLessThan(earliest + HOUR + 60_000);
    expect(after.submissionDeadline.getTime() % HOUR).toBe(0);
    expect(after.submissionDeadline.toISOString()).toBe(preview.addendum?.deadline.to);
    expect(after.openingAt >= after.submissionDeadline).toBe(true);
    const addendum = (await addenda(OPEN)).at(-1)!;
    expect(addendum.changes).toEqual({
      withdrawnPlot: "1W-09",
      submissionDeadline: { from: close.toISOString(), to: after.submissionDeadline.toISOString() },
      openingAt: { from: new Date(close.getTime() + DAY).toISOString(), to: after.openingAt.toISOString() },
    });
    expect(addendum.notesEn).toContain("So that at least 7 days remain after this change, the submission deadline moves from");
    expect(addendum.notesZhHant).toContain("截標時間由");
    const email = await db().outboxEmail.findFirstOrThrow({ where: { template: "addendumIssued", toAddress: "submitter@demo.hsitp.example" }, orderBy: { createdAt: "desc" } });
    expect(email.text).toContain("1W-09");
  });

  it("after the deadline: still an addendum, and the deadline never moves (that would reopen submissions)", async () => {
    const closed = "HSITP-2026-03";
    const { submissionDeadline } = await release(closed);
    const plot = (await db().releasePlot.findFirstOrThrow({ where: { release: { code: closed } }, include: { plot: true }, orderBy: { position: "asc" } })).plot.code;
    expect((await withdrawalPreview(closed, plot)).addendum).toMatchObject({ number: 1, deadlinePassed: true, deadline: { moves: false } });
    await withdrawPlot(admin, closed, plot, reason);
    expect((await release(closed)).submissionDeadline).toEqual(submissionDeadline);
    expect((await addenda(closed)).map((a) => a.changes)).toEqual([{ withdrawnPlot: plot }]);
  });

  it("from a release not yet published (scheduled): no addendum, since its conditions are not public yet", async () => {
    const draft = await db().release.findFirstOrThrow({ where: { state: "draft" }, include: { plots: { include: { plot: true } } } });
    await db().release.update({ where: { id: draft.id }, data: { state: "scheduled" } });
    expect((await withdrawalPreview(draft.code, draft.plots[0]!.plot.code)).addendum).toBeNull();
    await withdrawPlot(admin, draft.code, draft.plots[0]!.plot.code, reason);
    expect(await addenda(draft.code)).toEqual([]);
    expect(await db().auditEvent.count({ where: { action: "release.plot_withdrawn", subjectId: draft.code } })).toBe(1);
  });

  it("an addendum whose recording fails leaves the plot offered: the withdrawal and its addendum are one transaction", async () => {
    const before = await release(OPEN);
    // The addendum's insert fails after the plot was marked withdrawn: nothing of it may stay.
    await db().$executeRawUnsafe(`CREATE OR REPLACE FUNCTION refuse_addendum() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused for the test'; END; $$`);
    await db().$executeRawUnsafe(`CREATE TRIGGER refuse_addendum BEFORE INSERT ON "Addendum" FOR EACH ROW EXECUTE FUNCTION refuse_addendum()`);
    try {
      await expect(withdrawPlot(admin, OPEN, "1W-10", reason)).rejects.toThrow(/refused for the test/);
    } finally {
      await db().$executeRawUnsafe(`DROP TRIGGER refuse_addendum ON "Addendum"`);
    }
    expect((await db().releasePlot.findFirstOrThrow({ where: { releaseId: before.id, plot: { code: "1W-10" } } })).withdrawnAt).toBeNull();
    expect((await db().plot.findUniqueOrThrow({ where: { code: "1W-10" } })).state).toBe("in_release");
    expect(await db().auditEvent.count({ where: { action: "release.plot_withdrawn", data: { path: ["plot"], equals: "1W-10" } } })).toBe(0);
  });
});
