import { createHash } from "node:crypto";
import { expect, test } from "@playwright/test";
import { demo, expectAccessible, signIn } from "./fixtures.ts";
import { linkFromEmail } from "./mailbox.ts";

test("an administrator builds a release from three inventory plots, is told when the weights add up to 99, publishes it, and the public sees it", async ({ page, browser }) => {
  await signIn(page, ...demo.admin);

  await page.goto("/admin/releases/new");
  await expect(page.getByRole("heading", { level: 1, name: "New release" })).toBeVisible();
  const deadline = await page.getByLabel("Submission deadline").inputValue();
  await page.getByLabel("Code").fill("HSITP-2027-05");
  await page.getByLabel("Phase").selectOption({ label: "Phase 2 East" });
  await page.getByLabel("Title (English)").fill("Phase 2 East: pilot batch");
  await page.getByLabel("Title (Traditional Chinese)").fill("第二期（東）：試點批次");
  for (const code of ["2E-05", "2E-06", "2E-07"]) await page.getByLabel(code, { exact: true }).check();
  await page.getByLabel("Weight 1 (%)").fill("24");
  // The running total, as the weights are typed; the written-out Hong Kong date beside each time.
  await expect(page.getByText("Weights add up to 99 of 100")).toBeVisible();
  await page.getByLabel("Submission deadline").fill("2027-01-04T12:00");
  await expect(page.getByText("Hong Kong time: Mon, 4 Jan 2027, 12:00 (UTC+8)")).toBeVisible();
  await page.getByLabel("Submission deadline").fill(deadline);
  await expectAccessible(page);
  await page.getByRole("button", { name: "Save as draft" }).click();
  await expect(page.getByRole("alert")).toContainText("The weights add up to 99: they must add up to 100.");
  // What was typed is still there.
  await expect(page.getByLabel("Title (English)")).toHaveValue("Phase 2 East: pilot batch");
  await expect(page.getByLabel("2E-06", { exact: true })).toBeChecked();

  await page.getByLabel("Weight 1 (%)").fill("25");
  await page.getByRole("button", { name: "Save as draft" }).click();
  await expect(page.getByRole("status")).toHaveText("The draft has been saved. It is not public.");

  // Tender documents: a real PDF is kept with its digest; a program renamed .pdf is refused.
  const pdf = Buffer.from("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");
  await page.getByLabel("Title (English)", { exact: true }).last().fill("Conditions of tender");
  await page.getByLabel("Title (Traditional Chinese)", { exact: true }).last().fill("招標條件");
  await page.getByLabel("File (PDF, XLSX, DOCX or ZIP, at most 100 MB)").setInputFiles({ name: "conditions.pdf", mimeType: "application/pdf", buffer: pdf });
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByRole("status")).toHaveText("The document has been uploaded.");
  await expect(page.getByText(`SHA-256 ${createHash("sha256").update(pdf).digest("hex")}`)).toBeVisible();
  await page.getByLabel("Title (English)", { exact: true }).last().fill("Site survey");
  await page.getByLabel("Title (Traditional Chinese)", { exact: true }).last().fill("地盤勘察");
  await page.getByLabel("File (PDF, XLSX, DOCX or ZIP, at most 100 MB)").setInputFiles({ name: "survey.pdf", mimeType: "application/pdf", buffer: Buffer.from("MZ\x90 not a pdf") });
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByRole("alert")).toContainText("The file's content is not what its name says");

  const visitor = await browser.newContext();
  const publicPage = await visitor.newPage();
  expect((await publicPage.goto("/releases/HSITP-2027-05"))?.status()).toBe(404);

  await page.getByRole("button", { name: "Publish now" }).click();
  await expect(page.getByRole("status")).toHaveText("The release is published.");
  await expectAccessible(page);

  expect((await publicPage.goto("/releases/HSITP-2027-05"))?.status()).toBe(200);
  await expect(publicPage.getByRole("heading", { level: 1, name: "Phase 2 East: pilot batch" })).toBeVisible();
  await expect(publicPage.getByRole("region", { name: "Evaluation criteria" }).getByRole("table").locator("tbody tr")).toHaveCount(5);
  await expect(publicPage.getByRole("region", { name: "Plots in this release" }).getByRole("table").locator("tbody tr")).toHaveCount(3);
  await expect(publicPage.getByText("Technical pass mark: 60% of the technical maximum.")).toBeVisible();
  const download = await publicPage.request.get((await publicPage.getByRole("link", { name: "Conditions of tender" }).getAttribute("href"))!);
  expect(download.status()).toBe(200);
  expect((await download.body()).equals(pdf)).toBe(true);
  expect(download.headers()["content-disposition"]).toContain("conditions.pdf");
  await expectAccessible(publicPage);
  await visitor.close();

  // A proposer asks a question; the administrator answers; the answer is public and emailed.
  const proposer = await browser.newContext();
  const proposerPage = await proposer.newPage();
  await signIn(proposerPage, ...demo.owner, "/releases/HSITP-2027-05");
  await proposerPage.getByLabel("Ask a question").fill("Is a joint bid by two organisations allowed?");
  await proposerPage.getByRole("button", { name: "Send the question" }).click();
  await expect(proposerPage.getByRole("status")).toHaveText("Your question has been sent. You will be emailed when it is answered.");
  await expect(proposerPage.getByRole("button", { name: "Stop following" })).toBeVisible();

  await page.reload();
  await page.getByLabel("Answer (published with the question, without the asker's name)").fill("Yes, if one organisation leads and both sign the declaration.");
  await page.getByRole("button", { name: "Publish the answer" }).click();
  await expect(page.getByRole("status")).toHaveText("The answer is published and followers are being emailed.");

  await proposerPage.reload();
  await expect(proposerPage.getByText("Yes, if one organisation leads and both sign the declaration.")).toBeVisible();
  expect(await linkFromEmail("proposer@demo.hsitp.example", /A clarification of HSITP-2027-05 has been answered/)).toContain("/releases/HSITP-2027-05#clarifications");
  await proposer.close();

  // Withdrawing a plot and cancelling the release each go through a page that says what will happen.
  await page.getByLabel("Plot to withdraw").selectOption("2E-07");
  await page.getByRole("button", { name: "Withdraw the plot" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Withdraw plot 2E-07 from HSITP-2027-05?");
  await expect(page.getByText("Plot 2E-07 returns to the inventory; 2 plots stay offered.")).toBeVisible();
  // A published release's conditions change: the page names the addendum and what it does to the deadline.
  await expect(page.getByText(/^This changes the tender conditions, so addendum \d+ is issued with the public reason/)).toBeVisible();
  await expect(page.getByText(/^The submission deadline stays .+\(UTC\+8\): at least 7 days remain\.$/)).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Public reason (English)").fill("The plot is needed for a district cooling plant.");
  await page.getByLabel("Public reason (Traditional Chinese)").fill("地段須用作區域供冷系統。");
  await page.getByRole("button", { name: "Withdraw the plot" }).click();
  await expect(page.getByRole("status")).toHaveText("The plot is withdrawn and back in the inventory.");
  const addendaPage = await browser.newPage();
  await addendaPage.goto("/releases/HSITP-2027-05#addenda");
  await expect(addendaPage.locator("#addenda").getByText("Plot 2E-07 is withdrawn from this release. Reason: The plot is needed for a district cooling plant.")).toBeVisible();
  await expect(addendaPage.locator("#addenda").getByText("Plot 2E-07 withdrawn", { exact: true })).toBeVisible();
  await addendaPage.close();

  await page.getByRole("link", { name: "Cancel the release" }).click();
  await expect(page.getByText("Its 2 plots return to the inventory: 2E-05, 2E-06.")).toBeVisible();
  await page.getByRole("button", { name: "Cancel the release" }).click();
  // The reasons are required: nothing is cancelled without them, and the summary says what to write.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Cancel the release HSITP-2027-05?");
  await expect(page.getByRole("alert")).toContainText("Enter the public reason in English (at least 3 characters).");
  await page.getByLabel("Public reason (English)").fill("The pilot batch is merged into the next release.");
  await page.getByLabel("Public reason (Traditional Chinese)").fill("試點批次併入下一批次。");
  await page.getByRole("button", { name: "Cancel the release" }).click();
  await expect(page.getByRole("status")).toHaveText("The release is cancelled; its plots are back in the inventory.");
});

