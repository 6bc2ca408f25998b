import { expect, test } from "@playwright/test";
import { demo, expectAccessible, signIn } from "./fixtures.ts";
import { linkFromEmail } from "./mailbox.ts";

/** datetime-local value, Hong Kong time, `days` from now. */
const hongKong = (days: number) => new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 16);

test("an addendum within the last 7 days is refused until the deadline moves, and then followers are emailed", async ({ page, browser }) => {
  await signIn(page, ...demo.admin);

  // A release whose deadline is three days away (the test server allows a one-day tender period).
  await page.goto("/admin/releases/new");
  await page.getByLabel("Code").fill("HSITP-2027-09");
  await page.getByLabel("Phase").selectOption({ label: "Phase 2 East" });
  await page.getByLabel("Title (English)").fill("Phase 2 East: short batch");
  await page.getByLabel("Title (Traditional Chinese)").fill("第二期（東）：短期批次");
  await page.getByLabel("2E-15", { exact: true }).check();
  await page.getByLabel("Publication").fill(hongKong(0.01));
  await page.getByLabel("End of clarifications").fill(hongKong(2));
  await page.getByLabel("Submission deadline").fill(hongKong(3));
  await page.getByLabel("Opening of proposals").fill(hongKong(4));
  await page.getByRole("button", { name: "Save as draft" }).click();
  await expect(page.getByRole("status")).toHaveText("The draft has been saved. It is not public.");
  await page.getByRole("button", { name: "Publish now" }).click();
  await expect(page.getByRole("status")).toHaveText("The release is published.");

  // A proposer follows it.
  const proposer = await browser.newContext();
  const proposerPage = await proposer.newPage();
  await signIn(proposerPage, ...demo.submitter, "/releases/HSITP-2027-09");
  await proposerPage.getByRole("button", { name: "Follow this release" }).click();
  await expect(proposerPage.getByRole("button", { name: "Stop following" })).toBeVisible();

  // Notes alone, three days before the deadline: refused.
  await page.getByLabel("Change notes (English)").fill("Clarified the eligibility of joint ventures.");
  await page.getByLabel("Change notes (Traditional Chinese)").fill("釐清合營企業的資格。");
  await page.getByRole("button", { name: "Issue the addendum" }).click();
  await expect(page.getByRole("alert")).toContainText("The deadline is less than 7 days away");
  await expectAccessible(page);

  // With the deadline moved ten days out: issued, shown, emailed.
  await page.getByLabel("Change notes (English)").fill("The deadline moves: joint ventures need time to form.");
  await page.getByLabel("Change notes (Traditional Chinese)").fill("截標時間延後：合營企業需要時間組成。");
  await page.getByLabel("Submission deadline", { exact: true }).last().fill(hongKong(10));
  await page.getByLabel("Opening of proposals", { exact: true }).last().fill(hongKong(11));
  await page.getByRole("button", { name: "Issue the addendum" }).click();
  await expect(page.getByRole("status")).toHaveText("The addendum is issued and followers are being emailed.");

  await proposerPage.reload();
  await expect(proposerPage.getByRole("heading", { name: "Addenda" })).toBeVisible();
  await expect(proposerPage.getByText("The deadline moves: joint ventures need time to form.")).toBeVisible();
  expect(await linkFromEmail("submitter@demo.hsitp.example", /Addendum 1 to release HSITP-2027-09/)).toContain("/releases/HSITP-2027-09#addenda");
  await proposer.close();
});
