import { expect, test } from "@playwright/test";
import { demoBidderPassword, demoBidders } from "../../prisma/demo-park.ts";
import { demo, everyWay, expectAccessible, signIn, switchLanguage, unbrokenDates } from "./fixtures.ts";

// The demo's finished tender (HSITP-2026-01) has final awards, so development records. An
// administrator varies one promise of the first record (asking, then approving after the confirmation
// page); its awardee then reads the record: original and varied value side by side, the programme as
// a picture and a list, the variation in the table.
test("a development record, a variation asked for and approved, and the record as its awardee reads it", async ({ browser }) => {
  test.setTimeout(600_000);
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, ...demo.admin, "/admin/developments");
  await expect(admin.getByRole("heading", { level: 1, name: "Development records (all)" })).toBeVisible();
  // Each count agrees with its number ("1 milestone overdue", not "1 milestones").
  await expect(admin.getByRole("status")).toHaveText(/^\d+ records?; \d+ variations? waiting for a decision; \d+ milestones? overdue\.$/);
  await expect(admin.getByRole("status")).not.toContainText(/\b1 (records|variations|milestones)\b/);
  await everyWay(admin, "developments", "admin-list");
  // The next milestone's date is never cut in two ("19 Jan" / "2027" at 1,280 px): it stays on one line.
  expect(await unbrokenDates(admin.locator("tr[data-development]").first())).toEqual([expect.stringMatching(/^\d{1,2} [A-Z][a-z]{2,3} \d{4}$/)]);

  const firstRow = admin.locator("tr[data-development]").first();
  const plot = (await firstRow.getAttribute("data-development"))!;
  await firstRow.getByRole("link", { name: plot }).click();
  await expect(admin.getByRole("heading", { level: 1, name: `Development record: plot ${plot}` })).toBeVisible();
  const organisation = (await admin.locator("[data-organisation]").getAttribute("data-organisation"))!;
  const recordUrl = admin.url();

  // Ask for a later topping out.
  await admin.getByRole("link", { name: "Request a change (Topping out)" }).click();
  await expect(admin.getByRole("heading", { level: 1 })).toContainText(`Request a change to plot ${plot}: Milestone (Topping out)`);
  const before = (await admin.locator("[data-current-value]").textContent())!;
  await admin.getByRole("button", { name: "Request the change" }).click();
  // Nothing typed: the error summary names each field.
  await expect(admin.getByRole("alert")).toContainText("Enter a real date");
  // A topping out after completion would put the programme out of order: refused, what was typed kept.
  await admin.getByLabel("Value asked for").fill("2099-12-31");
  await admin.getByLabel("Reason (English)").fill("The foundations need a second ground investigation.");
  await admin.getByLabel("Reason (Traditional Chinese)").fill("地基須進行第二次土地勘測。");
  await admin.getByRole("button", { name: "Request the change" }).click();
  await expect(admin.getByRole("alert")).toContainText("out of order");
  await expect(admin.getByLabel("Reason (English)")).toHaveValue("The foundations need a second ground investigation.");
  // A day later than now: still before completion.
  const later = new Date(Date.parse(`${before} UTC`) + 86_400_000);
  const laterText = later.toLocaleDateString("en-HK", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  await admin.getByLabel("Value asked for").fill(later.toISOString().slice(0, 10));
  await admin.getByRole("button", { name: "Request the change" }).click();
  await expect(admin.getByRole("status")).toContainText("Your request was recorded");
  const row = admin.locator("tr[data-variation]").last();
  await expect(row).toContainText("Waiting for a decision");

  // On a phone each variation is a card: its Decide link in sight at once (not past the edge of a
  // table that scrolls in its box), its reason given the card's width, and the page never sideways.
  for (const language of ["en", "zh-Hant"] as const) {
    await switchLanguage(admin, language);
    await admin.setViewportSize({ width: 360, height: 740 });
    await expect(admin.locator("tr[data-variation]").last()).toBeHidden();
    const card = admin.locator("li[data-variation]").last();
    const decide = card.getByRole("link", { name: language === "en" ? /^Decide/ : /^決定/ });
    await decide.scrollIntoViewIfNeeded();
    await expect(decide).toBeInViewport({ ratio: 1 });
    expect(await admin.evaluate(() => document.documentElement.scrollWidth), language).toBeLessThanOrEqual(360);
    const reason = card.locator("dd", { hasText: language === "en" ? "second ground investigation" : "第二次土地勘測" });
    expect((await reason.boundingBox())!.width, language).toBeGreaterThan(250);
    await admin.screenshot({ path: `artifacts/e2e/developments/admin-variation-card-${language}-360.png`, fullPage: true });
  }
  await switchLanguage(admin, "en");
  await admin.setViewportSize({ width: 1280, height: 800 });

  // Decide: approve, then the confirmation page states the consequence.
  await row.getByRole("link", { name: /Decide/ }).click();
  await expect(admin.getByRole("heading", { level: 1 })).toContainText(`Variation for plot ${plot}: Milestone (Topping out)`);
  await everyWay(admin, "developments", "admin-decide-variation");
  // Refusing needs the reason in both languages; a note is written in both or neither.
  await admin.getByLabel("Refuse").check();
  await admin.getByLabel("In English").fill("Ask for both dates together.");
  await admin.getByRole("button", { name: "Continue" }).click();
  await expect(admin.getByRole("alert").getByRole("link")).toHaveText(["Say in Traditional Chinese why the variation is refused."]);
  await admin.getByLabel("Approve").check();
  await admin.getByLabel("In English").fill("Approved: the other milestones stand.");
  await admin.getByLabel("In Traditional Chinese").fill("批准：其他里程碑維持不變。");
  await admin.getByRole("button", { name: "Continue" }).click();
  // Back from the confirmation, the form is as it was filled in.
  await admin.getByRole("button", { name: "Change what you entered" }).click();
  await expect(admin.getByLabel("Approve")).toBeChecked();
  await expect(admin.getByLabel("In English")).toHaveValue("Approved: the other milestones stand.");
  await expect(admin.getByLabel("In Traditional Chinese")).toHaveValue("批准：其他里程碑維持不變。");
  await admin.getByRole("button", { name: "Continue" }).click();
  // The confirmation page is the answer to that POST: checked where it is (a reload would leave it).
  await expect(admin.getByRole("heading", { level: 1 })).toContainText(`Approve this change to plot ${plot}: Milestone (Topping out)?`);
  await expect(admin.locator("main")).toContainText(`instead of ${before}`);
  // The notes that will be emailed, to read once more.
  await expect(admin.locator("dt:text-is('Note to the awardee, in Traditional Chinese') + dd")).toHaveText("批准：其他里程碑維持不變。");
  await expect(admin.locator("main")).toContainText(laterText);
  await expectAccessible(admin);
  await admin.screenshot({ path: "artifacts/e2e/developments/admin-confirm-variation-en-1280.png", fullPage: true });
  await admin.getByRole("button", { name: "Approve the variation" }).click();
  await expect(admin).toHaveURL(`${recordUrl}?decided=1`);
  await expect(admin.getByRole("status")).toContainText("The decision was recorded");
  await expect(admin.locator("tr[data-variation]").last()).toContainText("Approved");
  // The record with its variations table: dates and figures one line each in their cells at 360 px
  // (everyWay checks every data-unbroken), the table scrolling in its own box, not the page.
  await everyWay(admin, "developments", "admin-record");
  await adminContext.close();

  // The awardee's owner reads the record.
  const owner = demoBidders.find((b) => b.name === organisation)!.owner.email;
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, owner, demoBidderPassword, "/developments");
  await page.getByRole("link", { name: plot }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Development record: plot ${plot}` })).toBeVisible();
  const toppingOut = page.locator("ol li[data-milestone=topping_out]");
  await expect(toppingOut).toContainText(`Due by ${laterText}`);
  await expect(toppingOut).toContainText(`first promised for ${before}`);
  await expect(page.locator("svg[role=img] g[data-milestone]")).toHaveCount(5);
  await expect(page.locator("tr[data-variation]").last()).toContainText("The foundations need a second ground investigation.");
  await everyWay(page, "developments", "awardee-record");
  await page.goto("/developments");
  await everyWay(page, "developments", "awardee-list");
  await context.close();
});
