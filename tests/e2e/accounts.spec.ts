import { expect, test, type Page } from "@playwright/test";
import { expectAccessible } from "./fixtures.ts";
import { linkFromEmail } from "./mailbox.ts";

const PASSWORD = "a perfectly long passphrase";

async function signUpAndVerify(page: Page, name: string, email: string) {
  await page.goto("/signup");
  await page.getByLabel("Full name").fill(name);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Register" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await page.goto(await linkFromEmail(email, /Confirm your email address/));
  await page.getByRole("button", { name: "Confirm my email address" }).click();
  // Confirmed in the browser that registered: signed in at once.
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("navigation", { name: "Your account" })).toContainText(name);
}

async function logIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/account$/);
}

test("sign up, verify by email, create an organisation, invite a member who accepts", async ({ page, browser }) => {
  await signUpAndVerify(page, "Olivia Owner", "olivia@e2e.example");
  await expectAccessible(page);

  await page.getByRole("link", { name: "Organisations" }).click();
  await page.getByLabel("Name of the organisation").fill("Riverloop Quantum Limited");
  await page.getByLabel("Registration number").fill("HK-CR-9988776");
  await page.getByLabel("Where it is from").selectOption({ label: "Overseas" });
  await page.getByLabel("AI and data science").check();
  await page.getByLabel("Microelectronics").check();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Create the organisation" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Riverloop Quantum Limited" })).toBeVisible();
  const organisationUrl = page.url();

  await page.getByLabel("Email address").fill("mei@e2e.example");
  await page.getByLabel("Role", { exact: true }).selectOption({ label: "Submitter" });
  await page.getByRole("button", { name: "Send the invitation" }).click();
  await expect(page.getByText(/Invited: mei@e2e\.example as Submitter/)).toBeVisible();
  await expectAccessible(page);

  const member = await browser.newContext();
  const memberPage = await member.newPage();
  await signUpAndVerify(memberPage, "Mei Member", "mei@e2e.example");
  await memberPage.goto(await linkFromEmail("mei@e2e.example", /invites you to join Riverloop Quantum Limited/));
  await expect(memberPage.getByText("Olivia Owner invites you to join Riverloop Quantum Limited as Submitter.")).toBeVisible();
  await expectAccessible(memberPage);
  await memberPage.getByRole("button", { name: "Accept the invitation" }).click();
  await expect(memberPage.getByRole("heading", { level: 1, name: "Riverloop Quantum Limited" })).toBeVisible();
  await expect(memberPage.getByText("Your role: Submitter")).toBeVisible();
  await member.close();

  await page.goto(organisationUrl);
  const members = page.getByRole("table").locator("tbody tr");
  await expect(members).toHaveCount(2);
  await expect(members.nth(1)).toContainText("mei@e2e.example");
  await page.screenshot({ path: "artifacts/e2e/organisation-members.png", fullPage: true });
});

const demoRoles = [
  { email: "admin@demo.hsitp.example", password: "demo-admin-pass-2026", sees: ["Administration"], not: ["Organisations", "Evaluation"] },
  { email: "evaluator@demo.hsitp.example", password: "demo-evaluator-pass-2026", sees: ["Evaluation"], not: ["Administration", "Organisations"] },
  { email: "chair@demo.hsitp.example", password: "demo-chair-pass-2026", sees: ["Evaluation"], not: ["Administration", "Organisations"] },
  { email: "submitter@demo.hsitp.example", password: "demo-submitter-pass-2026", sees: ["Organisations", "Harbour BioLabs Limited"], not: ["Administration", "Evaluation"] },
  { email: "contributor@demo.hsitp.example", password: "demo-contributor-pass-2026", sees: ["Organisations", "Harbour BioLabs Limited"], not: ["Administration", "Evaluation"] },
  { email: "proposer@demo.hsitp.example", password: "demo-proposer-pass-2026", sees: ["Organisations", "Harbour BioLabs Limited"], not: ["Administration", "Evaluation"] },
  { email: "newcomer@demo.hsitp.example", password: "demo-newcomer-pass-2026", sees: ["Organisations"], not: ["Administration", "Evaluation", "Harbour BioLabs Limited"] },
];

for (const role of demoRoles) {
  test(`the demo ${role.email.split("@")[0]} sees only that role's navigation`, async ({ page }) => {
    await logIn(page, role.email, role.password);
    const nav = page.getByRole("navigation", { name: "Your account" });
    for (const text of role.sees) await expect(nav.getByText(text, { exact: true }).first()).toBeVisible();
    for (const text of role.not) await expect(nav.getByText(text, { exact: true })).toHaveCount(0);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByRole("navigation", { name: "Your account" }).getByRole("link", { name: "Sign in" })).toBeVisible();
  });
}

test("an administrator verifies the audit chain from the browser", async ({ page }) => {
  await logIn(page, "admin@demo.hsitp.example", "demo-admin-pass-2026");
  await page.goto("/admin/audit");
  await expect(page.getByRole("status")).toContainText("The audit chain is intact");
  await expectAccessible(page);
});

test("a used or forged link gets a clear page with a way forward", async ({ page }) => {
  await page.goto("/verify-email?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  await expect(page.getByRole("alert")).toHaveText(/expired or has already been used/);
  await expect(page.getByRole("button", { name: "Send a new link" })).toBeVisible();
  await page.goto("/reset-password?token=forged");
  await expect(page.getByRole("link", { name: "Ask for a new link" })).toBeVisible();
  await page.goto("/invitations/forged");
  await expect(page.getByRole("alert")).toHaveText(/expired, has already been used, or was withdrawn/);
});
