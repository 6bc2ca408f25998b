import { Readable } from "node:stream";
import { XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { issueAddendum } from "~/releases/addenda.server.ts";
import { getCurrentUser, type CurrentUser } from "~/accounts/sessions.server.ts";
import { setFollowing } from "~/clarifications/clarifications.server.ts";
import { releasesAtomFeed } from "~/open-data/atom.server.ts";
import { ocdsReleasePackage } from "~/open-data/ocds.server.ts";
import { storage } from "~/platform/storage/storage.server.ts";
import { storeTenderDocument } from "~/releases/tender-documents.server.ts";
import { toHongKongLocal } from "~/platform/time.ts";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";
import { ocdsPackageValidator } from "../support/ocds.ts";
import { sessionCookieFor } from "../support/users.ts";

const db = withTestDatabase();
const DAY = 86_400_000;
const as = async (email: string): Promise<CurrentUser> => (await getCurrentUser(new Request("http://portal.test/", { headers: { Cookie: await sessionCookieFor(email) } })))!;
const notes = { notesEn: "The deadline moves to give more time for site surveys.", notesZhHant: "截標時間延後，讓各方有更多時間進行地盤勘察。" };
let admin: CurrentUser;
let deadline: Date;

beforeAll(async () => {
  await seedDemoPark(db());
  admin = await as("admin@demo.hsitp.example");
  await setFollowing(await as("submitter@demo.hsitp.example"), "HSITP-2026-02", true);
  deadline = (await db().release.findUniqueOrThrow({ where: { code: "HSITP-2026-02" } })).submissionDeadline;
});

describe("addenda", () => {
  it("are numbered, change the timeline, are recorded and emailed", async () => {
    const later = new Date(deadline.getTime() + 7 * DAY);
    const number = await issueAddendum(admin, "HSITP-2026-02", { ...notes, submissionDeadline: toHongKongLocal(later), openingAt: toHongKongLocal(new Date(later.getTime() + DAY)) });
    expect(number).toBe(1);
    expect((await db().release.findUniqueOrThrow({ where: { code: "HSITP-2026-02" } })).submissionDeadline).toEqual(later);
    expect(await db().auditEvent.count({ where: { action: "release.addendum_issued" } })).toBe(1);
    const email = await db().outboxEmail.findFirstOrThrow({ where: { template: "addendumIssued" } });
    expect(email).toMatchObject({ toAddress: "submitter@demo.hsitp.example", subject: "Addendum 1 to release HSITP-2026-02" });
    deadline = later;
  });

  it("within 7 days of the deadline, are refused unless the deadline moves so that 7 days remain", async () => {
    const sixDaysBefore = new Date(deadline.getTime() - 6 * DAY);
    await expect(issueAddendum(admin, "HSITP-2026-02", notes, sixDaysBefore)).rejects.toThrow("addenda.errors.sevenDays");
    const tooLittle = new Date(sixDaysBefore.getTime() + 6.5 * DAY);
    await expect(issueAddendum(admin, "HSITP-2026-02", { ...notes, submissionDeadline: toHongKongLocal(tooLittle) }, sixDaysBefore)).rejects.toThrow("addenda.errors.sevenDays");
    const enough = new Date(sixDaysBefore.getTime() + 8 * DAY);
    expect(await issueAddendum(admin, "HSITP-2026-02", { ...notes, submissionDeadline: toHongKongLocal(enough), openingAt: toHongKongLocal(new Date(enough.getTime() + DAY)) }, sixDaysBefore)).toBe(2);
  });

  it("refuse a timeline out of order and releases that are not open", async () => {
    await expect(issueAddendum(admin, "HSITP-2026-02", { ...notes, openingAt: toHongKongLocal(new Date(deadline.getTime() - DAY)) })).rejects.toThrow("builder.errors.openingBeforeDeadline");
    await expect(issueAddendum(admin, "HSITP-2026-01", notes)).rejects.toThrow("addenda.errors.notOpen");
    await expect(issueAddendum(admin, "HSITP-2027-01", notes)).rejects.toThrow("addenda.errors.notOpen");
  });

  it("may bring a new tender document, recorded with the addendum or not at all", async () => {
    const pdf = Buffer.from("%PDF-1.7 revised conditions");
    const upload = await storeTenderDocument("revised.pdf", Readable.from([pdf]));
    const number = await issueAddendum(admin, "HSITP-2026-02", { notesEn: "Revised conditions attached.", notesZhHant: "附上修訂條件。" }, new Date(), {
      upload,
      titles: { titleEn: "Revised conditions", titleZhHant: "修訂條件" },
    });
    expect(await db().tenderDocument.findFirstOrThrow({ where: { storageKey: upload.key } })).toMatchObject({ addendumNumber: number, sha256: upload.sha256 });
    // A refused addendum keeps nothing of its document.
    const refused = await storeTenderDocument("late.pdf", Readable.from([pdf]));
    await expect(
      issueAddendum(admin, "HSITP-2026-01", notes, new Date(), { upload: refused, titles: { titleEn: "Late", titleZhHant: "遲" } }),
    ).rejects.toThrow("addenda.errors.notOpen");
    expect(await storage().size(refused.key)).toBeNull();
    expect(await db().tenderDocument.count({ where: { storageKey: refused.key } })).toBe(0);
  });

  it("appear as OCDS amendments and in the Atom feed", async () => {
    const releasePackage = await ocdsReleasePackage("HSITP-2026-02");
    expect(ocdsPackageValidator()(releasePackage)).toBe(true);
    const tender = releasePackage!.releases[0]!.tender as { amendments?: { id: string }[] };
    expect(tender.amendments?.map((a) => a.id)).toEqual(["HSITP-2026-02-addendum-1", "HSITP-2026-02-addendum-2", "HSITP-2026-02-addendum-3"]);
    const documents = (releasePackage!.releases[0]!.tender as { documents?: { title: string; url: string }[] }).documents;
    expect(documents?.map((d) => d.title)).toEqual(["Revised conditions"]);
    expect(documents?.[0]?.url).toMatch(/\/releases\/HSITP-2026-02\/documents\/[0-9a-f-]{36}$/);
    expect(releasePackage!.releases[0]!.tag).toEqual(["tenderAmendment"]);
    const feed = await releasesAtomFeed();
    expect(XMLValidator.validate(feed)).toBe(true);
    expect(feed).toContain("Addendum 3 to HSITP-2026-02");
  });
});
