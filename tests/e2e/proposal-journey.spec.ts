import { expect, test, type Page } from "@playwright/test";
import { brokenCodes, demo, expectAccessible, signIn, fillCommitments } from "./fixtures.ts";

// Plots 1W-16 and 1W-14 of the open demo release are used by no other browser test.
const RELEASE = "HSITP-2026-02";
const PLOT = "1W-16";
const REFUSED_PLOT = "1W-14";
const ORGANISATION = "Harbour BioLabs Limited";
const CONTRIBUTOR = ["contributor@demo.hsitp.example", "demo-contributor-pass-2026"] as const;

/** Saves the page as it is now, at a phone's width and a desktop's, for people to look at (artifacts/). */
async function keep(page: Page, name: string) {
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: width === 360 ? 740 : 900 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} at ${width} px`).toBeLessThanOrEqual(width);
    await page.screenshot({ path: `artifacts/e2e/proposal-${name}-${width}.png`, fullPage: true });
  }
}

/** The same page in Traditional Chinese (the language cookie), checked and kept, then back to English. */
async function keepInChinese(page: Page, name: string) {
  const url = new URL(page.url());
  await page.context().addCookies([{ name: "lang", value: Buffer.from(JSON.stringify("zh-Hant")).toString("base64"), url: url.origin }]);
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-Hant");
  await keep(page, `${name}-zh-Hant`);
  await expectAccessible(page);
  await page.context().clearCookies({ name: "lang" });
  await page.reload();
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** Fills every field and sends a small file for each mandatory document. */
async function completeOnPage(page: Page) {
  await page.getByLabel("Development scheme", { exact: true }).fill("Laboratories for cell therapy, four storeys.");
  await page.getByRole("group", { name: "Intended sectors" }).getByLabel("Life and health technology").check();
  await page.getByLabel("Gross floor area (m²)").fill("12000");
  await page.getByLabel("Programme", { exact: true }).fill("Built 2027-2029.");
  await page.getByLabel("Track record", { exact: true }).fill("Eight years in the park.");
  await page.getByLabel("Jobs and talent plan", { exact: true }).fill("120 jobs.");
  await fillCommitments(page);
  await page.getByLabel("Offered land premium (HK$)").fill("980,000,000");
  await page.getByLabel("Investment commitment (HK$)").fill("2,100,000,000");
  const pdf = (name: string) => ({ name, mimeType: "application/pdf", buffer: Buffer.from(`%PDF-1.7\n${name}\n%%EOF\n`) });
  const xlsx = { name: "financial.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(1_020, 0)]) };
  for (const [document, file] of [["Development scheme", pdf("scheme.pdf")], ["Programme and track record", pdf("programme.pdf")], ["Financial proposal and premium offer", xlsx]] as const) {
    await page.getByLabel(`Choose a file for “${document}”`).setInputFiles(file);
    await expect(page.getByText(`${file.name} was received and checked.`)).toBeVisible({ timeout: 30_000 });
  }
}

test("the proposal as a task list: check, a forgotten declaration recovered without a reload, confirmation, receipt; then read-only, and a contributor sees who can submit", async ({ page, browser }) => {
  test.setTimeout(240_000);
  await signIn(page, ...demo.owner, `/releases/${RELEASE}`);
  await page.getByRole("region", { name: "Plots in this release" }).getByRole("button", { name: `Prepare a proposal for ${PLOT}` }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Proposal for plot ${PLOT}`);
  const proposalUrl = page.url();

  const tasks = page.getByRole("region", { name: "Your proposal, part by part" });
  const task = (name: string) => tasks.getByRole("listitem").filter({ has: page.getByText(name, { exact: true }) });
  await expect(task("Technical envelope")).toContainText("Not started");
  await expect(task("Check your proposal and submit")).toContainText("Cannot start yet");
  await expect(task("Check your proposal and submit").getByRole("link")).toHaveCount(0);
  await keep(page, "tasks-new");
  await expectAccessible(page);

  // The check page of a proposal not ready yet lists what is missing, each linked to where it is given.
  const proposalId = new URL(proposalUrl).pathname.split("/").pop()!;
  await page.goto(`${proposalUrl}/check`);
  const missing = page.getByRole("note").filter({ hasText: "Something required is still missing" });
  await expect(missing.getByRole("link", { name: "Offered land premium (HK$)" })).toHaveAttribute("href", `/proposals/${proposalId}?edit#proposal-${proposalId}-landPremiumHkd`);
  await expect(missing.getByRole("link", { name: "Financial proposal and premium offer" })).toHaveAttribute("href", /\?edit#document-[0-9a-f-]{36}$/);
  await keep(page, "check-incomplete");
  await missing.getByRole("link", { name: "Gross floor area (m²)" }).click();
  await expect(page).toHaveURL(`${proposalUrl}?edit#proposal-${proposalId}-grossFloorAreaM2`);
  await expect(page.getByLabel("Gross floor area (m²)")).toBeInViewport();

  await completeOnPage(page);
  await expect(page.getByText("All changes saved.")).toBeVisible({ timeout: 15_000 });
  await page.reload();
  for (const name of ["Technical envelope", "Financial envelope", "Development scheme", "Programme and track record", "Financial proposal and premium offer"]) {
    await expect(task(name), name).toContainText("Complete");
  }
  await expect(page.getByLabel("Offered land premium (HK$)")).toHaveValue("980,000,000");
  await keep(page, "tasks-complete");
  await keepInChinese(page, "tasks-complete");

  // A last change, and straight on to the check page (the autosave of that change may still be on its way).
  await page.getByLabel("Programme", { exact: true }).fill("Built 2027-2029, opened in two stages.");
  await page.getByRole("button", { name: "Save and check your proposal" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Check your proposal");
  await expect(page.locator("dt:text-is('Programme') + dd")).toHaveText("Built 2027-2029, opened in two stages.");
  await expect(page.locator("dt:text-is('Investment commitment (HK$)') + dd")).toHaveText("HK$2,100,000,000");
  // "Change" goes to the field itself, not the top of its envelope.
  await page.getByRole("link", { name: "Change Offered land premium (HK$)" }).click();
  await expect(page.getByLabel("Offered land premium (HK$)")).toBeInViewport();
  await page.goBack();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Check your proposal");
  await keep(page, "check");
  await expectAccessible(page);
  await keepInChinese(page, "check");

  // Submit without the declaration: told what to do, nothing else changes; tick it and submit again: done.
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
  await page.getByRole("button", { name: "Submit proposal" }).click();
  await expect(page.getByRole("alert")).toContainText("Tick the declaration to submit.");
  await expect(page.getByText("Someone else saved this draft meanwhile")).toHaveCount(0);
  await keep(page, "check-declaration-forgotten");
  await expectAccessible(page);
  await page.getByLabel(`I declare, on behalf of ${ORGANISATION}`).check();
  await page.getByRole("button", { name: "Submit proposal" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Proposal submitted");
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument), "recovered without a reload").toBe(true);
  const receiptNumber = (await page.getByText(/^R-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/).textContent())!;
  await keep(page, "confirmation");
  await expectAccessible(page);
  await keepInChinese(page, "confirmation");

  await page.getByRole("link", { name: "View and print your receipt" }).click();
  await expect(page.locator("dt:text-is('Receipt number') + dd")).toHaveText(receiptNumber);
  await expect(page.locator("#main").getByText("Hong Kong-Shenzhen Innovation and Technology Park")).toBeVisible();
  await expect(page.locator("dt:text-is('Check this receipt at') + dd")).toHaveText(/\/receipts\/verify$/);
  await keep(page, "receipt");
  await keepInChinese(page, "receipt");
  // On paper: the receipt without the site's header, menus and buttons.
  await page.emulateMedia({ media: "print" });
  await expect(page.locator("body > header")).toBeHidden();
  await expect(page.getByRole("link", { name: "Download the signed receipt" })).toBeHidden();
  await expect(page.locator("dt:text-is('Receipt number') + dd")).toBeVisible();
  await page.emulateMedia({ media: "screen" });

  // Submitted: the proposal opens as a summary, with the way to a new version.
  await page.goto(proposalUrl);
  await expect(page.getByLabel("Programme", { exact: true })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Prepare a new version" })).toBeVisible();
  await keep(page, "submitted");
  await expectAccessible(page);

  // A contributor: no Submit button, but the names of who can submit.
  const other = await browser.newContext();
  const contributor = await other.newPage();
  await signIn(contributor, ...CONTRIBUTOR, new URL(proposalUrl).pathname + "/check");
  await expect(contributor.getByRole("button", { name: /Submit/ })).toHaveCount(0);
  const who = contributor.getByRole("region", { name: "Who can submit" });
  await expect(who).toContainText("Peter Proposer (Owner)");
  await expect(who).toContainText("Sally Submitter (Submitter)");
  await keep(contributor, "contributor-check");
  await expectAccessible(contributor);
  await other.close();
});

/** The error summary under its heading. */
const summaryOf = (page: Page, title: string) => page.locator("div[tabindex='-1']").filter({ has: page.getByRole("heading", { level: 2, name: title }) });

test("a save refused on a phone: the summary opens the page, focused, says nothing was saved and keeps every figure as typed, with JavaScript and without", async ({ page, browser }) => {
  test.setTimeout(180_000);
  await signIn(page, ...demo.owner, `/releases/${RELEASE}`);
  await page.getByRole("region", { name: "Plots in this release" }).getByRole("button", { name: `Prepare a proposal for ${REFUSED_PLOT}` }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Proposal for plot ${REFUSED_PLOT}`);
  const proposalUrl = page.url();
  const hint = await page.getByText(/^Whole square metres, at most [\d,]+ m²/).textContent();
  const maxGfa = Number(hint!.match(/at most ([\d,]+)/)![1]!.replace(/,/g, ""));
  const overMax = (maxGfa + 1_000).toLocaleString("en");
  const gfa = page.getByLabel("Gross floor area (m²)");
  const premium = page.getByLabel("Offered land premium (HK$)");
  const investment = page.getByLabel("Investment commitment (HK$)");
  const technical = page.getByRole("region", { name: "Your proposal, part by part" }).getByRole("listitem").filter({ has: page.getByText("Technical envelope", { exact: true }) });

  await page.setViewportSize({ width: 360, height: 740 });
  await gfa.fill(overMax);
  await premium.fill("1,250,000,000");
  await investment.fill("about 3 billion");
  await page.getByRole("button", { name: "Save draft" }).click();
  const summary = summaryOf(page, "There is a problem");
  await expect(summary).toBeFocused();
  await expect(summary).toBeInViewport();
  await expect(summary).toContainText("Your changes were not saved. What you typed is still in the form below: correct it, then save again.");
  await expect(summary.getByRole("link")).toHaveText(["The gross floor area exceeds the plot's maximum.", "Type the investment commitment in whole Hong Kong dollars, like 3,800,000,000."]);
  // What was typed stays exactly as typed; the task list counts only what is saved, and says so.
  await expect(gfa).toHaveValue(overMax);
  await expect(premium).toHaveValue("1,250,000,000");
  await expect(investment).toHaveValue("about 3 billion");
  await expect(technical).toContainText("0 of 13 answers saved");
  await expect(page.getByText("Draft saved.")).toHaveCount(0);
  // The heading's plot code stays on one line beside the summary ("1W-" and "14" apart read as two things).
  await expect(page.getByRole("heading", { level: 1 }).locator("[data-unbroken]")).toHaveText(REFUSED_PLOT);
  expect(await brokenCodes(page)).toEqual([]);
  await expectAccessible(page);
  await keep(page, "refused");
  await page.setViewportSize({ width: 360, height: 740 });
  await summary.getByRole("link", { name: "The gross floor area exceeds the plot's maximum." }).click();
  await expect(gfa).toBeFocused();

  // Put right and saved: after a reload every figure shows grouped, as typed.
  const withinMax = maxGfa.toLocaleString("en");
  await gfa.fill(withinMax);
  await investment.fill("3800000000");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByText("Draft saved.")).toBeVisible();
  // Refused after that save, this time by the browser's own check: "Draft saved." goes as the summary comes.
  await gfa.fill(overMax);
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(summary).toBeVisible();
  await expect(page.getByText("Draft saved.")).toHaveCount(0);
  await gfa.fill(withinMax);
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByText("Draft saved.")).toBeVisible();
  await page.reload();
  await expect(gfa).toHaveValue(withinMax);
  await expect(premium).toHaveValue("1,250,000,000");
  await expect(investment).toHaveValue("3,800,000,000");
  await expect(technical).toContainText("1 of 13 answers saved");

  // Without JavaScript, in Traditional Chinese: the answer opens at the summary, focused by the browser.
  const noScript = await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState(), viewport: { width: 360, height: 740 } });
  await noScript.addCookies([{ name: "lang", value: Buffer.from(JSON.stringify("zh-Hant")).toString("base64"), url: new URL(proposalUrl).origin }]);
  const plain = await noScript.newPage();
  await plain.goto(proposalUrl);
  await plain.getByLabel("總樓面面積（平方米）").fill(overMax);
  await plain.getByLabel("所出地價（港元）").fill("十二億五千萬");
  await plain.getByRole("button", { name: "儲存草稿" }).click();
  const chinese = summaryOf(plain, "出現問題");
  await expect(chinese).toBeFocused();
  await expect(chinese).toBeInViewport();
  await expect(chinese).toContainText("您的更改未有儲存。您輸入的內容仍在下方表格內，請更正後再儲存。");
  await expect(plain.getByLabel("總樓面面積（平方米）")).toHaveValue(overMax);
  await expect(plain.getByLabel("所出地價（港元）")).toHaveValue("十二億五千萬");
  await expect(plain.getByLabel("投資承諾（港元）")).toHaveValue("3,800,000,000");
  await expect(plain.getByText("已儲存 1 項答案，共 13 項")).toBeVisible();
  await keep(plain, "refused-without-javascript-zh-Hant");
  await noScript.close();
});
