import { expect, test, type Page } from "@playwright/test";
import { brokenCodes, demo, everyWay, expectAccessible, signIn, switchLanguage } from "./fixtures.ts";

// Pages are only looked at here (confirmation pages are opened, never confirmed), so the other specs'
// releases keep their states: HSITP-2026-01 finished, -02 open, 2027-01 a draft. The stages of
// HSITP-2026-03, which evaluation.spec.ts takes from closed to published, are checked there, step by step.
const FINISHED = "HSITP-2026-01";
const OPEN = "HSITP-2026-02";
const DRAFT = "HSITP-2027-01";
const PHONE = { width: 360, height: 740 };

test("the staff stages and their confirmation pages, in the three languages at both widths: accessible, on the phone's width, codes whole", async ({ browser }) => {
  // Eight pages, each checked by axe six times and photographed six times.
  test.setTimeout(900_000);
  const chairContext = await browser.newContext();
  const chair = await chairContext.newPage();
  await signIn(chair, ...demo.chair, "/evaluation");
  for (const path of ["/evaluation", `/evaluation/${FINISHED}`, `/evaluation/${FINISHED}/moderation`]) {
    await chair.goto(path);
    await everyWay(chair, "staff", `chair${path.replace(/\W+/g, "-")}`);
  }
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, ...demo.admin, "/admin/releases");
  for (const path of [
    "/admin/releases",
    `/admin/releases/${FINISHED}/evaluation`,
    `/admin/releases/${OPEN}/cancel`,
    `/admin/releases/${OPEN}/withdraw?plot=1W-08`,
    `/admin/releases/${DRAFT}/delete`,
  ]) {
    await admin.goto(path);
    await everyWay(admin, "staff", `admin${path.replace(/\W+/g, "-")}`);
  }
  await chairContext.close();
  await adminContext.close();
});

test("tables that do not fit scroll in their own named box, with the first column fixed and a shadow where columns are hidden", async ({ browser }) => {
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await signIn(page, ...demo.evaluator, `/evaluation/${FINISHED}`);
  const scoring = (await page.getByRole("link", { name: "View scores" }).first().getAttribute("href"))!;
  await page.goto(scoring);
  // The other evaluators' scores: wider than the phone, inside a box the keyboard can reach, named for what it holds.
  const box = page.getByRole("group", { name: "Other evaluators' scores (table: scroll sideways to see every column)" });
  await expect(box).toHaveAttribute("tabindex", "0");
  const sizes = await box.evaluate((b) => ({ scroll: b.scrollWidth, client: b.clientWidth, right: b.getBoundingClientRect().right }));
  expect(sizes.scroll).toBeGreaterThan(sizes.client);
  expect(sizes.right).toBeLessThanOrEqual(PHONE.width);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  // At the start the right edge hides columns: its shadow shows; none on the left yet.
  await expect(box).toHaveAttribute("data-hidden-after", "");
  await expect(box).not.toHaveAttribute("data-hidden-before", "");
  await expect(box.locator("xpath=following-sibling::span[@data-scroll-cue]")).toHaveCSS("opacity", "1");
  const firstCell = box.locator("tbody tr").first().locator("td").first();
  const before = (await firstCell.boundingBox())!.x;
  // The keyboard scrolls it: the first column stays, the shadow moves to the left edge.
  await box.focus();
  for (let i = 0; i < 40; i++) await page.keyboard.press("ArrowRight");
  await expect(box).toHaveAttribute("data-hidden-before", "");
  await expect(box).not.toHaveAttribute("data-hidden-after", "");
  expect((await firstCell.boundingBox())!.x).toBeCloseTo(before, 0);
  await expectAccessible(page);

  await context.close();

  // The chair's moderation matrix is the same table: named per proposal, its criterion column fixed.
  const chairContext = await browser.newContext({ viewport: PHONE });
  const chair = await chairContext.newPage();
  await signIn(chair, ...demo.chair, `/evaluation/${FINISHED}/moderation`);
  const matrix = chair.getByRole("group", { name: /^Scores of .*\(table: scroll sideways to see every column\)$/ }).first();
  await expect(matrix).toBeVisible();
  const rowHeader = matrix.locator("tbody tr").first().locator("th").first();
  const at = (await rowHeader.boundingBox())!.x;
  await matrix.evaluate((b) => b.scrollBy({ left: 400 }));
  await expect(matrix).toHaveAttribute("data-hidden-before", "");
  expect((await rowHeader.boundingBox())!.x).toBeCloseTo(at, 0);
  await chairContext.close();
});

/** The smallest text in the page's pictures as drawn (its size times the picture's scaling), in pixels. */
async function smallestPictureText(page: Page): Promise<number> {
  const sizes = await page.locator("main figure svg text").evaluateAll((texts) =>
    texts.map((text) => parseFloat(getComputedStyle(text).fontSize) * ((text as SVGGraphicsElement).getScreenCTM()?.a ?? 0)),
  );
  expect(sizes.length).toBeGreaterThan(0);
  return Math.min(...sizes);
}

