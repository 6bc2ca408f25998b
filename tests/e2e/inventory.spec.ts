import { expect, test } from "@playwright/test";
import { demo, expectAccessible, signIn } from "./fixtures.ts";

const DLON = 100 / (111_320 * Math.cos((22.51 * Math.PI) / 180));
const DLAT = 100 / 110_574;
/** Squares of about 100 m just east of the demo park (which ends near longitude 114.093). */
const square = (col: number) => {
  const [x, y] = [114.094 + col * DLON, 22.5115];
  return [[x, y], [x + DLON, y], [x + DLON, y + DLAT], [x, y + DLAT], [x, y]];
};
const collection = (features: { code: string; col: number; gfa: number }[]) =>
  JSON.stringify({
    type: "FeatureCollection",
    features: features.map((f) => ({
      type: "Feature",
      properties: { code: f.code, phase: "P2E", maxGfaM2: f.gfa, permittedUses: ["dry_lab_rnd"] },
      geometry: { type: "Polygon", coordinates: [square(f.col)] },
    })),
  });

test("an administrator imports plots: a broken row is reported and nothing is imported until the file is right", async ({ page }) => {
  await signIn(page, ...demo.admin);
  await page.goto("/admin/plots");
  await expect(page.getByRole("heading", { level: 1, name: "Plot inventory" })).toBeVisible();

  const broken = collection([{ code: "2E-81", col: 1, gfa: 20_000 }, { code: "2E-82", col: 1, gfa: 20_000 }]);
  await page.getByLabel("File (CSV or GeoJSON, at most 2 MB)").setInputFiles({ name: "east.geojson", mimeType: "application/geo+json", buffer: Buffer.from(broken) });
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.getByRole("alert")).toContainText("Nothing has been imported");
  await expect(page.getByText("The boundary overlaps plot 2E-81.")).toBeVisible();
  await expectAccessible(page);

  const fixed = collection([{ code: "2E-81", col: 1, gfa: 20_000 }, { code: "2E-82", col: 2, gfa: 20_000 }]);
  await page.getByLabel("File (CSV or GeoJSON, at most 2 MB)").setInputFiles({ name: "east.geojson", mimeType: "application/geo+json", buffer: Buffer.from(fixed) });
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.getByRole("status")).toHaveText("2 plots are ready to import.");
  await page.getByRole("button", { name: "Import 2 plots" }).click();
  await expect(page.getByRole("link", { name: "2E-81", exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "2E-82", exact: true })).toBeVisible();

  await page.getByRole("link", { name: "2E-82", exact: true }).click();
  await page.getByLabel("Reason (recorded and shown in the audit log)").fill("Surveyed again: merged into 2E-81");
  await page.getByRole("button", { name: "Retire it" }).click();
  await expect(page.getByRole("status")).toHaveText("The plot has been retired from the inventory.");
  await expectAccessible(page);
});
