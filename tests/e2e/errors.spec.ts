import { expect, test, type Locator, type Page } from "@playwright/test";
import { brokenCodes, demo, expectAccessible, signIn } from "./fixtures.ts";

// Each test checks the error state with axe and photographs it at two widths: slow on a shared machine.
test.slow();

/** The error summary under its heading ("There is a problem" or 出現問題). */
function summaryOf(page: Page, title = "There is a problem") {
  return page.locator("div[tabindex='-1']").filter({ has: page.getByRole("heading", { level: 2, name: title }) });
}

/** The summary's links say `messages`, in order, and each leads to one control on the page. */
async function expectLinks(page: Page, summary: Locator, messages: (string | RegExp)[]) {
  const links = summary.getByRole("link");
  await expect(links).toHaveText(messages);
  for (const href of await links.evaluateAll((anchors) => anchors.map((a) => a.getAttribute("href") ?? ""))) {
    expect(href, "a link to a control").toMatch(/^#./);
    await expect(page.locator(`[id="${href.slice(1)}"]`), href).toHaveCount(1);
  }
}

/** The error state as people see it, on a phone and on a desktop; no code in a message ("HK-CR-1234567") cut in two. */
async function screenshots(page: Page, name: string) {
  for (const [width, height] of [[360, 740], [1280, 900]] as const) {
    await page.setViewportSize({ width, height });
    expect(await brokenCodes(page), `${name} at ${width} px`).toEqual([]);
    await page.screenshot({ path: `artifacts/errors/${name}-${width}.png`, fullPage: true });
  }
}

test("sign-up refused in the browser: the summary takes focus, links every problem to its field, and what was typed stays", async ({ page }) => {
  await page.goto("/signup");
  await page.getByLabel("Email address").fill("olivia@");
  await page.getByRole("button", { name: "Register" }).click();
  const summary = summaryOf(page);
  await expect(summary).toBeFocused();
  await expectLinks(page, summary, [
    "Enter your full name.",
    "Enter an email address in the correct format, like name@example.com.",
    "Enter a new password of at least 12 characters.",
  ]);
  // The field's own message says the same, read as an error.
  await expect(page.getByLabel("Full name")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Error: Enter your full name.")).toHaveCount(1);
  await expect(page.getByLabel("Email address")).toHaveValue("olivia@");
  await expectAccessible(page);
  await screenshots(page, "signup-en");

  await summary.getByRole("link", { name: "Enter your full name." }).click();
  await expect(page.getByLabel("Full name")).toBeFocused();
  // Submitting again with the same problems focuses the summary again.
  await page.getByRole("button", { name: "Register" }).click();
  await expect(summary).toBeFocused();
});

test("a form says nothing while a person moves from field to field: it checks when sent, then clears a message as the field is put right", async ({ page }) => {
  await page.goto("/signup");
  await page.waitForLoadState("networkidle");
  const register = page.getByRole("button", { name: "Register" });
  const before = await register.boundingBox();
  // Into each field and out again, the email half typed: no message, and the button stays under the pointer.
  await page.getByLabel("Full name").focus();
  await page.getByLabel("Email address").fill("olivia@");
  await page.getByLabel("Password", { exact: true }).focus();
  await page.getByLabel("Full name").focus();
  await expect(page.getByText(/^Error:/)).toHaveCount(0);
  await expect(page.getByLabel("Email address")).not.toHaveAttribute("aria-invalid", "true");
  expect(await register.boundingBox()).toEqual(before);
  await register.click();
  await expect(summaryOf(page)).toBeFocused();
  await expect(page.getByText("Error: Enter your full name.")).toHaveCount(1);
  // Once flagged, each change checks again: the message goes as the name is typed.
  await page.getByLabel("Full name").pressSequentially("Olivia");
  await expect(page.getByText("Error: Enter your full name.")).toHaveCount(0);
  await expect(page.getByLabel("Full name")).not.toHaveAttribute("aria-invalid", "true");
});

test("sign-up refused by the server without JavaScript, in Chinese: every problem linked, the email kept, the password not", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "zh-HK" });
  const page = await context.newPage();
  await page.goto("/signup");
  await page.getByLabel("電郵地址").fill("mei@errors.example");
  await page.getByLabel("密碼", { exact: true }).fill("short");
  await page.getByRole("button", { name: "註冊" }).click();
  const summary = summaryOf(page, "出現問題");
  await expectLinks(page, summary, ["請輸入您的全名。", "請輸入最少 12 個字元的密碼。"]);
  await expect(page.getByLabel("電郵地址")).toHaveValue("mei@errors.example");
  await expect(page.getByLabel("密碼", { exact: true })).toHaveValue("");
  // Without JavaScript the link is an ordinary anchor: following it lands on the field.
  await summary.getByRole("link", { name: "請輸入您的全名。" }).click();
  await expect(page).toHaveURL(/#/);
  await expect(page.locator(":target")).toHaveAttribute("name", "name");
  // (axe runs as a script, so it checks this state in the Chinese organisation test, with JavaScript.)
  await screenshots(page, "signup-zh-Hant");
  await context.close();
});

