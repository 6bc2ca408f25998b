import { expect, test } from "@playwright/test";
import { expectAccessible } from "./fixtures.ts";

const OPEN_RELEASE = "HSITP-2026-02";

test("a visitor switches to Chinese, opens the open release and sees its plots and site plan", async ({ page }) => {
  const blocked: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
  });
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1, name: "Land plots for tender" })).toBeVisible();
  await expect(page.getByText("(UTC+8)").first()).toBeVisible();
  const timer = page.getByRole("timer").first();
  const before = await timer.textContent();
  await expect(timer).not.toHaveText(before ?? "", { timeout: 3_000 });
  await expectAccessible(page);

  await page.getByRole("button", { name: "繁體中文" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-Hant");
  await expect(page.getByRole("heading", { level: 1, name: "招標地段" })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("link", { name: "第一期（西）：第二批十幅地段" }).click();
  await expect(page).toHaveURL(new RegExp(`/releases/${OPEN_RELEASE}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("第一期（西）：第二批十幅地段");
  await expect(page.getByRole("region", { name: "本批次的地段" }).getByRole("table").locator("tbody tr")).toHaveCount(10);
  const sitePlan = page.getByRole("group", { name: "本批次總綱圖" });
  // The release's ten plots and the park's plots around them; not the far east of phase 2.
  expect(await sitePlan.locator("polygon").count()).toBeGreaterThan(10);
  await expect(sitePlan.getByRole("link", { name: /^地段 2E-16：/ })).toHaveCount(0);
  await expect(sitePlan.getByRole("link", { name: "地段 1W-07：招標中" })).toBeVisible();
  await expect(page.getByRole("img", { name: `招標批次 ${OPEN_RELEASE} 時間表` })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: "artifacts/e2e/release-zh-Hant.png", fullPage: true });

  await sitePlan.getByRole("link", { name: "地段 1W-07：招標中" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("地段 1W-07");
  // The plot's history names the release (and, while it is open, so does "How to submit a proposal").
  await expect(page.getByRole("link", { name: new RegExp(OPEN_RELEASE) }).first()).toBeVisible();
  await expectAccessible(page);
  // The enforcing policy let every script of ours run (the countdown ticked) and blocked nothing.
  expect(blocked).toEqual([]);
});

test("the reader's own time appears where it differs from Hong Kong", async ({ browser }) => {
  const london = await browser.newContext({ timezoneId: "Europe/London", locale: "en-GB" });
  const page = await london.newPage();
  await page.goto("/");
  await expect(page.getByText(/^Your time: .*\(UTC\)$/).first()).toBeVisible();
  await london.close();

  const hongKong = await browser.newContext({ timezoneId: "Asia/Hong_Kong" });
  const local = await hongKong.newPage();
  await local.goto("/");
  await expect(local.getByRole("timer").first()).toBeVisible();
  await expect(local.getByText(/^Your time:/)).toHaveCount(0);
  await hongKong.close();
});

test("the public pages and the language switch work without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/releases");
  // Other browser tests may have published releases of their own: at least the demo two.
  expect(await page.getByRole("table").locator("tbody tr").count()).toBeGreaterThanOrEqual(2);
  await page.getByRole("button", { name: "繁體中文" }).click();
  await expect(page).toHaveURL(/\/releases$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-Hant");
  await expect(page.getByRole("heading", { level: 1, name: "招標批次" })).toBeVisible();
  await page.goto(`/releases/${OPEN_RELEASE}`);
  await expect(page.getByRole("region", { name: "本批次的地段" }).getByRole("table").locator("tbody tr")).toHaveCount(10);
  await context.close();
});

test("drafts, unknown and malformed addresses get the 404 page", async ({ page }) => {
  for (const path of ["/releases/HSITP-2027-01", "/releases/not a code", "/plots/9Z-99", "/no/such/page"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  }
  await expectAccessible(page);
});

test("the releases page pictures every published release's timeline and the park's plots by state", async ({ page }) => {
  await page.goto("/releases");
  const published = await page.getByRole("table").locator("tbody tr").count();
  expect(published).toBeGreaterThanOrEqual(2);
  await page.getByLabel("State", { exact: true }).selectOption({ label: "Open for proposals" });
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/state=open/);
  const openRows = page.getByRole("table").locator("tbody tr");
  // The URL changes before the filtered list is drawn: wait for the list itself.
  await expect(async () => {
    const count = await openRows.count();
    expect(count).toBeGreaterThanOrEqual(1);
    expect(count).toBeLessThan(published);
  }).toPass({ timeout: 5_000 });
  for (const row of await openRows.all()) await expect(row).toContainText("Open for proposals");
  await page.goto("/releases");
  const chart = page.getByRole("img", { name: "All published releases on one time line" });
  await expect(chart).toBeVisible();
  await expect(chart.locator("rect")).toHaveCount(published);
  const sitePlan = page.getByRole("group", { name: "All plots of the park by state" });
  // The demo park's 32 plots, and any a test before this one added.
  expect(await sitePlan.locator("polygon").count()).toBeGreaterThanOrEqual(32);
  await expect(page.getByText("In inventory", { exact: true })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: "artifacts/e2e/releases-en.png", fullPage: true });
});

test("a countdown on a shared copy of a page counts from the server's time, the copy's age added", async ({ page }) => {
  const url = `/releases/${OPEN_RELEASE}`;
  // Copies live 2 s: once every earlier one is gone, one is made and left to age past half its life,
  // so the next visitor is given it as it is (and its successor renders meanwhile).
  await page.waitForTimeout(2_100);
  const made = (await page.request.get(url)).headers()["server-timing"] ?? "";
  expect(made).toContain('page-cache;desc="miss"');
  // Aim 1.3 s after the copy's rendering began (its age when answered is the rendering's time).
  await page.waitForTimeout(Math.max(0, 1_300 - Number(/age;dur=(\d+)/.exec(made)?.[1])));
  // The browser's clock is far from the server's and stands still: the countdown must not depend on
  // it. (Playwright's own clock would hide the navigation's timing, which the page reads.)
  await page.addInitScript(() => {
    Date.now = () => Date.UTC(2020, 0, 1);
  });
  await page.goto(url);
  await page.waitForFunction(() => "__remixRouter" in window);
  const { age, serverNow, deadline } = await page.evaluate(() => {
    const [navigation] = performance.getEntriesByType("navigation") as PerformanceNavigationTiming[];
    const router = (window as unknown as { __remixRouter: { state: { loaderData: Record<string, { serverNow: Date; release: { submissionDeadline: Date } }> } } }).__remixRouter;
    const data = router.state.loaderData["routes/releases.$code"]!;
    return { age: navigation!.serverTiming.find((entry) => entry.name === "age")!.duration, serverNow: data.serverNow.getTime(), deadline: data.release.submissionDeadline.getTime() };
  });
  expect(age).toBeGreaterThanOrEqual(1_000);
  const seconds = Math.floor((deadline - serverNow - age) / 1000);
  const expected = `${Math.floor(seconds / 86_400)} d ${Math.floor((seconds % 86_400) / 3_600)} h ${Math.floor((seconds % 3_600) / 60)} min ${seconds % 60} s`;
  await expect(page.getByRole("timer").first()).toHaveText(expected, { timeout: 3_000 });
});
