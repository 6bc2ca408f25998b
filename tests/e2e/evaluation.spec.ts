import { expect, test, type Browser, type Page } from "@playwright/test";
import { demoAwaitingProposals, demoBidderPassword, demoBidders } from "../../prisma/demo-park.ts";
import { demo, everyWay, expectAccessible, signIn, switchLanguage } from "./fixtures.ts";
import { emailTo } from "./mailbox.ts";

// The demo release HSITP-2026-03: closed, six sealed bids over plots 1W-04 and 1W-06, a panel of
// the chair and three evaluators, not opened yet. No other browser test touches it.
const RELEASE = "HSITP-2026-03";
const OVERVIEW = `/evaluation/${RELEASE}`;

const bidders = demoAwaitingProposals.map((p) => ({ ...p, ...demoBidders.find((b) => b.key === p.bidder)! }));
const org = (key: string) => bidders.find((b) => b.key === key)!.name;

/**
 * Each evaluator's scores per bidder, the same on every criterion except the first, where the
 * evaluators lean apart (the means stay at these marks). Technical weights 25+25+15+10 = 75; the
 * pass mark is 60%, 45 points: 6 passes exactly, 4 and 3 fail.
 */
const MARKS: Record<string, number> = { taipo: 8, greenvolt: 6, kowloonquantum: 4, greaterbaycloud: 3, meridian: 7, pearldelta: 8 };
const LEANING = [0, 1, -1];
const CRITERIA = ["Development scheme and design", "Innovation and technology programme", "Track record and management", "Jobs and talent plan"];
// The third evaluator advised one bidder: a conflict, so 5 proposals to score instead of 6.
const CONFLICT = { evaluator: 2, bidder: "kowloonquantum" };
// The chair lowers Greenvolt's talent plan from 6 to 3: 42 points, now below the pass mark.
const MODERATION = { bidder: "greenvolt", criterion: "Jobs and talent plan", score: "3", reason: "The talent plan counts jobs transferred from Shenzhen, not new local hires." };
const OUTCOMES: Record<string, "Shortlisted" | "Reserve" | "Not shortlisted"> = {
  taipo: "Shortlisted",
  greenvolt: "Not shortlisted",
  kowloonquantum: "Not shortlisted",
  greaterbaycloud: "Not shortlisted",
  meridian: "Reserve",
  pearldelta: "Shortlisted",
};
const PASSERS = new Set(["taipo", "meridian", "pearldelta"]);
const REASONS = { Shortlisted: "highest_total", Reserve: "reserve", "Not shortlisted": "below_pass_mark" } as const;
const NOTE = { en: "Its wet labs open in the first stage.", zhHant: "其濕實驗室於首階段啟用。" };

/** The words of each stage's tag, in order, as the stages task list shows them. */
async function stageTags(page: Page): Promise<string[]> {
  return page.getByRole("region", { name: "Stages" }).locator("ol > li > div > strong").allTextContents();
}

async function signedIn(browser: Browser, account: readonly [string, string], path: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, account[0], account[1], path);
  return page;
}

/** Declares for every assigned proposal; returns the scoring addresses of the proposals without a conflict. */
async function declareAll(page: Page, conflictWith: string | null): Promise<Map<string, string>> {
  await expect(page.getByText(/Declare, for each proposal, whether you have a conflict of interest/)).toBeVisible();
  for (const b of bidders) {
    const declare = page.getByRole("button", { name: `Declare for ${b.name}` });
    const form = page.locator("form").filter({ has: declare });
    const conflicted = b.key === conflictWith;
    await form.getByRole("group", { name: `Declaration for ${b.name}` }).getByLabel(conflicted ? "I have a conflict of interest" : "No conflict").check();
    if (conflicted) await form.getByLabel("Statement (required for a conflict)").fill(`I advised ${b.name} on its laboratory lease last year.`);
    await declare.click();
    await expect(declare).toHaveCount(0);
  }
  const links = new Map<string, string>();
  for (const b of bidders) {
    const link = page.getByRole("link", { name: `Score ${b.name}` });
    if (b.key === conflictWith) {
      await expect(link).toHaveCount(0);
      continue;
    }
    links.set(b.key, (await link.getAttribute("href"))!);
  }
  return links;
}

