import { Readable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { issueAddendum } from "~/releases/addenda.server.ts";
import { getCurrentUser, type CurrentUser } from "~/accounts/sessions.server.ts";
import { cancelRelease } from "~/releases/cancellation.server.ts";
import { safeFileName } from "~/platform/storage/file-types.server.ts";
import { ocdsReleasePackage } from "~/open-data/ocds.server.ts";
import { retirePlot } from "~/plots/inventory.server.ts";
import { createDraftRelease, publishRelease } from "~/releases/builder.server.ts";
import { getPublicRelease } from "~/releases/releases.server.ts";
import { newObjectKey } from "~/platform/storage/object-storage.server.ts";
import { s3Storage } from "~/platform/storage/s3.server.ts";
import { storeTenderDocument } from "~/releases/tender-documents.server.ts";
import { toHongKongLocal } from "~/platform/time.ts";
import { standardCriteria, standardRequiredDocuments } from "~/releases/defaults.ts";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";
import { startS3Server } from "../support/s3.ts";
import { sessionCookieFor } from "../support/users.ts";

const db = withTestDatabase();
const DAY = 86_400_000;
let admin: CurrentUser;

beforeAll(async () => {
  await seedDemoPark(db());
  admin = (await getCurrentUser(new Request("http://portal.test/", { headers: { Cookie: await sessionCookieFor("admin@demo.hsitp.example") } })))!;
});

describe("uploads that fail", () => {
  it("reject the call, never the process, when the client aborts mid-upload", async () => {
    const aborted = new Readable({
      read() {
        this.push(Buffer.from("%PDF-1.7 start"));
        this.destroy(new Error("client aborted"));
      },
    });
    await expect(storeTenderDocument("conditions.pdf", aborted)).rejects.toThrow("client aborted");
  });

  it("on S3: a failing source aborts the upload and stores nothing", async () => {
    const s3 = await startS3Server();
    try {
      const files = s3Storage(s3.settings);
      const key = newObjectKey("tender-documents");
      const failing = new Readable({
        read() {
          this.push(Buffer.alloc(1024));
          this.destroy(new Error("connection reset"));
        },
      });
      await expect(files.put(key, failing, "application/pdf")).rejects.toThrow("connection reset");
      expect(await files.size(key)).toBeNull();
    } finally {
      await s3.stop();
    }
  });

  it("names are cut by characters, not halves of an emoji", () => {
    const name = safeFileName(`a${"😀".repeat(250)}.pdf`);
    expect(Array.from(name)).toHaveLength(200);
    expect(name.endsWith(".pdf")).toBe(true);
    // A lone surrogate would make this throw.
    expect(() => encodeURIComponent(name)).not.toThrow();
  });
});

describe("releases", () => {
  const conditions = (code: string, plot: string) => ({
    code,
    titleEn: "Scheduled then cancelled",
    titleZhHant: "排期後取消",
    phase: "P2E",
    publicationAt: new Date(Date.now() + 2 * DAY),
    clarificationEndsAt: new Date(Date.now() + 16 * DAY),
    submissionDeadline: new Date(Date.now() + 30 * DAY),
    openingAt: new Date(Date.now() + 31 * DAY),
    eligibilityEn: "",
    eligibilityZhHant: "",
    passMarkPercent: 60,
    plotCodes: [plot],
    criteria: standardCriteria.map((c) => ({ ...c, descriptionEn: "", descriptionZhHant: "" })),
    requiredDocuments: standardRequiredDocuments.map((d) => ({ ...d, acceptedTypes: [...d.acceptedTypes] })),
  });

  it("a scheduled release cancelled before its time never becomes public, and its plots cannot be retired meanwhile", async () => {
    await createDraftRelease(admin, conditions("HSITP-2028-01", "2E-16"));
    expect(await publishRelease(admin, "HSITP-2028-01", "scheduled")).toEqual({ status: "scheduled" });
    await expect(retirePlot(admin, "2E-16", "no longer needed")).rejects.toThrow("inventory.errors.notInInventory");
    await cancelRelease(admin, "HSITP-2028-01", { reasonEn: "Plans changed.", reasonZhHant: "計劃有變。" });
    expect(await getPublicRelease("HSITP-2028-01")).toBeNull();
    expect(JSON.stringify(await ocdsReleasePackage())).not.toContain("HSITP-2028-01");
  });

  it("an addendum may not pull the deadline closer than 7 days, nor reopen a release past its deadline", async () => {
    const release = await db().release.findUniqueOrThrow({ where: { code: "HSITP-2026-02" } });
    const notes = { notesEn: "Earlier deadline.", notesZhHant: "提前截標。" };
    const soon = new Date(Date.now() + DAY);
    await expect(issueAddendum(admin, "HSITP-2026-02", { ...notes, clarificationEndsAt: toHongKongLocal(new Date(Date.now() + DAY / 2)), submissionDeadline: toHongKongLocal(soon), openingAt: toHongKongLocal(new Date(soon.getTime() + DAY)) })).rejects.toThrow("addenda.errors.sevenDays");
    const justAfter = new Date(release.submissionDeadline.getTime() + 30_000);
    const later = new Date(release.submissionDeadline.getTime() + 10 * DAY);
    await expect(issueAddendum(admin, "HSITP-2026-02", { ...notes, submissionDeadline: toHongKongLocal(later), openingAt: toHongKongLocal(new Date(later.getTime() + DAY)) }, justAfter)).rejects.toThrow("addenda.errors.notOpen");
  });
});
