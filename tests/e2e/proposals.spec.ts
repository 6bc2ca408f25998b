import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { demo, expectAccessible, signIn, fillCommitments } from "./fixtures.ts";
import { emailTo } from "./mailbox.ts";

// Plot 1W-12 of the open demo release is used by no other browser test.
const RELEASE = "HSITP-2026-02";
const PLOT = "1W-12";
const OWNER_EMAIL = demo.owner[0];
const ORGANISATION = "Harbour BioLabs Limited";
/** The largest file the "Development scheme" document accepts: 50 MB. */
const FIFTY_MB = 50 * 1024 * 1024;

let workDir = "";
test.beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), "proposal-e2e-"));
});
test.afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

/** A file of exactly `size` bytes that is a PDF by its first bytes (written to disk: too big to pass as a buffer). */
async function pdfFile(name: string, size: number) {
  const bytes = Buffer.alloc(size, "0");
  bytes.write("%PDF-1.7\n%âãÏÓ\n", 0, "latin1");
  bytes.write("\n%%EOF\n", size - 7, "latin1");
  const file = path.join(workDir, name);
  await writeFile(file, bytes);
  return file;
}

/** Records, from now on, every value the page's upload progress bars take: none is missed, however fast the upload. */
async function recordProgress(page: Page) {
  await page.evaluate(() => {
    const seen: { name: string; value: number }[] = [];
    (window as unknown as { uploadProgress: typeof seen }).uploadProgress = seen;
    const note = (element: Element) => {
      if (element instanceof HTMLProgressElement) seen.push({ name: element.getAttribute("aria-label") ?? "", value: element.value });
    };
    new MutationObserver((mutations) => {
      for (const mutation of mutations) {
        if (mutation.type === "attributes") note(mutation.target as Element);
        for (const node of mutation.addedNodes) {
          if (node instanceof Element) [node, ...node.querySelectorAll("progress")].forEach(note);
        }
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["value"] });
  });
}

const progressSeen = (page: Page, name: string) =>
  page.evaluate((label) => (window as unknown as { uploadProgress: { name: string; value: number }[] }).uploadProgress.filter((p) => p.name === label).map((p) => p.value), name);

test("a proposer fills in a proposal, uploads its documents with progress, submits, gets the receipt by email and checks it publicly; a renamed program is refused", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const bigPdf = await pdfFile("development-scheme.pdf", FIFTY_MB);

  // The owner of the organisation starts a proposal for the plot from the release page.
  await signIn(page, ...demo.owner, `/releases/${RELEASE}`);
  const plots = page.getByRole("region", { name: "Plots in this release" });
  await plots
    .getByRole("button", { name: `Prepare a proposal for ${PLOT}` })
    .or(plots.getByRole("link", { name: `Open your proposal for ${PLOT}` }))
    .click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Proposal for plot ${PLOT}`);
  await expect(page).toHaveURL(/\/proposals\/[0-9a-f-]{36}$/);
  const proposalUrl = page.url();
  await expect(page.getByText("Not submitted: this proposal is a draft and does not count until it is submitted.")).toBeVisible();

  // Autosave: what is typed is saved without pressing anything, and is there after a reload.
  const scheme = "A four-storey wet-lab building around a shared atrium, with a pilot plant on the ground floor.";
  await page.getByLabel("Development scheme", { exact: true }).fill(scheme);
  await expect(page.getByText("All changes saved.")).toBeVisible({ timeout: 15_000 });
  await page.reload();
  await expect(page.getByLabel("Development scheme", { exact: true })).toHaveValue(scheme);

  // Every other field.
  const hint = await page.getByText(/^Whole square metres, at most [\d,]+ m²/).textContent();
  const maxGfa = Number(hint!.match(/at most ([\d,]+)/)![1]!.replace(/,/g, ""));
  const gfa = String(Math.floor(maxGfa * 0.8));
  await page.getByRole("group", { name: "Intended sectors" }).getByLabel("Life and health technology").check();
  await page.getByRole("group", { name: "Intended sectors" }).getByLabel("AI and data science").check();
  await page.getByLabel("Gross floor area (m²)").fill(gfa);
  await page.getByLabel("Programme", { exact: true }).fill("Antibody discovery and GMP pilot production with two university partners.");
  await page.getByLabel("Track record", { exact: true }).fill("Twelve years in Hong Kong; three licensed therapeutics; 140 staff.");
  await page.getByLabel("Jobs and talent plan", { exact: true }).fill("220 jobs within three years, 60 of them research posts; a graduate scheme of 20 places a year.");
  await fillCommitments(page);
  await page.getByLabel("Offered land premium (HK$)").fill("1,250,000,000");
  await page.getByLabel("Investment commitment (HK$)").fill("3,800,000,000");
  await expect(page.getByText("All changes saved.")).toBeVisible({ timeout: 15_000 });

  const documents = page.getByRole("region", { name: "Documents" });
  const documentItem = (name: string) => documents.getByRole("listitem").filter({ has: page.getByRole("heading", { name: new RegExp(`^${name} \\(`) }) });
  const schemeItem = documentItem("Development scheme");
  const programmeItem = documentItem("Programme and track record");
  const financialItem = documentItem("Financial proposal and premium offer");
  const chooseFile = (item: Locator, name: string) => item.getByLabel(`Choose a file for “${name}”`);

  // A program renamed to .pdf is refused by its content, with a clear message, and nothing is kept.
  await chooseFile(programmeItem, "Programme and track record").setInputFiles({
    name: "tool.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.concat([Buffer.from("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00", "latin1"), Buffer.alloc(64 * 1024, 0x90)]),
  });
  await expect(programmeItem.getByRole("alert")).toHaveText(
    "The file's content does not match its type (for example, a program renamed to .pdf). It was refused and removed.",
  );
  await expect(programmeItem).toContainText("No file yet.");
  await expect(programmeItem.getByRole("link", { name: "tool.pdf" })).toHaveCount(0);

  // The 50 MB development scheme, over a 20 MB/s uplink (on loopback it would take a blink): the progress
  // bar appears, climbs step by step to 100 %, then the file is checked and listed with its size.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 20 * 1024 * 1024 });
  await recordProgress(page);
  await chooseFile(schemeItem, "Development scheme").setInputFiles(bigPdf);
  await expect(schemeItem.getByRole("progressbar", { name: "Upload of development-scheme.pdf" })).toBeVisible();
  await expect(schemeItem.getByText(/^development-scheme\.pdf: [1-9]\d?% sent$/)).toBeVisible({ timeout: 30_000 });
  await expect(schemeItem.getByText("development-scheme.pdf was received and checked.")).toBeVisible({ timeout: 120_000 });
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  // React may fold two quick updates into one render (the first step with 0 %, the last with the
  // result), so: it started low, went up step by step and never back, and got most of the way.
  const seen = await progressSeen(page, "Upload of development-scheme.pdf");
  const described = `progress seen: ${seen.join(", ")}`;
  expect(seen[0], described).toBeLessThan(50);
  expect(new Set(seen.filter((value) => value > 0 && value < 100)).size, described).toBeGreaterThanOrEqual(3);
  expect(Math.max(...seen), described).toBeGreaterThanOrEqual(75);
  expect(seen, described).toEqual([...seen].sort((a, b) => a - b));
  await expect(schemeItem.getByRole("progressbar")).toHaveCount(0);
  await expect(schemeItem.getByRole("link", { name: "development-scheme.pdf" })).toBeVisible();
  await expect(schemeItem).toContainText("52,428,800 bytes");

  // The two smaller ones (one of them a spreadsheet: a zip container by its first bytes).
  await chooseFile(programmeItem, "Programme and track record").setInputFiles({
    name: "programme-and-track-record.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(200_000, "1"), Buffer.from("\n%%EOF\n")]),
  });
  await expect(programmeItem.getByText("programme-and-track-record.pdf was received and checked.")).toBeVisible({ timeout: 30_000 });
  await expect(programmeItem.getByRole("link", { name: "programme-and-track-record.pdf" })).toBeVisible();
  await expect(programmeItem).toContainText("200,016 bytes");

  await chooseFile(financialItem, "Financial proposal and premium offer").setInputFiles({
    name: "financial-proposal.xlsx",
    mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    buffer: Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00]), Buffer.alloc(4_088, 0)]),
  });
  await expect(financialItem.getByText("financial-proposal.xlsx was received and checked.")).toBeVisible({ timeout: 30_000 });
  await expect(financialItem.getByRole("link", { name: "financial-proposal.xlsx" })).toBeVisible();
  await expect(financialItem).toContainText("4,096 bytes");

  // The task list: every part complete, the declaration next (on the check page).
  const tasks = page.getByRole("region", { name: "Your proposal, part by part" });
  const task = (name: string) => tasks.getByRole("listitem").filter({ has: page.getByText(name, { exact: true }) });
  for (const name of ["Technical envelope", "Financial envelope", "Development scheme", "Programme and track record", "Financial proposal and premium offer"]) {
    await expect(task(name), name).toContainText("Complete");
  }
  await expect(task("Check your proposal and submit")).toContainText("Not started");
  await expectAccessible(page);

  // After a reload: the three files and the fields are there (figures grouped, as the form shows every figure), the refused program is not.
  await page.reload();
  await expect(documents.getByRole("link", { name: /\.(pdf|xlsx)$/ })).toHaveText(["development-scheme.pdf", "programme-and-track-record.pdf", "financial-proposal.xlsx"]);
  await expect(documents).not.toContainText("tool.pdf");
  await expect(page.getByLabel("Gross floor area (m²)")).toHaveValue(Number(gfa).toLocaleString("en"));
  await expect(page.getByLabel("Offered land premium (HK$)")).toHaveValue("1,250,000,000");
  await expect(page.getByLabel("Investment commitment (HK$)")).toHaveValue("3,800,000,000");

  // Check your proposal: everything that will be sealed, with the full SHA-256 of each file.
  await page.getByRole("button", { name: "Save and check your proposal" }).click();
  await expect(page).toHaveURL(/\/proposals\/[0-9a-f-]{36}\/check$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Check your proposal");
  const technical = page.getByRole("region", { name: "Technical envelope" });
  await expect(technical.locator("dt:text-is('Development scheme') + dd")).toHaveText(scheme);
  await expect(technical.locator("dt:text-is('Intended sectors') + dd")).toHaveText("AI and data science, Life and health technology");
  await expect(page.locator("dt:text-is('Offered land premium (HK$)') + dd")).toHaveText("HK$1,250,000,000");
  const sealedScheme = page.getByRole("region", { name: "Documents" }).locator("dt:text-is('Development scheme') + dd");
  await expect(sealedScheme).toContainText("development-scheme.pdf");
  await expect(sealedScheme).toContainText("52,428,800 bytes");
  await expect(sealedScheme.locator("code")).toHaveText(createHash("sha256").update(await readFile(bigPdf)).digest("hex"));
  await expectAccessible(page);

  // Declaration, submission, confirmation, receipt.
  await page.getByLabel(`I declare, on behalf of ${ORGANISATION}`).check();
  await page.getByRole("button", { name: "Submit proposal" }).click();
  await expect(page).toHaveURL(/\/submitted\/R-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Proposal submitted");
  const confirmed = (await page.getByText(/^R-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/).textContent())!;
  await expect(page.getByText(/\(UTC\+8\)/).first()).toBeVisible();
  await expect(page.getByText("Your proposal has been submitted and sealed.")).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: "View and print your receipt" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Receipt of submission");
  const receiptNumber = (await page.locator("dt:text-is('Receipt number') + dd").textContent())!;
  const digest = (await page.locator("dt:text-is('SHA-256 of the sealed package') + dd").textContent())!;
  expect(receiptNumber).toBe(confirmed);
  expect(page.url()).toContain(`/receipts/${receiptNumber}`);
  expect(digest).toMatch(/^[0-9a-f]{64}$/);
  await expect(page.locator("dt:text-is('Version') + dd")).toHaveText("1 · counts");
  // Every sealed file's full SHA-256, in the order of the required documents.
  await expect(page.getByRole("region", { name: "What was sealed" }).locator("code")).toHaveText([
    createHash("sha256").update(await readFile(bigPdf)).digest("hex"),
    /^[0-9a-f]{64}$/,
    /^[0-9a-f]{64}$/,
  ]);
  await expectAccessible(page);

  const download = page.waitForEvent("download", { timeout: 15_000 });
  await page.getByRole("link", { name: "Download the signed receipt" }).click();
  const downloaded = await readFile((await (await download).path())!, "utf8");
  expect(JSON.parse(downloaded)).toMatchObject({ receiptNumber, release: RELEASE, plot: PLOT, organisation: ORGANISATION, version: 1, packageDigest: digest });

  // The submitted proposal opens read-only, with the way to a new version.
  await page.goto(proposalUrl);
  await expect(page.getByText(`Submitted: version 1 counts (receipt ${receiptNumber}).`)).toBeVisible();
  await expect(page.getByLabel("Development scheme", { exact: true })).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Technical envelope" }).locator("dt:text-is('Development scheme') + dd")).toHaveText(scheme);
  await page.getByRole("link", { name: "Prepare a new version" }).click();
  await expect(page.getByLabel("Development scheme", { exact: true })).toHaveValue(scheme);

  // The receipt email to the owner carries the same signed receipt.
  const email = await emailTo(OWNER_EMAIL, new RegExp(`^Receipt ${receiptNumber}: proposal for plot ${PLOT} \\(${RELEASE}\\)$`), 30_000);
  expect(email.text).toContain(`SHA-256 of the sealed package: ${digest}`);
  const emailed = email.text.match(/^\{\n[\s\S]*?\n\}$/m)?.[0];
  expect(emailed, "the signed receipt in the email").toBeDefined();
  expect(JSON.parse(emailed!)).toEqual(JSON.parse(downloaded));

  // Anyone can check it on the public page; one changed character and it is a forgery.
  const visitor = await browser.newContext();
  const publicPage = await visitor.newPage();
  await publicPage.goto("/receipts/verify");
  await publicPage.getByLabel("Receipt", { exact: true }).fill(emailed!);
  await publicPage.getByRole("button", { name: "Check" }).click();
  await expect(publicPage.getByRole("status")).toContainText("Genuine and unaltered: the portal signed this receipt and holds this submission.");
  await expect(publicPage.getByRole("status")).toContainText(`Receipt ${receiptNumber}: release ${RELEASE}, plot ${PLOT}, ${ORGANISATION}`);
  await expectAccessible(publicPage);

  // The downloaded file itself, chosen instead of pasted.
  await publicPage.getByLabel("Receipt", { exact: true }).fill("");
  await publicPage.getByLabel("Receipt file").setInputFiles({ name: "receipt.json", mimeType: "application/json", buffer: Buffer.from(downloaded) });
  await publicPage.getByRole("button", { name: "Check" }).click();
  await expect(publicPage.getByRole("status")).toContainText("Genuine and unaltered");
  await publicPage.getByLabel("Receipt file").setInputFiles([]);

  const forgedDigest = digest.slice(0, -1) + (digest.endsWith("0") ? "1" : "0");
  await publicPage.getByLabel("Receipt", { exact: true }).fill(emailed!.replace(digest, forgedDigest));
  await publicPage.getByRole("button", { name: "Check" }).click();
  await expect(publicPage.getByRole("status")).toHaveText("Altered or forged: the signature does not match the receipt's contents.");
  await visitor.close();
});
