import { expect, test, type Page } from "@playwright/test";
import { demo, everyWay, signIn, switchLanguage, unbrokenDates } from "./fixtures.ts";

/**
 * The values a chart's dashed target line runs across ("2|5%"), measured as the browser drew them:
 * each text's box against each target line of the same chart, in the chart's own units.
 */
async function crossedValues(page: Page): Promise<string[]> {
  return page.locator("figure svg[role=img]").evaluateAll((charts) =>
    charts.flatMap((chart) => {
      const lines = [...chart.querySelectorAll("line[stroke-dasharray]")] as SVGLineElement[];
      return ([...chart.querySelectorAll("text")] as SVGTextElement[])
        .filter((text) => {
          const box = text.getBBox();
          return lines.some((line) => {
            const x = line.x1.baseVal.value;
            const [top, bottom] = [line.y1.baseVal.value, line.y2.baseVal.value];
            return x > box.x - 1.5 && x < box.x + box.width + 1.5 && bottom > box.y && top < box.y + box.height;
          });
        })
        .map((text) => `${chart.querySelector("title")?.textContent}: ${text.textContent}`);
    }),
  );
}

// Each page is checked eight ways (two languages, two widths, axe each time): long pages take a while.
test.describe.configure({ timeout: 300_000 });

test("the park's portfolio: pictures with their tables, at 360 px and in every language, and its CSV", async ({ page }) => {
  await page.goto("/portfolio");
  await expect(page.getByRole("heading", { level: 1, name: "The park's portfolio" })).toBeVisible();
  // Each chart is an image named after its section, with a table of the same figures beside it.
  for (const heading of ["Gross floor area against the target", "Sector mix of the awardees", "Origin mix of the awardees", "Investment and jobs: promised and delivered", "Programme milestones"]) {
    await expect(page.getByRole("img", { name: heading })).toBeVisible();
    await expect(page.getByRole("group", { name: new RegExp(heading) })).toBeVisible();
  }
  const milestones = page.getByRole("group", { name: /Programme milestones/ });
  await expect(milestones.getByRole("row", { name: /Overdue 1/ })).toBeVisible();
  await expect(page.getByRole("group", { name: /Gross floor area against the target/ }).getByRole("row", { name: /Whole park/ })).toContainText("1,200,000 m²");
  await everyWay(page, "portfolio", "public");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download the figures (CSV)" }).click()]);
  expect(download.suggestedFilename()).toBe("park-portfolio.csv");
  const csv = await (await page.request.get("/portfolio.csv")).text();
  expect(csv.split("\r\n")[0]).toBe("figure,phase,category,value,target,as_of");
  expect(csv).toContain("milestones,,overdue,1,,");
});

test("administrators see each development's standing and change the targets", async ({ page }) => {
  await signIn(page, ...demo.admin, "/admin/portfolio");
  const developments = page.getByRole("group", { name: /Development records/ });
  await expect(developments.getByRole("row", { name: /1W-03/ })).toContainText("Milestone past its date: construction start");
  await expect(developments.getByRole("link", { name: "1W-03" })).toHaveAttribute("href", /^\/admin\/developments\/[0-9a-f-]{36}$/);
  // A missed report's date is never cut in two ("No report for 12 Nov" / "2026" at 360 px).
  for (const language of ["en", "zh-Hant"] as const) {
    await switchLanguage(page, language);
    const missed = page.locator("section[aria-labelledby=developments-heading] li", { hasText: language === "en" ? "No report for" : "未有提交" });
    await expect(missed).toHaveCount(1);
    expect(await unbrokenDates(missed), language).toHaveLength(1);
  }
  await switchLanguage(page, "en");
  await everyWay(page, "portfolio", "admin");
  // No target line crosses a value, in any language, at either width.
  for (const language of ["en", "zh-Hant", "zh-Hans"] as const) {
    await switchLanguage(page, language);
    for (const width of [360, 1280]) {
      await page.setViewportSize({ width, height: 800 });
      expect(await crossedValues(page), `${language} at ${width} px`).toEqual([]);
    }
  }
  await switchLanguage(page, "en");

  await page.getByRole("link", { name: "Change the park's targets" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "The park's targets" })).toBeVisible();
  await everyWay(page, "portfolio", "targets");
  await page.getByLabel("Overseas").fill("80");
  await page.getByRole("button", { name: "Save the targets" }).click();
  await expect(page.getByRole("alert")).toContainText("The shares add up to 155%");
  await expect(page.locator("#park-targets-originShares-error")).toContainText("The shares add up to 155%");
  await page.getByLabel("Overseas").fill("25");
  await page.getByLabel("Gross floor area of the whole park").fill("1,300,000");
  await page.getByRole("button", { name: "Save the targets" }).click();
  await expect(page.getByRole("status")).toContainText("The targets are saved");
  await page.goto("/portfolio");
  await expect(page.getByRole("group", { name: /Gross floor area against the target/ }).getByRole("row", { name: /Whole park/ })).toContainText("1,300,000 m²");
});