test("the organisation form: every field linked, the sectors' link lands on the first box, in both languages", async ({ page }) => {
  await signIn(page, ...demo.owner);
  await page.goto("/organisations");
  await page.getByLabel("Registration number").fill("HK");
  await page.getByLabel("Registration number").blur();
  await page.getByRole("button", { name: "Create the organisation" }).click();
  const summary = summaryOf(page);
  await expect(summary).toBeFocused();
  await expectLinks(page, summary, [
    "Enter the organisation's name.",
    "Enter a registration number like HK-CR-1234567, using only letters, digits, spaces, dots, slashes and hyphens.",
    "Choose where the organisation is from.",
    "Choose at least one focus sector.",
  ]);
  await summary.getByRole("link", { name: "Choose at least one focus sector." }).click();
  await expect(page.getByLabel("AI and data science")).toBeFocused();
  await expect(page.getByLabel("Registration number")).toHaveValue("HK");
  await expectAccessible(page);
  await screenshots(page, "organisation-en");

  await page.getByRole("button", { name: "繁體中文" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-Hant");
  await page.getByLabel("機構名稱").fill("河套量子有限公司");
  await page.getByLabel("機構名稱").blur();
  await page.getByRole("button", { name: "建立機構" }).click();
  const chinese = summaryOf(page, "出現問題");
  await expect(chinese).toBeFocused();
  await expectLinks(page, chinese, ["請輸入註冊編號，例如 HK-CR-1234567。", "請選擇機構的所屬地區。", "請最少選擇一個重點範疇。"]);
  await expect(page.getByLabel("機構名稱")).toHaveValue("河套量子有限公司");
  await expectAccessible(page);
  await screenshots(page, "organisation-zh-Hant");
  // The switch also set the owner's profile language: back to English for the tests that follow.
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
});

test("the release builder lists and links every problem, the criteria's total included", async ({ page }) => {
  await signIn(page, ...demo.admin);
  await page.goto("/admin/releases/new");
  await page.getByLabel("Code").fill("");
  await page.getByLabel("Title (English)").fill("Phase 2 East: errors batch");
  await page.getByLabel("Weight 1 (%)").fill("0");
  await page.getByLabel("Maximum size 1 (MB)").fill("");
  await page.getByRole("button", { name: "Save as draft" }).click();
  const summary = summaryOf(page);
  await expect(summary).toBeFocused();
  await expectLinks(page, summary, [
    "Use a release code of capital letters, digits and hyphens, e.g. HSITP-2027-02.",
    "Enter the title in Traditional Chinese.",
    "Choose at least one plot.",
    "A weight is a whole number from 1 to 100.",
    "The maximum size is a whole number of megabytes from 1 to 2,000.",
  ]);
  // Every problem beside a field is in the summary: none is left out.
  await expect(page.locator("ul[id$='-error'] > li")).toHaveCount(5);
  await expect(page.getByLabel("Title (English)")).toHaveValue("Phase 2 East: errors batch");
  await expectAccessible(page);
  await screenshots(page, "builder-en");

  await page.getByLabel("Code").fill("HSITP-2027-09");
  await page.getByLabel("Title (Traditional Chinese)").fill("第二期（東）：錯誤批次");
  // The first plot of the inventory, whichever it is now: the summary's link for plots lands on it.
  await page.locator("#release-plotCodes").check();
  await page.getByLabel("Weight 1 (%)").fill("24");
  await page.getByLabel("Maximum size 1 (MB)").fill("50");
  await page.getByRole("button", { name: "Save as draft" }).click();
  await expect(summary).toBeFocused();
  await expectLinks(page, summary, ["The weights add up to 99: they must add up to 100."]);
  await summary.getByRole("link").click();
  await expect(page.getByRole("group", { name: "Evaluation criteria" })).toBeFocused();
});

test("release administration: a refused cancellation links to the missing reason and keeps the one typed", async ({ page }) => {
  await signIn(page, ...demo.admin);
  // The confirmation page asks for the public reasons.
  await page.goto("/admin/releases/HSITP-2026-02/cancel");
  const cancel = page.getByRole("main");
  await cancel.getByLabel("Public reason (Traditional Chinese)").fill("測試原因");
  await cancel.getByRole("button", { name: "Cancel the release" }).click();
  const summary = summaryOf(page);
  await expect(summary).toBeFocused();
  await expectLinks(page, summary, ["Enter the public reason in English (at least 3 characters)."]);
  await summary.getByRole("link").click();
  await expect(cancel.getByLabel("Public reason (English)")).toBeFocused();
  await expect(cancel.getByLabel("Public reason (Traditional Chinese)")).toHaveValue("測試原因");
  await expectAccessible(page);
  await screenshots(page, "release-administration-en");
});

test("the receipt check asks for the receipt when none is pasted", async ({ page }) => {
  await page.goto("/receipts/verify");
  await page.getByRole("button", { name: "Check" }).click();
  const summary = summaryOf(page);
  await expect(summary).toBeFocused();
  await expectLinks(page, summary, ["Paste the text of your receipt."]);
  await summary.getByRole("link").click();
  await expect(page.getByLabel("Receipt", { exact: true })).toBeFocused();
  await expectAccessible(page);
});