async function scoreAndSubmit(page: Page, url: string, bidder: string, evaluator: number, accessible = false) {
  await page.goto(url);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(org(bidder));
  // Independent scoring: nobody else's scores before one's own are submitted.
  await expect(page.getByRole("heading", { name: "Other evaluators' scores" })).toHaveCount(0);
  for (const [c, criterion] of CRITERIA.entries()) {
    const group = page.getByRole("group", { name: new RegExp(`^${criterion}`) });
    await group.getByLabel("Score (0 to 10)").fill(String(MARKS[bidder]! + (c === 0 ? LEANING[evaluator]! : 0)));
    await group.getByLabel("Comment").fill(`${criterion}: scored against the published criteria.`);
  }
  if (accessible) await expectAccessible(page);
  await page.getByRole("button", { name: "Submit scores" }).click();
  await expect(page.getByRole("status")).toHaveText("Scores submitted and locked.");
  await expect(page.getByRole("heading", { name: "Other evaluators' scores" })).toBeVisible();
}

test("a closed release is evaluated end to end: declarations, scoring, moderation, two envelopes, shortlist, results and outcome emails", async ({ browser }) => {
  // Besides the evaluation, seven staff pages checked by axe and photographed in both languages at both widths.
  test.setTimeout(600_000);

  await test.step("an administrator can name another chair on a confirmation page, which refuses without a reason and keeps the choice", async () => {
    const admin = await signedIn(browser, demo.admin, `/admin/releases/${RELEASE}/evaluation`);
    await admin.getByRole("link", { name: "Name another chair" }).click();
    await expect(admin.getByRole("heading", { level: 1 })).toHaveText(`Name another chair for ${RELEASE}?`);
    await expect(admin.getByText("Chan Tai-man chairs the panel now.")).toBeVisible();
    const choice = admin.getByLabel("New chair");
    await choice.selectOption({ index: 1 });
    const chosen = await choice.inputValue();
    await admin.getByRole("button", { name: "Name this chair" }).click();
    await expect(admin.getByRole("alert")).toContainText("Give the reason for naming another chair");
    await expect(admin.getByLabel("New chair")).toHaveValue(chosen);
    await expectAccessible(admin);
    // Nothing changed: the flow below goes on with the demo's chair.
    await admin.getByRole("link", { name: "Go back without doing this" }).click();
    await expect(admin.getByText(/Chair: Chan Tai-man/).first()).toBeVisible();
    await admin.context().close();
  });

  const chair = await signedIn(browser, demo.chair, OVERVIEW);
  await test.step("the chair opens the technical envelopes after the deadline", async () => {
    await expect(chair.getByText("The submission deadline has passed: the technical envelopes can be opened.")).toBeVisible();
    // The stages as a task list: the opening is the next step and the page's one main action; later steps are not buttons.
    const stages = chair.getByRole("region", { name: "Stages" });
    await expect(stages.getByRole("listitem").filter({ hasText: "Scores submitted" })).toContainText("Cannot start yet");
    await expect(chair.getByRole("link", { name: "Apply the pass mark and open the passers' financial envelopes" })).toHaveCount(0);
    // One solid button on the page, the next step; the assignment is a setting, folded away.
    const solid = chair.locator("main :is(a, button).bg-park-700:visible");
    await expect(solid).toHaveText(["Open the technical envelopes"]);
    await expect(chair.getByRole("button", { name: "Save the assignment" })).toBeHidden();
    await chair.getByText("Change who evaluates what").click();
    await expect(chair.getByRole("button", { name: "Save the assignment" })).toBeVisible();
    await expect(solid).toHaveCount(1);
    // The chair and an administrator see the same tags; where the viewer does not take a step, the page says who does.
    expect(await stageTags(chair)).toEqual(["Done", "Ready", ...Array(6).fill("Cannot start yet")]);
    const admin = await signedIn(browser, demo.admin, `/admin/releases/${RELEASE}/evaluation`);
    expect(await stageTags(admin)).toEqual(await stageTags(chair));
    await expect(admin.getByRole("region", { name: "Stages" }).getByRole("listitem").filter({ hasText: "Technical envelopes opened" })).toContainText("The chair takes this step.");
    await everyWay(admin, "staff", "admin-stages-closed");
    await admin.context().close();
    // On a phone each tag stays on its stage's line, beside the name, not under the button where it would look like one.
    await chair.setViewportSize({ width: 360, height: 740 });
    const opening = stages.getByRole("listitem").filter({ hasText: "Technical envelopes opened" });
    const [name, tag] = [(await opening.getByText("2. Technical envelopes opened").boundingBox())!, (await opening.locator("strong").first().boundingBox())!];
    expect(Math.abs(tag.y - name.y)).toBeLessThan(8);
    await everyWay(chair, "staff", "chair-stages-closed");
    await chair.getByRole("link", { name: "Open the technical envelopes" }).click();
    // The confirmation page states what will happen, with its counts, before anything happens.
    await expect(chair.getByRole("heading", { level: 1 })).toHaveText(`Open the technical envelopes of ${RELEASE}?`);
    await expect(chair.getByText("This opens 6 proposals from 6 organisations for 2 plots.")).toBeVisible();
    await expect(chair.getByText("This cannot be undone.")).toBeVisible();
    await everyWay(chair, "staff", "chair-open-technical");
    await chair.getByRole("link", { name: "Go back without doing this" }).click();
    await expect(chair).toHaveURL(new RegExp(`${OVERVIEW}$`));
    await chair.getByRole("link", { name: "Open the technical envelopes" }).click();
    await chair.getByRole("button", { name: "Open the technical envelopes" }).click();
    await expect(chair.getByRole("status")).toHaveText(/The technical envelopes are open/);
    // The chair declares on all six too: 3 × 6 + 6.
    await expect(stages.getByRole("listitem").filter({ hasText: "Conflict of interest declarations made" })).toContainText("0 of 24");
    await expect(stages.getByRole("listitem").filter({ hasText: "Scores submitted" })).toContainText("0 of 18");
    await expect(stages.getByRole("listitem").filter({ hasText: "Pass mark applied" })).toContainText("Waiting for 4 evaluators to declare on every proposal");
    await expect(chair.getByRole("link", { name: "Apply the pass mark and open the passers' financial envelopes" })).toHaveCount(0);
  });

  await test.step("the chair declares on every proposal before seeing any", async () => {
    await expect(chair.getByText(/As chair you declare, for every proposal received/)).toBeVisible();
    for (const b of bidders) {
      const declare = chair.getByRole("button", { name: `Declare for ${b.name}` });
      const form = chair.locator("form").filter({ has: declare });
      await form.getByRole("group", { name: `Declaration for ${b.name}` }).getByLabel("No conflict").check();
      await declare.click();
      await expect(declare).toHaveCount(0);
    }
    await expect(chair.getByRole("region", { name: "Stages" }).getByRole("listitem").filter({ hasText: "Conflict of interest declarations made" })).toContainText("6 of 24");
    await expectAccessible(chair);
  });

  const evaluators = [demo.evaluator, demo.evaluator2, demo.evaluator3];
  const links: Map<string, string>[] = [];
  for (const [e, account] of evaluators.entries()) {
    await test.step(`evaluator ${e + 1} declares and scores`, async () => {
      const page = await signedIn(browser, account, OVERVIEW);
      if (e > 0) {
        // Before declaring, no proposal is visible, not even by its address.
        expect((await page.goto(links[0]!.get("taipo")!))?.status()).toBe(404);
        await page.goto(OVERVIEW);
      }
      const mine = await declareAll(page, e === CONFLICT.evaluator ? CONFLICT.bidder : null);
      links.push(mine);
      expect(mine.size).toBe(e === CONFLICT.evaluator ? 5 : 6);
      if (e === CONFLICT.evaluator) {
        // A conflicted evaluator cannot see the proposal, whatever the address.
        const response = await page.goto(links[0]!.get(CONFLICT.bidder)!);
        expect(response?.status()).toBe(404);
      }
      for (const [bidder, url] of mine) await scoreAndSubmit(page, url, bidder, e, e === 0 && bidder === "taipo");
      await page.goto(OVERVIEW);
      await expect(page.getByRole("link", { name: "View scores" })).toHaveCount(mine.size);
      await page.context().close();
    });
  }

  await test.step("the chair moderates one criterion with a reason", async () => {
    await chair.goto(`${OVERVIEW}/moderation`);
    const article = chair.getByRole("article", { name: `1W-04 · ${org(MODERATION.bidder)}` });
    await expect(article).toContainText("3 of 3 evaluators have submitted.");
    await expect(chair.getByRole("article", { name: `1W-04 · ${org(CONFLICT.bidder)}` })).toContainText("2 of 2 evaluators have submitted.");
    // On a phone: the moderation forms take the page's width under the matrix, never wider than it.
    await everyWay(chair, "staff", "chair-moderation");
    await chair.setViewportSize({ width: 360, height: 740 });
    const form = article.getByRole("group", { name: new RegExp(`^${MODERATION.criterion}`) });
    for (const field of [form.getByLabel("Score"), form.getByLabel("Reason")]) {
      const box = (await field.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(360);
      expect(box.width).toBeGreaterThanOrEqual(80);
    }
    await form.getByLabel("Score").fill(MODERATION.score);
    await form.getByLabel("Reason").fill(MODERATION.reason);
    await form.getByRole("button", { name: "Set" }).click();
    await expect(chair.getByRole("status")).toHaveText("Moderated score recorded.");
    await expect(chair.getByRole("article", { name: `1W-04 · ${org(MODERATION.bidder)}` })).toContainText(`${MODERATION.score}: ${MODERATION.reason}`);
    await expectAccessible(chair);
  });

  await test.step("the chair applies the pass mark: only the passers' financial envelopes open", async () => {
    await chair.goto(OVERVIEW);
    // Everyone has scored (5 + 6 + 6 = 17 of 17: one conflict): the financial opening is now the next step.
    await expect(chair.getByRole("region", { name: "Stages" }).getByRole("listitem").filter({ hasText: "Scores submitted" })).toContainText("17 of 17");
    await everyWay(chair, "staff", "chair-stages-scored");
    await chair.getByRole("link", { name: "Apply the pass mark and open the passers' financial envelopes" }).click();
    await expect(chair.getByText(/^3 of 6 proposals reach the pass mark of 45 points/)).toBeVisible();
    await expect(chair.getByText("3 proposals do not reach it: their financial envelopes stay sealed for good.")).toBeVisible();
    await everyWay(chair, "staff", "chair-open-financial");
    await chair.getByRole("button", { name: "Apply the pass mark and open the passers' financial envelopes" }).click();
    await expect(chair.getByRole("status")).toHaveText("The pass mark is applied; the passers' financial envelopes are open.");
    const ranking = chair.locator("#ranking").getByRole("table");
    for (const b of bidders) {
      const cells = ranking.getByRole("row").filter({ hasText: b.name }).getByRole("cell");
      const [premium, financial] = [cells.nth(5), cells.nth(6)];
      if (PASSERS.has(b.key)) {
        await expect(premium, b.name).toHaveText(/^\d{1,3}(,\d{3})+$/);
        await expect(financial, b.name).toHaveText(/^\d+(\.\d{1,2})?$/);
      } else {
        await expect(premium, b.name).toHaveText("—");
        await expect(financial, b.name).toHaveText("sealed");
      }
    }
  });

  await test.step("the chair proposes the shortlist", async () => {
    for (const b of bidders) {
      const save = chair.getByRole("button", { name: `Save the decision for ${b.name}` });
      const form = chair.locator("form").filter({ has: save });
      await form.getByLabel("Outcome").selectOption({ label: OUTCOMES[b.key]! });
      // The reasons offered are the templates the ranking bears out, each as it will read, with its figures.
      await form.getByLabel("Reason").selectOption(REASONS[OUTCOMES[b.key]!]);
      if (b.key === "taipo") {
        // A note in one language only is refused, and what was typed stays.
        await form.getByLabel("Note in English (optional)").fill(NOTE.en);
        await save.click();
        await expect(form.getByRole("alert")).toContainText("Write the note in both English and Traditional Chinese, or leave both empty.");
        await expect(form.getByLabel("Note in English (optional)")).toHaveValue(NOTE.en);
        await form.getByLabel("Note in Traditional Chinese (optional)").fill(NOTE.zhHant);
        // Leaving the field checks it again: the summary goes (before the click, so the button does not move under it).
        await form.getByLabel("Note in Traditional Chinese (optional)").blur();
        await expect(form.getByRole("alert")).toHaveCount(0);
      }
      await save.click();
      const row = chair.locator("#ranking").getByRole("row").filter({ hasText: b.name });
      await expect(row).toContainText(`${OUTCOMES[b.key]}: ${PASSERS.has(b.key) ? "" : "Technical score"}`);
      if (b.key === "taipo") await expect(row).toContainText(NOTE.en);
    }
    await expectAccessible(chair);
    await chair.context().close();
  });

  await test.step("an administrator publishes the results", async () => {
    const admin = await signedIn(browser, demo.admin, `/admin/releases/${RELEASE}/evaluation`);
    await expect(admin.getByRole("region", { name: "Stages" }).getByRole("listitem").filter({ hasText: "Decisions made" })).toContainText("6 of 6");
    await admin.getByRole("link", { name: "Publish the results" }).click();
    await expect(admin.getByText("2 of 6 proposals are shortlisted: 2 plots awarded, 0 plots back to the inventory.")).toBeVisible();
    await everyWay(admin, "staff", "admin-publish-results");
    await admin.getByRole("button", { name: "Publish the results" }).click();
    await expect(admin.getByRole("status")).toHaveText(/The results are published/);
    await expect(admin.getByRole("link", { name: "Publish the results" })).toHaveCount(0);
    await everyWay(admin, "staff", "admin-stages-published");
    await admin.context().close();
  });

  await test.step("the public sees each plot's results during the standstill, and every proposer's owner gets their own outcome", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`/releases/${RELEASE}`);
    const results = page.getByRole("region", { name: "Results" });
    await expect(results).toContainText("Standstill: awards are pending until");
    const plot04 = results.getByRole("article", { name: "Plot 1W-04" });
    const plot06 = results.getByRole("article", { name: "Plot 1W-06" });
    await expect(plot04).toContainText(`Proposals received3`);
    await expect(plot04).toContainText(`Awarded to${org("taipo")} (Hong Kong)`);
    await expect(plot04).toContainText("Pending: standstill until");
    await expect(plot06.getByRole("row").filter({ hasText: org("pearldelta") })).toContainText("Shortlisted");
    await expect(plot06.getByRole("row").filter({ hasText: org("meridian") })).toContainText("Reserve");
    // Only the passers are ranked: the header and one passer for 1W-04, the header and two for 1W-06.
    await expect(results.getByRole("row")).toHaveCount(5);
    await expect(results).not.toContainText(org("greenvolt"));
    await expectAccessible(page);
    await context.close();

    for (const b of bidders) {
      const mail = await emailTo(b.owner.email, new RegExp(`^Outcome of your proposal for plot ${b.plot} \\(${RELEASE}\\)$`));
      expect(mail.text, b.name).toContain(`${b.name} for plot ${b.plot}: ${OUTCOMES[b.key]}.`);
      if (PASSERS.has(b.key)) expect(mail.text, b.name).not.toContain("never opened");
      else expect(mail.text, b.name).toContain("your financial envelope was never opened");
    }
  });
});