test("the chair's moderation page reads on a phone and in Chinese: charts' text at full size, column labels whole, one sentence a line", async ({ browser }) => {
  const context = await browser.newContext({ viewport: PHONE });
  const chair = await context.newPage();
  await signIn(chair, ...demo.chair, `/evaluation/${FINISHED}/moderation`);
  for (const language of ["en", "zh-Hant"] as const) {
    await switchLanguage(chair, language);
    for (const viewport of [PHONE, { width: 1280, height: 800 }]) {
      await chair.setViewportSize(viewport);
      const where = `${language} at ${viewport.width} px`;
      expect(await smallestPictureText(chair), where).toBeGreaterThanOrEqual(12);
      // Every criterion's and evaluator's name whole, inside the page: not cut at its left edge.
      const names = await chair.locator("main figure [role=img] p").evaluateAll((ps) => ps.map((p) => ({ left: p.getBoundingClientRect().left, cut: p.scrollWidth > p.clientWidth })));
      expect(names.length, where).toBeGreaterThan(0);
      expect(names.filter((name) => name.left < 0 || name.cut), where).toEqual([]);
      expect(await chair.evaluate(() => document.documentElement.scrollWidth), where).toBeLessThanOrEqual(viewport.width);
      // An evaluator's name heads their column whole: "Wong Ka-yan", not "Wong Ka-" / "yan".
      const hyphenated = await chair.locator("main article thead th").filter({ hasText: /\w-\w/ }).evaluateAll((ths) =>
        ths.map((th) => {
          const range = document.createRange();
          range.selectNodeContents(th);
          return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
        }),
      );
      expect(hyphenated.length, where).toBeGreaterThan(0);
      expect(hyphenated.filter((lines) => lines > 1), where).toEqual([]);
    }
  }
  // At 1,280 px a Chinese column label of the ranking is a word, not a column of characters: it
  // breaks, if at all, only at its punctuation ("投標地價" / "（港元）").
  const labels = await chair.getByRole("group", { name: /^各地段排名/ }).locator("thead th").evaluateAll((ths) =>
    ths.map((th) => {
      const range = document.createRange();
      range.selectNodeContents(th);
      return { label: th.textContent ?? "", lines: new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size };
    }),
  );
  expect(labels.length).toBeGreaterThan(5);
  expect(labels.filter(({ label, lines }) => lines > (/[（(]/.test(label) ? 2 : 1))).toEqual([]);
  // The progress and a conflict are sentences of their own, not run together with a separator after a full stop.
  await expect(chair.locator("main")).not.toContainText("。 ·");
  const conflict = chair.locator("main article p").filter({ hasText: "申報了衝突" });
  await expect(conflict).toHaveCount(1);
  await expect(conflict).not.toContainText("提交");
  await context.close();
});

test("plot codes stay whole in the staff tables at 1,280 px and on a phone", async ({ page }) => {
  await signIn(page, ...demo.admin, `/admin/releases/${FINISHED}/evaluation`);
  for (const viewport of [{ width: 1280, height: 800 }, PHONE]) {
    await page.setViewportSize(viewport);
    for (const path of [`/admin/releases/${FINISHED}/evaluation`, "/admin/releases", "/admin/plots", `/releases/${OPEN}`, "/plots/1W-07"]) {
      await page.goto(path);
      // (Each page holds codes to check: the test would pass vacuously otherwise.)
      expect(await page.locator("[data-unbroken]").count(), path).toBeGreaterThan(0);
      expect(await brokenCodes(page), `${path} at ${viewport.width} px`).toEqual([]);
    }
  }
  // The area figure and its unit stay together in Chinese too.
  await switchLanguage(page, "zh-Hant");
  await expect(page.locator("[data-unbroken]").filter({ hasText: /^[\d,]+ 平方米$/ }).first()).toBeVisible();
  expect(await brokenCodes(page)).toEqual([]);
});

test("a file is chosen with a button in the page's language; the native input stays labelled and works without JavaScript", async ({ browser }) => {
  for (const javaScriptEnabled of [true, false]) {
    const context = await browser.newContext({ javaScriptEnabled, locale: "zh-HK" });
    const page = await context.newPage();
    await page.goto("/receipts/verify");
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-Hant");
    const button = page.locator("[data-file-button]");
    await expect(button).toHaveText("選擇檔案");
    await expect(button).toBeVisible();
    // The native input keeps the field's own label (its accessible name) and its place in the form.
    const input = page.locator("input[type=file]");
    await expect(input).toHaveAccessibleName(/收據/);
    await input.setInputFiles({ name: "receipt.json", mimeType: "application/json", buffer: Buffer.from("{}") });
    if (javaScriptEnabled) {
      await expect(page.getByText("已選擇：receipt.json")).toBeVisible();
      await expectAccessible(page);
    }
    // Sent, the file is read: an empty receipt is refused for what it is, not as a missing one.
    await page.locator("form").filter({ has: input }).locator("button[type=submit]").click();
    await expect(page.getByRole("status").or(page.getByRole("alert")).first()).toBeVisible();
    await context.close();
  }
});

test("on a phone the plot's site plan shows only codes that can be read, every code once enlarged", async ({ browser }) => {
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await page.goto("/plots/1W-07");
  const plan = page.locator("figure").filter({ has: page.locator("[data-plot-label]") }).first();
  const heights = async () => plan.locator("[data-plot-label]").evaluateAll((labels) => labels.map((l) => l.getBoundingClientRect().height).filter((h) => h > 0));
  const shown = await heights();
  expect(shown.length).toBeGreaterThan(0);
  expect(Math.min(...shown)).toBeGreaterThanOrEqual(9);
  await plan.getByText("Enlarge the plan", { exact: true }).click();
  const enlarged = await heights();
  expect(enlarged.length).toBeGreaterThan(shown.length);
  expect(Math.min(...enlarged)).toBeGreaterThanOrEqual(9);
  await context.close();
});
