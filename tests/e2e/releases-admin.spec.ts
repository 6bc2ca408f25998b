import { expect, test } from "@playwright/test";
import { expectAccessible } from "./fixtures.ts";

test("an administrator builds a release from three inventory plots, is told when the weights add up to 99, publishes it, and the public sees it", async ({ page, browser }) => {
  await page.goto("/login");
  await page.getByLabel("Email address").fill("admin@demo.hsitp.example");
  await page.getByLabel("Password").fill("demo-admin-pass-2026");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/account$/);

  await page.goto("/admin/releases/new");
  await expect(page.getByRole("heading", { level: 1, name: "New release" })).toBeVisible();
  await page.getByLabel("Code").fill("HSITP-2027-05");
  await page.getByLabel("Phase").selectOption({ label: "Phase 2 East" });
  await page.getByLabel("Title (English)").fill("Phase 2 East: pilot batch");
  await page.getByLabel("Title (Traditional Chinese)").fill("第二期（東）：試點批次");
  for (const code of ["2E-05", "2E-06", "2E-07"]) await page.getByLabel(code, { exact: true }).check();
  await page.getByLabel("Weight 1 (%)").fill("24");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Save as draft" }).click();
  await expect(page.getByRole("alert")).toContainText("The weights add up to 99: they must add up to 100.");
  // What was typed is still there.
  await expect(page.getByLabel("Title (English)")).toHaveValue("Phase 2 East: pilot batch");
  await expect(page.getByLabel("2E-06", { exact: true })).toBeChecked();

  await page.getByLabel("Weight 1 (%)").fill("25");
  await page.getByRole("button", { name: "Save as draft" }).click();
  await expect(page.getByRole("status")).toHaveText("The draft has been saved. It is not public.");

  const visitor = await browser.newContext();
  const publicPage = await visitor.newPage();
  expect((await publicPage.goto("/releases/HSITP-2027-05"))?.status()).toBe(404);

  await page.getByRole("button", { name: "Publish now" }).click();
  await expect(page.getByRole("status")).toHaveText("The release is published.");
  await expectAccessible(page);

  expect((await publicPage.goto("/releases/HSITP-2027-05"))?.status()).toBe(200);
  await expect(publicPage.getByRole("heading", { level: 1, name: "Phase 2 East: pilot batch" })).toBeVisible();
  await expect(publicPage.getByRole("table").first().locator("tbody tr")).toHaveCount(5);
  await expect(publicPage.getByText("Technical pass mark: 60% of the technical maximum.")).toBeVisible();
  await expectAccessible(publicPage);
  await visitor.close();
});