test("the builder adds and removes criteria rows, with and without JavaScript, and a draft is deleted only after its confirmation page", async ({ page, browser }) => {
  await signIn(page, ...demo.admin);
  await page.goto("/admin/releases/new");
  await expect(page.getByText("Weights add up to 100 of 100")).toBeVisible();
  await page.getByRole("button", { name: "Add a criterion" }).click();
  await page.getByLabel("Weight 6 (%)").fill("5");
  await expect(page.getByText("Weights add up to 105 of 100")).toBeVisible();
  await page.getByRole("button", { name: "Remove criterion 6" }).click();
  await expect(page.getByLabel("Weight 6 (%)")).toHaveCount(0);
  await expect(page.getByText("Weights add up to 100 of 100")).toBeVisible();
  await page.getByRole("button", { name: "Remove document 3" }).click();
  await expect(page.getByLabel("Document 4 (English)")).toHaveCount(0);

  const noScript = await browser.newContext({ javaScriptEnabled: false });
  const plain = await noScript.newPage();
  await signIn(plain, ...demo.admin);
  await plain.goto("/admin/releases/new");
  await plain.getByLabel("Title (English)").fill("Kept while rows change");
  await plain.getByRole("button", { name: "Add a criterion" }).click();
  await expect(plain.getByLabel("Criterion 6 (English)")).toBeVisible();
  await expect(plain.getByLabel("Title (English)")).toHaveValue("Kept while rows change");
  await plain.getByRole("button", { name: "Remove criterion 1" }).click();
  await expect(plain.getByLabel("Criterion 6 (English)")).toHaveCount(0);
  await expect(plain.getByText("Weights add up to 75 of 100")).toBeVisible();
  await noScript.close();

  await page.goto("/admin/releases/HSITP-2027-01");
  await page.getByRole("link", { name: "Delete the draft" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Delete the draft release HSITP-2027-01?");
  await expect(page.getByText(/^The draft, its \d+ criteria/)).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Go back without doing this" }).click();
  await expect(page).toHaveURL(/\/admin\/releases\/HSITP-2027-01$/);
});