// Runs after the test above published HSITP-2026-03's results: Pearl Delta's award of 1W-06 is pending.
test("a bidder challenges an award during the standstill, and an administrator decides it after a confirmation page", async ({ browser }) => {
  test.setTimeout(240_000);
  const meridian = bidders.find((b) => b.key === "meridian")!;
  const GROUNDS = "Our jobs and talent plan was scored below the published criteria: it names 120 local hires.";
  const RESPONSE = "The panel's scores follow the published criteria; the talent plan counts transferred jobs.";
  const bidder = await signedIn(browser, [meridian.owner.email, demoBidderPassword], `/releases/${RELEASE}`);
  let receipt = "";
  await test.step("the reserve bidder lodges a challenge with its grounds and a document, and gets a receipt", async () => {
    await bidder.getByRole("link", { name: "Challenge an award of this release" }).click();
    await expect(bidder.getByRole("heading", { level: 1 })).toHaveText("Challenge an award");
    await everyWay(bidder, "challenges", "lodge");
    await bidder.getByLabel("Grounds of the challenge").fill("Too short.");
    await bidder.getByRole("button", { name: "Lodge the challenge" }).click();
    // The error summary leads to the field, which says the same; what was typed stays.
    await expect(bidder.getByRole("link", { name: "Enter the grounds of the challenge (at least 20 characters)" })).toBeVisible();
    await expect(bidder.getByText("Error: Enter the grounds of the challenge (at least 20 characters)")).toBeVisible();
    await expect(bidder.getByLabel("Grounds of the challenge")).toHaveValue("Too short.");
    await expectAccessible(bidder);
    await bidder.getByLabel("Grounds of the challenge").fill(GROUNDS);
    await bidder.getByLabel("Documents (optional)").setInputFiles({ name: "grounds.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.7\n% grounds of the challenge\n") });
    await expect(bidder.getByText("Chosen: grounds.pdf")).toBeVisible();
    await bidder.getByRole("button", { name: "Lodge the challenge" }).click();
    await expect(bidder.getByRole("heading", { level: 1 })).toHaveText("Challenge lodged");
    receipt = (await bidder.getByRole("status").locator("strong").textContent())!;
    expect(receipt).toMatch(/^C-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await expect(bidder.getByRole("link", { name: "grounds.pdf" })).toBeVisible();
    await expect(bidder.getByText("Awaiting a decision")).toBeVisible();
    await everyWay(bidder, "challenges", "receipt");
    const mail = await emailTo(meridian.owner.email, new RegExp(`^Challenge ${receipt} received: plot 1W-06 \\(${RELEASE}\\)$`));
    expect(mail.text).toContain(receipt);
  });

  await test.step("the challenger finds the challenge again from the release's results", async () => {
    await bidder.goto(`/releases/${RELEASE}`);
    const results = bidder.getByRole("region", { name: "Results" });
    await expect(results.getByRole("listitem").filter({ hasText: receipt })).toHaveText(`${receipt} (Plot 1W-06): Awaiting a decision`);
    await results.getByRole("link", { name: receipt }).click();
    await expect(bidder.getByRole("heading", { level: 1 })).toHaveText(`View challenge ${receipt}`);
    await expect(bidder.getByText(GROUNDS)).toBeVisible();
  });

  await test.step("the public sees that a challenge is pending, not what it says", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`/releases/${RELEASE}`);
    const plot06 = page.getByRole("region", { name: "Results" }).getByRole("article", { name: "Plot 1W-06" });
    await expect(plot06).toContainText("1 challenge is pending: the award waits for its decision.");
    await expect(page.locator("body")).not.toContainText("120 local hires");
    await expect(page.locator("body")).not.toContainText(receipt);
    await context.close();
  });

  await test.step("an administrator dismisses it after a confirmation page that says what follows; the challenger is emailed", async () => {
    const admin = await signedIn(browser, demo.admin, "/admin/challenges");
    await expect(admin.getByRole("row").filter({ hasText: receipt })).toContainText("Awaiting a decision");
    await everyWay(admin, "challenges", "admin-list");
    await admin.getByRole("link", { name: receipt }).click();
    await expect(admin.getByText(GROUNDS)).toBeVisible();
    await everyWay(admin, "challenges", "admin-challenge");
    const challengePage = admin.url();
    await admin.getByRole("button", { name: "Continue" }).click();
    const summary = admin.locator("div[tabindex='-1']").filter({ has: admin.getByRole("heading", { level: 2, name: "There is a problem" }) });
    await expect(summary.getByRole("link")).toHaveText(["Choose whether to dismiss or uphold the challenge", "Enter the response to the challenger (at least 10 characters)"]);
    // The confirmation page is an answer to the form (a reload leaves it): seen in each Chinese script
    // by sending the form in that language, then decided in English.
    for (const language of ["zh-Hant", "zh-Hans"] as const) {
      await admin.context().addCookies([{ name: "lang", value: Buffer.from(JSON.stringify(language)).toString("base64"), url: new URL(challengePage).origin }]);
      await admin.goto(challengePage);
      await admin.locator("input[name=decision][value=dismissed]").check();
      await admin.locator("textarea[name=response]").fill(RESPONSE);
      await admin.locator("form").filter({ has: admin.locator("textarea[name=response]") }).locator("button[type=submit]").click();
      await expect(admin.getByRole("heading", { level: 1 })).toContainText(receipt);
      await expect(admin.locator("html")).toHaveAttribute("lang", language);
      for (const width of [360, 1280]) {
        await admin.setViewportSize({ width, height: 800 });
        await expectAccessible(admin);
        expect(await admin.evaluate(() => document.documentElement.scrollWidth), `confirmation at ${width} px in ${language}`).toBeLessThanOrEqual(width);
        await admin.screenshot({ path: `artifacts/e2e/challenges/admin-confirm-${language}-${width}.png`, fullPage: true });
      }
    }
    await switchLanguage(admin, "en");
    await admin.getByLabel("Dismiss the challenge: the award stands").check();
    await admin.getByLabel("Response to the challenger").fill(RESPONSE);
    await admin.getByRole("button", { name: "Continue" }).click();
    await expect(admin.getByRole("heading", { level: 1 })).toHaveText(`Confirm the decision on challenge ${receipt}`);
    await expect(admin.getByText("The challenge will be dismissed. The award of plot 1W-06 stands and becomes final once its standstill has ended and no other challenge is open.")).toBeVisible();
    await expect(admin.getByText(`${meridian.owner.name} will be emailed the decision and your response.`)).toBeVisible();
    await expect(admin.getByText(RESPONSE)).toBeVisible();
    await expectAccessible(admin);
    await admin.screenshot({ path: "artifacts/e2e/challenges/admin-confirm-en-1280.png", fullPage: true });
    // Back to the form from the confirmation: the decision and the response as they were entered.
    await admin.getByRole("button", { name: "Change what you entered" }).click();
    await expect(admin.getByLabel("Dismiss the challenge: the award stands")).toBeChecked();
    await expect(admin.getByLabel("Response to the challenger")).toHaveValue(RESPONSE);
    await admin.getByRole("button", { name: "Continue" }).click();
    await expect(admin.getByRole("heading", { level: 1 })).toHaveText(`Confirm the decision on challenge ${receipt}`);
    await admin.getByRole("button", { name: "Record the decision" }).click();
    await expect(admin.getByRole("status")).toHaveText("The decision is recorded and the challenger has been emailed.");
    await expect(admin.getByText("Dismissed", { exact: true })).toBeVisible();
    await expect(admin.getByText(RESPONSE)).toBeVisible();
    await expect(admin.getByRole("button", { name: "Continue" })).toHaveCount(0);
    await admin.goto("/admin/challenges");
    await expect(admin.getByRole("row").filter({ hasText: receipt })).toContainText("Dismissed");
    await admin.context().close();
    const mail = await emailTo(meridian.owner.email, new RegExp(`^Decision on challenge ${receipt}: plot 1W-06 \\(${RELEASE}\\)$`));
    expect(mail.text).toContain("Dismissed");
    expect(mail.text).toContain(RESPONSE);
    await bidder.reload();
    await expect(bidder.getByText("Dismissed", { exact: true })).toBeVisible();
    await expect(bidder.getByText(RESPONSE)).toBeVisible();
    await bidder.context().close();
  });

  await test.step("the public results say the challenge was dismissed, without its grounds or the response", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`/releases/${RELEASE}`);
    const plot06 = page.getByRole("region", { name: "Results" }).getByRole("article", { name: "Plot 1W-06" });
    await expect(plot06).toContainText("1 challenge was dismissed.");
    await expect(plot06).not.toContainText("pending: the award waits");
    const body = page.locator("body");
    for (const secret of ["120 local hires", "transferred jobs", receipt]) await expect(body).not.toContainText(secret);
    await context.close();
  });
});
