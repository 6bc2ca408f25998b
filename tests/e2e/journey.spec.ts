import { expect, test, type Locator, type Page } from "@playwright/test";
import { everyWay, signIn, fillCommitments } from "./fixtures.ts";
import { linkFromEmail } from "./mailbox.ts";

// Plot 1W-09 of the open demo release is used by no other browser test.
const RELEASE_TITLE = "Phase 1 West: second batch of ten plots";
const PLOT = "1W-09";
const EMAIL = "nora@journey.e2e.example";
const ORGANISATION = "Journey Biotech Limited";
/** Clicks from `/` to an opened proposal today, measured on the same path before issue 14 (15) and now. */
const MAX_CLICKS_TO_PROPOSAL = 10;
/** …and to a submitted proposal, with the proposal's own fields, files and declaration. */
const MAX_CLICKS_TO_SUBMITTED = 17;

/**
 * Each step of the journey, as a person sees it: in English and both Chinese scripts, 1,280 and 360 px
 * wide, with axe's check at both widths in each language, no sideways scrolling on the phone and no code cut in two.
 */
const keep = (page: Page, step: string) => everyWay(page, "journey", step);

const steps = (page: Page) => page.getByRole("region", { name: "How to submit a proposal" });
const stepState = (page: Page, title: string) => steps(page).getByRole("heading", { level: 3, name: new RegExp(`^Step \\d: ${title}`) });

