import { expect, test } from "@playwright/test";
import { demoBidderPassword, demoBidders } from "../../prisma/demo-park.ts";
import { demo, everyWay, signIn } from "./fixtures.ts";

/**
 * One progress report from entry to verification: a submitter of the awarded organisation reports
 * a milestone reached with a document, checks the answers and submits; an administrator verifies
 * it on its confirmation page, and the milestone shows as reached. The development is the demo's
 * overdue one (plot 1W-03: construction start past its date, the plot still awarded), reported on by
 * its awardee's owner.
 */
test("an awardee reports progress with a document and an administrator verifies it", async ({ page }) => {
  test.setTimeout(300_000);
  await signIn(page, demo.admin[0], demo.admin[1], "/admin/developments");
  await page.locator('tr[data-development="1W-03"]').getByRole("link", { name: "1W-03" }).click();
  const organisation = (await page.locator("[data-organisation]").getAttribute("data-organisation"))!;
  const development = new URL(page.url()).pathname.split("/").at(-1)!;
  const owner = demoBidders.find((b) => b.name === organisation)!.owner.email;
  await page.context().clearCookies();
  const progress = `/developments/${development}/reports`;
  await signIn(page, owner, demoBidderPassword, progress);
  await expect(page.getByRole("heading", { name: "Milestones" })).toBeVisible();
  await expect(page.getByText("Overdue").first()).toBeVisible();
  // The demo's earlier reports: the one submitted here is verified at the end.
  const verifiedBefore = await page.getByText("Verified", { exact: true }).count();
  await everyWay(page, "progress-reports", "01-progress");

  await page.getByRole("link", { name: "Report progress" }).click();
  await expect(page.getByRole("heading", { name: "Report progress", level: 1 })).toBeVisible();
  // The promised floor area in the hint is grouped ("At most 107,430 m²", never "107430").
  await expect(page.getByText(/^At most [\d,]+ m², the floor area promised\.$/)).toHaveText(/At most \d{1,3}(,\d{3})* m²/);
  await everyWay(page, "progress-reports", "02-form");
  const reachedOn = new Date(Date.now() + 8 * 3_600_000 - 3 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel(/^Construction start/).fill(reachedOn);
  await page.getByLabel("Investment spent to date (HK$)").fill("250,000,000");
  await page.getByLabel("Research posts filled to date").fill("12");
  await page.getByLabel("Graduate places filled to date").fill("3");
  await page.getByLabel("Gross floor area completed (m²)").fill("0");
  await page.getByLabel("Gross floor area let (m²)").fill("0");
  await page.getByLabel("Progress in your words (optional)").fill("Piling is finished and the superstructure contract is let.");
  await page.getByLabel("Evidence documents (optional)").setInputFiles({ name: "commencement-notice.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.7\nconsent to commence\n") });
  await page.getByRole("button", { name: "Continue" }).click();

  await expect(page.getByRole("heading", { name: "Check your report before submitting it" })).toBeVisible();
  await expect(page.getByText("commencement-notice.pdf")).toBeVisible();
  await expect(page.getByText("HK$250,000,000")).toBeVisible();
  // The check page is the answer to a form: shown at both widths here, not reloaded in each language.
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await page.screenshot({ path: `artifacts/e2e/progress-reports/03-check-en-${width}.png`, fullPage: true });
  }
  await page.getByRole("button", { name: "Submit the report" }).click();
  await expect(page.getByRole("heading", { name: "Report submitted" })).toBeVisible();
  await expect(page.getByRole("link", { name: "commencement-notice.pdf" })).toBeVisible();
  await everyWay(page, "progress-reports", "04-submitted");
  const reportPath = new URL(page.url()).pathname;

  await page.context().clearCookies();
  await signIn(page, demo.admin[0], demo.admin[1], `/admin${reportPath}`);
  await expect(page.getByText("Awaiting review")).toBeVisible();
  await everyWay(page, "progress-reports", "05-review");
  await page.getByRole("link", { name: "Verify the report" }).click();
  await expect(page.getByText("The plot's state changes from Awarded to Under construction.")).toBeVisible();
  await everyWay(page, "progress-reports", "06-verify");
  await page.getByRole("button", { name: "Verify the report" }).click();
  await expect(page.getByRole("status")).toContainText("Report verified");

  await page.goto(progress);
  await expect(page.getByText("Reached late")).toBeVisible();
  await expect(page.getByText("Verified", { exact: true })).toHaveCount(verifiedBefore + 1);
  await everyWay(page, "progress-reports", "07-verified");
});
