import AxeBuilder from "@axe-core/playwright";
import { expect, type Locator, type Page } from "@playwright/test";
import { WRITTEN_DATE } from "../../app/platform/ui/unbroken.ts";

/** axe finds no serious or critical violation on the page as it is now. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) }));
  expect(serious).toEqual([]);
}

let signIns = 0;

/**
 * Signs in through the login form and waits until the portal has answered. Each sign-in comes from
 * a client address of its own (the test server trusts X-Forwarded-For), as people's do.
 */
export async function signIn(page: Page, email: string, password: string, redirectTo?: string) {
  signIns += 1;
  await page.setExtraHTTPHeaders({ "X-Forwarded-For": `198.51.100.${signIns % 250}` });
  await page.goto(redirectTo ? `/login?redirectTo=${encodeURIComponent(redirectTo)}` : "/login");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL((url) => url.pathname === (redirectTo ?? "/account"));
  // The language switch saves a signed-in person's language in their profile, and signing in
  // restores it: a test that left a demo account in Chinese must not change the next one's page.
  // Read as the server renders it with the cookie sign-in set, not mid-way through the client's navigation.
  await page.reload();
  if ((await page.locator("html").getAttribute("lang")) !== "en") {
    const menu = page.locator("header details");
    if (await menu.isVisible()) await menu.locator("summary").click();
    await page.getByRole("button", { name: "English", exact: true }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
  }
}

/** The demo accounts the browser tests sign in with. */
export const demo = {
  admin: ["admin@demo.hsitp.example", "demo-admin-pass-2026"],
  owner: ["proposer@demo.hsitp.example", "demo-proposer-pass-2026"],
  submitter: ["submitter@demo.hsitp.example", "demo-submitter-pass-2026"],
  chair: ["chair@demo.hsitp.example", "demo-chair-pass-2026"],
  evaluator: ["evaluator@demo.hsitp.example", "demo-evaluator-pass-2026"],
  evaluator2: ["evaluator2@demo.hsitp.example", "demo-evaluator2-pass-2026"],
  evaluator3: ["evaluator3@demo.hsitp.example", "demo-evaluator3-pass-2026"],
} as const;

/** Sets the language the way the switch does (its cookie) and shows the page again in it. */
export async function switchLanguage(page: Page, language: "en" | "zh-Hant" | "zh-Hans") {
  const value = Buffer.from(JSON.stringify(language)).toString("base64");
  await page.context().addCookies([{ name: "lang", value, url: new URL(page.url()).origin }]);
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("lang", language);
}

/** Codes and figures with units (`Code`, `data-unbroken`) that a line break cuts in two, with their text. */
export async function brokenCodes(page: Page): Promise<string[]> {
  return page.locator("[data-unbroken]").evaluateAll((spans) =>
    spans.filter((span) => (span as HTMLElement).offsetParent !== null && span.getClientRects().length > 1).map((span) => span.textContent ?? ""),
  );
}

/** The dates inside `scope` kept on one line (`Code`: `data-unbroken` and white-space: nowrap), with their text. */
export async function unbrokenDates(scope: Locator): Promise<string[]> {
  return scope.locator("[data-unbroken]").evaluateAll(
    (spans, date) =>
      spans
        .filter((span) => getComputedStyle(span).whiteSpace === "nowrap" && new RegExp(`^(?:${date})$`, "u").test(span.textContent ?? ""))
        .map((span) => span.textContent ?? ""),
    WRITTEN_DATE,
  );
}

/**
 * A page as people see it, in both Chinese scripts then English, 360 and 1,280 px wide: axe's check at both widths,
 * no sideways scrolling on the phone, no code cut over two lines, and a screenshot of each (kept under
 * artifacts/e2e/<folder>). It ends in English at 1,280 px.
 */
export async function everyWay(page: Page, folder: string, step: string) {
  for (const language of ["zh-Hant", "zh-Hans", "en"] as const) {
    await switchLanguage(page, language);
    for (const [width, height] of [[360, 740], [1280, 800]] as const) {
      await page.setViewportSize({ width, height });
      await expectAccessible(page);
      if (width === 360) expect(await page.evaluate(() => document.documentElement.scrollWidth), `${step} at 360 px in ${language}`).toBeLessThanOrEqual(360);
      expect(await brokenCodes(page), `${step} at ${width} px in ${language}`).toEqual([]);
      await page.screenshot({ path: `artifacts/e2e/${folder}/${step}-${language}-${width}.png`, fullPage: true });
    }
  }
}

/**
 * The countable promises a proposal in the demo's open release states (structured commitments): the
 * research posts, graduate places and the five milestone dates, in order and after the deadline.
 */
export async function fillCommitments(page: Page, figures = { researchPosts: "120", graduatePlaces: "20" }) {
  await page.getByLabel("Research posts created").fill(figures.researchPosts);
  await page.getByLabel("Graduate places").fill(figures.graduatePlaces);
  for (const [label, day] of [["Design approval by", "2027-09-30"], ["Construction start by", "2028-01-15"], ["Topping out by", "2029-03-31"], ["Completion by", "2029-12-31"], ["Opening by", "2030-03-31"]] as const) {
    await page.getByLabel(label).fill(day);
  }
}