test("a newcomer goes from / to a submitted proposal, landing back on the plot after each detour", async ({ page }) => {
  // About 60 screenshots and 60 axe checks besides the journey itself.
  test.setTimeout(900_000);
  let clicks = 0;
  const trail: string[] = [];
  /** Everything a person does with the mouse (a click, a choice, a checkbox, a file chosen, a link opened) counts once. */
  const user = async (what: string, act: () => Promise<unknown>) => {
    clicks++;
    trail.push(`${clicks}. ${what}`);
    await act();
  };
  const click = (what: string, target: Locator) => user(what, () => target.click());

  // Signed out, on the home page: the open release leads to the steps.
  await page.goto("/");
  await click("open the release", page.getByRole("link", { name: RELEASE_TITLE }));
  await expect(steps(page)).toBeVisible();
  await expect(steps(page).getByRole("link", { name: "Create an account" })).toBeVisible();
  await expect(steps(page)).toContainText("(UTC+8)");
  await keep(page, "1-release-visitor");

  // The plot's own action leads to registration, which remembers the plot.
  const plots = page.getByRole("region", { name: "Plots in this release" });
  await click(`"Prepare a proposal for ${PLOT}"`, plots.getByRole("link", { name: `Prepare a proposal for ${PLOT}` }));
  await expect(page).toHaveURL(`/signup?redirectTo=${encodeURIComponent(`/plots/${PLOT}`)}`);
  await keep(page, "2-register");
  await page.getByLabel("Full name").fill("Nora Newcomer");
  await page.getByLabel("Email address").fill(EMAIL);
  await page.getByLabel("Password", { exact: true }).fill("a perfectly long passphrase");
  await click("Register", page.getByRole("button", { name: "Register" }));
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await keep(page, "3-check-email");

  // The emailed link, opened in the same browser: confirming signs Nora in and brings her back to the plot.
  const link = await linkFromEmail(EMAIL, /Confirm your email address/);
  expect(new URL(link).searchParams.get("redirectTo")).toBe(`/plots/${PLOT}`);
  await user("open the link in the email", () => page.goto(link));
  await keep(page, "4-confirm-email");
  await click("Confirm my email address", page.getByRole("button", { name: "Confirm my email address" }));
  await expect(page).toHaveURL(`/plots/${PLOT}`);
  await expect(page.getByRole("navigation", { name: "Your account" })).toContainText("Nora Newcomer");
  await expect(stepState(page, "Create an account")).toContainText("Done");
  await expect(stepState(page, "Confirm your email address")).toContainText("Done");
  await expect(stepState(page, "Create or join an organisation")).toContainText("Next");
  await keep(page, "5-plot-no-organisation");

  // The one main action: an organisation, then back to the plot.
  await click("Create or join an organisation", steps(page).getByRole("link", { name: "Create or join an organisation" }));
  await expect(page).toHaveURL(`/organisations?redirectTo=${encodeURIComponent(`/plots/${PLOT}`)}`);
  await keep(page, "6-organisation");
  await page.getByLabel("Name of the organisation").fill(ORGANISATION);
  await page.getByLabel("Registration number").fill("JB-2026-0909");
  await user("choose where it is from", () => page.getByLabel("Where it is from").selectOption({ label: "Hong Kong" }));
  await user("tick a focus sector", () => page.getByLabel("Life and health technology").check());
  await click("Create the organisation", page.getByRole("button", { name: "Create the organisation" }));
  await expect(page).toHaveURL(`/plots/${PLOT}`);
  await expect(stepState(page, "Create or join an organisation")).toContainText("Done");
  await expect(stepState(page, "Choose a plot")).toContainText("Done");
  await expect(stepState(page, "Prepare your proposal")).toContainText("Next");
  await keep(page, "7-plot-member");

  await click(`Prepare a proposal for plot ${PLOT}`, steps(page).getByRole("button", { name: `Prepare a proposal for plot ${PLOT}` }));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Proposal for plot ${PLOT}`);
  const toProposal = clicks;
  await keep(page, "8-proposal");

  // The proposal's parts, then "Check your proposal", the declaration and Submit.
  await page.getByLabel("Development scheme", { exact: true }).fill("A wet-lab building with a shared atrium.");
  await user("tick an intended sector", () => page.getByRole("group", { name: "Intended sectors" }).getByLabel("Life and health technology").check());
  await page.getByLabel("Gross floor area (m²)").fill("20000");
  await page.getByLabel("Programme", { exact: true }).fill("Antibody discovery with two university partners.");
  await page.getByLabel("Track record", { exact: true }).fill("Eight years in Hong Kong; 60 staff.");
  await page.getByLabel("Jobs and talent plan", { exact: true }).fill("120 jobs within three years.");
  await fillCommitments(page);
  await page.getByLabel("Offered land premium (HK$)").fill("900,000,000");
  await page.getByLabel("Investment commitment (HK$)").fill("2,000,000,000");
  await expect(page.getByText("All changes saved.")).toBeVisible({ timeout: 15_000 });
  const documents = page.getByRole("region", { name: "Documents" });
  const pdf = (name: string) => ({ name, mimeType: "application/pdf", buffer: Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(2_000, "1"), Buffer.from("\n%%EOF\n")]) });
  for (const [document, file] of [
    ["Development scheme", pdf("scheme.pdf")],
    ["Programme and track record", pdf("programme.pdf")],
    ["Financial proposal and premium offer", pdf("financial.pdf")],
  ] as const) {
    await user(`choose the file for ${document}`, () => documents.getByLabel(`Choose a file for “${document}”`).setInputFiles(file));
    await expect(documents.getByText(`${file.name} was received and checked.`)).toBeVisible({ timeout: 30_000 });
  }
  await click("Save and check your proposal", page.getByRole("button", { name: "Save and check your proposal" }));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Check your proposal");
  await keep(page, "9-check");
  await user("tick the declaration", () => page.getByLabel(`I declare, on behalf of ${ORGANISATION}`).check());
  await click("Submit proposal", page.getByRole("button", { name: "Submit proposal" }));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Proposal submitted");
  await keep(page, "9-confirmation");

  // Back on the plot, every step is done.
  await page.goto(`/plots/${PLOT}`);
  await expect(steps(page)).toContainText(`Your proposal for plot ${PLOT} is submitted.`);
  await expect(stepState(page, "Submit before the deadline")).toContainText("Done");
  await keep(page, "10-plot-submitted");

  console.log(`Clicks from / to an opened proposal: ${toProposal} (before issue 14: 15); to a submitted proposal: ${clicks}\n${trail.join("\n")}`);
  expect(toProposal).toBeLessThanOrEqual(MAX_CLICKS_TO_PROPOSAL);
  expect(clicks).toBeLessThanOrEqual(MAX_CLICKS_TO_SUBMITTED);
});

test("a person in no organisation is told why /proposals is empty and how to bid, not refused", async ({ page }) => {
  await signIn(page, "newcomer@demo.hsitp.example", "demo-newcomer-pass-2026", "/proposals");
  const response = await page.goto("/proposals");
  expect(response?.status()).toBe(200);
  await expect(page.getByText("you are not a member of one")).toBeVisible();
  await expect(page.getByRole("main").getByRole("link", { name: "Create or join an organisation" })).toHaveAttribute("href", "/organisations");
  await keep(page, "proposals-no-organisation");
});

test("the emailed link opened in another browser confirms the address, then signing in returns to the plot", async ({ page, browser }) => {
  await page.goto("/plots/1W-10");
  await steps(page).getByRole("link", { name: "Create an account" }).click();
  await page.getByLabel("Full name").fill("Otto Otherbrowser");
  await page.getByLabel("Email address").fill("otto@journey.e2e.example");
  await page.getByLabel("Password", { exact: true }).fill("a perfectly long passphrase");
  await page.getByRole("button", { name: "Register" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();

  const phone = await browser.newContext();
  const other = await phone.newPage();
  await other.goto(await linkFromEmail("otto@journey.e2e.example", /Confirm your email address/));
  await other.getByRole("button", { name: "Confirm my email address" }).click();
  await expect(other).toHaveURL(`/login?verified=1&redirectTo=${encodeURIComponent("/plots/1W-10")}`);
  await expect(other.getByRole("status")).toHaveText("Your email address is confirmed. You can now sign in.");
  await other.getByLabel("Email address").fill("otto@journey.e2e.example");
  await other.getByLabel("Password").fill("a perfectly long passphrase");
  await other.getByRole("button", { name: "Sign in" }).click();
  await expect(other).toHaveURL("/plots/1W-10");
  await expect(stepState(other, "Create or join an organisation")).toContainText("Next");
  await phone.close();
});
