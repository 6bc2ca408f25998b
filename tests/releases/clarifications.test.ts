import { beforeAll, describe, expect, it } from "vitest";
import { getCurrentUser, type CurrentUser } from "~/accounts/sessions.server.ts";
import { answerClarification, askClarification, publishedClarifications, setFollowing, unansweredClarifications } from "~/clarifications/clarifications.server.ts";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";
import { sessionCookieFor } from "../support/users.ts";

const db = withTestDatabase();
const as = async (email: string): Promise<CurrentUser> => (await getCurrentUser(new Request("http://portal.test/", { headers: { Cookie: await sessionCookieFor(email) } })))!;
let releaseId = "";

beforeAll(async () => {
  await seedDemoPark(db());
  releaseId = (await db().release.findUniqueOrThrow({ where: { code: "HSITP-2026-02" } })).id;
});

describe("clarifications", () => {
  it("a proposer asks during the clarification period and follows the release from then on", async () => {
    const asker = await as("contributor@demo.hsitp.example");
    await askClarification(asker, "HSITP-2026-02", "May the plot ratio of 1W-09 be exceeded for wet labs?");
    expect(await unansweredClarifications(releaseId)).toHaveLength(1);
    expect(await db().releaseFollower.count({ where: { releaseId, userId: asker.id } })).toBe(1);
    expect(await db().auditEvent.count({ where: { action: "clarification.asked" } })).toBe(1);
  });

  it("is refused for staff, after the period, and for releases that are not published", async () => {
    await expect(askClarification(await as("evaluator@demo.hsitp.example"), "HSITP-2026-02", "A question from staff?")).rejects.toThrow("clarifications.errors.staff");
    const release = await db().release.findUniqueOrThrow({ where: { id: releaseId } });
    await expect(askClarification(await as("submitter@demo.hsitp.example"), "HSITP-2026-02", "Too late for this question?", release.clarificationEndsAt)).rejects.toThrow("clarifications.errors.closed");
    await expect(askClarification(await as("submitter@demo.hsitp.example"), "HSITP-2026-01", "Closed release question?")).rejects.toThrow("clarifications.errors.closed");
    await expect(askClarification(await as("submitter@demo.hsitp.example"), "HSITP-2027-01", "Draft release question?")).rejects.toThrow("documents.errors.unknownRelease");
  });

  it("the answer is published without the asker, once, and every follower is emailed in their language", async () => {
    const follower = await as("newcomer@demo.hsitp.example");
    await setFollowing(follower, "HSITP-2026-02", true);
    await db().user.update({ where: { id: follower.id }, data: { locale: "zh-Hant" } });
    // A reader of Simplified Chinese gets the catalog's Simplified text and the release's Traditional title converted.
    const simplifiedReader = await as("submitter@demo.hsitp.example");
    await setFollowing(simplifiedReader, "HSITP-2026-02", true);
    await db().user.update({ where: { id: simplifiedReader.id }, data: { locale: "zh-Hans" } });
    await db().release.update({ where: { id: releaseId }, data: { titleZhHant: "第一期（西）：第二批十幅地段（濕實驗室優先）" } });
    const [question] = await unansweredClarifications(releaseId);
    const admin = await as("admin@demo.hsitp.example");
    await answerClarification(admin, question!.id, "No: the maximum gross floor area of each plot is fixed.");
    await expect(answerClarification(admin, question!.id, "Again")).rejects.toThrow("clarifications.errors.answered");
    const published = await publishedClarifications(releaseId);
    expect(published).toEqual([{ id: question!.id, question: "May the plot ratio of 1W-09 be exceeded for wet labs?", answer: "No: the maximum gross floor area of each plot is fixed.", answeredAt: expect.any(Date) }]);
    expect(JSON.stringify(published)).not.toContain("contributor");
    const emails = await db().outboxEmail.findMany({ where: { template: "clarificationAnswered" }, orderBy: { toAddress: "asc" } });
    expect(emails.map((e) => [e.toAddress, e.subject])).toEqual([
      ["contributor@demo.hsitp.example", "A clarification of HSITP-2026-02 has been answered"],
      ["newcomer@demo.hsitp.example", "HSITP-2026-02 的澄清問題已獲回覆"],
      ["submitter@demo.hsitp.example", "HSITP-2026-02 的澄清问题已获回复"],
    ]);
    expect(emails[2]!.text).toContain("第一期（西）：第二批十幅地段（湿实验室优先）（HSITP-2026-02）");
    expect(emails[2]!.html).toContain('<html lang="zh-Hans">');
  });

  it("unfollowing stops the emails", async () => {
    await setFollowing(await as("newcomer@demo.hsitp.example"), "HSITP-2026-02", false);
    expect(await db().releaseFollower.count({ where: { releaseId } })).toBe(2);
  });
});
