import { expect, test, type Page } from "@playwright/test";
import { demo, everyWay, expectAccessible, signIn } from "./fixtures.ts";

const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 800 };
const FINISHED_RELEASE = "HSITP-2026-01";
const OPEN_RELEASE = "HSITP-2026-02";
// The demo's challenger in the finished release: the runner-up for plot 1W-02, whose challenge was dismissed.
const CHALLENGER = ["owner.meridian@demo.hsitp.example", "demo-bidder-pass-2026"] as const;
const AWARDED_PLOT = "1W-02";

/** The authority's help and policy pages, with their titles in each language. */
const sitePages = [
  { path: "/help/how-tenders-work", en: "How tenders work", "zh-Hant": "招標程序", "zh-Hans": "招标程序" },
  { path: "/help/faq", en: "Frequently asked questions", "zh-Hant": "常見問題", "zh-Hans": "常见问题" },
  { path: "/contact", en: "Contact", "zh-Hant": "聯絡我們", "zh-Hans": "联系我们" },
  { path: "/accessibility", en: "Accessibility statement", "zh-Hant": "無障礙聲明", "zh-Hans": "无障碍声明" },
  { path: "/privacy", en: "Privacy notice", "zh-Hant": "私隱聲明", "zh-Hans": "隐私声明" },
  { path: "/terms", en: "Terms of use", "zh-Hant": "使用條款", "zh-Hans": "使用条款" },
];

/** The language switch's buttons, each named in its own language, and the document language each sets. */
const LANGUAGES = { English: "en", 繁體中文: "zh-Hant", 简体中文: "zh-Hans" } as const;
type LanguageButton = keyof typeof LANGUAGES;
const onThisPage = { en: "On this page", "zh-Hant": "本頁內容", "zh-Hans": "本页内容" } as const;

const publicPages = [
  "/",
  "/releases",
  `/releases/${OPEN_RELEASE}`,
  `/releases/${FINISHED_RELEASE}`,
  "/plots/1W-07",
  `/plots/${AWARDED_PLOT}`,
  "/receipts/verify",
  ...sitePages.map((p) => p.path),
  "/no/such/page",
];

/** The addresses on `from` that match `pattern`, as the page links to them (ids are found, not known). */
async function linksOn(page: Page, from: string, pattern: RegExp, count = 1): Promise<string[]> {
  await page.goto(from);
  const hrefs = await page.locator("main a[href]").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  const found = [...new Set(hrefs.map((href) => href.split(/[?#]/)[0]!).filter((href) => pattern.test(href)))].slice(0, count);
  expect(found.length, `${pattern} on ${from}`).toBeGreaterThan(0);
  return found;
}

/**
 * The address of the demo organisation's draft for plot 1W-07 of the open release, started as the
 * release page's form starts it (the demo park has no draft of its own; starting one that exists opens it).
 */
async function draftProposal(page: Page): Promise<string> {
  await page.goto("/proposals");
  const opened = await page.evaluate(async (release) => {
    const response = await fetch("/proposals", { method: "POST", body: new URLSearchParams({ release, plot: "1W-07" }) });
    return new URL(response.url).pathname;
  }, OPEN_RELEASE);
  expect(opened).toMatch(/^\/proposals\/[0-9a-f-]{36}$/);
  return opened;
}

/** Each role the portal knows, how it signs in, and the pages of the README's table it sees. */
const roles: { name: string; account?: readonly [string, string]; pages: (page: Page) => Promise<string[]> }[] = [
  {
    name: "visitor",
    pages: async () => [...publicPages, "/login", "/signup", "/forgot-password", "/reset-password?token=nope", "/verify-email", "/invitations/nope"],
  },
  {
    name: "proposer owner",
    account: demo.owner,
    pages: async (page) => {
      const proposal = await draftProposal(page);
      const organisations = await linksOn(page, "/organisations", /^\/organisations\/[0-9a-f-]{36}$/);
      return [`/releases/${OPEN_RELEASE}`, `/releases/${FINISHED_RELEASE}`, "/proposals", proposal, "/organisations", ...organisations, "/account"];
    },
  },
  {
    name: "bidder in the finished release",
    account: ["owner.lionrock@demo.hsitp.example", "demo-bidder-pass-2026"],
    pages: async (page) => {
      const proposals = await linksOn(page, "/proposals", /^\/proposals\/[0-9a-f-]{36}$/, 2);
      const receipts = await linksOn(page, "/proposals", /^\/proposals\/[0-9a-f-]{36}\/receipts\/[^/]+$/);
      return [`/releases/${FINISHED_RELEASE}`, "/proposals", ...proposals, ...receipts];
    },
  },
  {
    name: "challenger in the finished release",
    account: CHALLENGER,
    pages: async (page) => {
      const challenges = await linksOn(page, `/releases/${FINISHED_RELEASE}`, /^\/challenges\/[0-9a-f-]{36}$/);
      return [`/releases/${FINISHED_RELEASE}`, `/releases/${FINISHED_RELEASE}/challenge`, ...challenges];
    },
  },
  {
    name: "contributor",
    account: ["contributor@demo.hsitp.example", "demo-contributor-pass-2026"],
    pages: async (page) => {
      const proposal = await draftProposal(page);
      const organisations = await linksOn(page, "/organisations", /^\/organisations\/[0-9a-f-]{36}$/);
      return [`/releases/${OPEN_RELEASE}`, "/proposals", proposal, ...organisations, "/account"];
    },
  },
  {
    name: "newcomer without an organisation",
    account: ["newcomer@demo.hsitp.example", "demo-newcomer-pass-2026"],
    pages: async () => ["/", `/releases/${OPEN_RELEASE}`, "/plots/1W-07", "/organisations", "/proposals", "/account"],
  },
  {
    name: "evaluator",
    account: demo.evaluator,
    pages: async (page) => {
      const proposals = await linksOn(page, `/evaluation/${FINISHED_RELEASE}`, new RegExp(`^/evaluation/${FINISHED_RELEASE}/proposals/[0-9a-f-]{36}$`));
      return ["/evaluation", `/evaluation/${FINISHED_RELEASE}`, ...proposals, "/account"];
    },
  },
  {
    name: "chair",
    account: demo.chair,
    pages: async () => ["/evaluation", `/evaluation/${FINISHED_RELEASE}`, `/evaluation/${FINISHED_RELEASE}/moderation`, "/evaluation/HSITP-2026-03"],
  },
  {
    name: "administrator",
    account: demo.admin,
    pages: async (page) => [
      "/admin/challenges",
      // The demo's dismissed challenge, with its decision.
      ...(await linksOn(page, "/admin/challenges", /^\/admin\/challenges\/[0-9a-f-]{36}$/)),
      "/admin",
      "/admin/audit",
      "/admin/outbox",
      "/admin/releases",
      "/admin/releases/new",
      "/admin/releases/HSITP-2027-01",
      `/admin/releases/${OPEN_RELEASE}`,
      `/admin/releases/${FINISHED_RELEASE}/evaluation`,
      "/admin/plots",
      "/admin/plots/2E-01",
      "/account",
    ],
  },
];

/**
 * How far the page is wider than the screen, and the widest elements that stick out (those inside a
 * box that scrolls by itself do not count: the page does not move).
 */
async function sideways(page: Page) {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const scrollsItself = (element: Element) => {
      for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
        if (["auto", "scroll", "hidden"].includes(getComputedStyle(box).overflowX)) return true;
      }
      return false;
    };
    // What a closed <details> holds is not drawn, whatever its boxes say.
    const hidden = (element: Element) => element.closest("details:not([open]) > :not(summary)") !== null;
    const culprits = [...document.querySelectorAll("body *")]
      .filter((element) => element.getBoundingClientRect().right > width + 1 && !scrollsItself(element) && !hidden(element))
      .slice(0, 3)
      .map((element) => `${element.tagName.toLowerCase()}.${[...element.classList].slice(0, 3).join(".")} "${(element.textContent ?? "").trim().slice(0, 30)}"`);
    return { excess: document.documentElement.scrollWidth - width, culprits };
  });
}

/** Switches the language through the header's menu, as a phone user does. */
async function chooseLanguage(page: Page, language: LanguageButton) {
  const menu = page.locator("header details");
  if (await menu.isVisible()) await menu.locator("summary").click();
  await page.getByRole("button", { name: language, exact: true }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", LANGUAGES[language]);
}

/** Half-width punctuation touching a Chinese character on the page ("截標時間: ", "(技術"), as read. */
function halfWidthBesideChinese(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    // Within one line of text: a block's end and the next block's start are not one sentence.
    const pattern = /.{0,8}(?:\p{Script=Han}[ \t]*[,:;!?()]|[,:;!?(][ \t]*\p{Script=Han}|\)[ \t]*\p{Script=Han}).{0,8}/gu;
    return [...document.body.innerText.matchAll(pattern)].map((m) => m[0].replace(/\s+/g, " "));
  });
}

for (const role of roles) {
  test(`at 360 px no page the ${role.name} sees scrolls sideways, in English and both Chinese scripts`, async ({ page }) => {
    test.setTimeout(360_000);
    if (role.account) await signIn(page, ...role.account);
    const paths = await role.pages(page);
    await page.setViewportSize(PHONE);
    const wide: string[] = [];
    const punctuation: string[] = [];
    for (const language of ["English", "繁體中文", "简体中文"] as const) {
      await page.goto("/");
      await chooseLanguage(page, language);
      for (const path of paths) {
        const response = await page.goto(path);
        expect(response?.status(), path).toBeLessThan(500);
        const { excess, culprits } = await sideways(page);
        if (excess > 0) wide.push(`${language} ${path}: ${excess} px too wide (${culprits.join("; ")})`);
        if (language !== "English") for (const found of await halfWidthBesideChinese(page)) punctuation.push(`${language} ${path}: "${found}"`);
        if (language === "English") {
          const name = `${role.name}${path}`.replace(/[^a-z0-9]+/gi, "-");
          await page.screenshot({ path: `artifacts/e2e/phone/${name}.png`, fullPage: true });
        }
      }
    }
    expect(wide).toEqual([]);
    expect(punctuation).toEqual([]);
  });
}

test("the authority's pages in the three languages at both widths: header, footer, accessible", async ({ page }) => {
  // 36 pages checked by axe and photographed whole, on a machine that may be busy.
  test.setTimeout(900_000);
  for (const language of ["English", "繁體中文", "简体中文"] as const) {
    await page.goto("/");
    await chooseLanguage(page, language);
    const lang = LANGUAGES[language];
    for (const viewport of [PHONE, DESKTOP]) {
      await page.setViewportSize(viewport);
      for (const site of sitePages) {
        await page.goto(site.path);
        await expect(page.getByRole("heading", { level: 1 })).toHaveText(site[lang]);
        // The contents list leads to each section, and every section has words under its heading.
        const sections = page.locator("main section");
        expect(await sections.count()).toBeGreaterThan(0);
        await expect(page.getByRole("navigation", { name: onThisPage[lang] }).getByRole("link")).toHaveCount(await sections.count());
        for (const section of await sections.all()) await expect(section.locator("p").first()).not.toBeEmpty();
        await expectAccessible(page);
        await page.screenshot({ path: `artifacts/e2e/site/${site.path.replace(/\W+/g, "-").slice(1)}-${viewport.width}-${lang}.png`, fullPage: true });
      }
    }
  }
  await page.goto("/");
  await chooseLanguage(page, "English");
  // The phone's menu, open, is as accessible as the rest (axe needs JavaScript: with it here).
  await page.setViewportSize(PHONE);
  await page.getByRole("banner").getByText("Menu").click();
  await expect(page.getByRole("banner").getByRole("link", { name: "Releases" })).toBeVisible();
  await expectAccessible(page);
  await page.setViewportSize(DESKTOP);
  // The footer on every page carries help, the statements, the receipt check and the open data.
  const footer = page.getByRole("contentinfo");
  for (const name of ["How tenders work", "Frequently asked questions", "Contact", "Accessibility statement", "Privacy notice", "Terms of use", "Check a receipt"]) {
    await footer.getByRole("link", { name, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  }
  for (const [name, type] of [
    ["Open data: releases (OCDS, JSON)", "application/json"],
    ["News of releases (Atom feed)", "application/atom+xml"],
  ] as const) {
    const href = await footer.getByRole("link", { name }).getAttribute("href");
    const response = await page.request.get(href!);
    expect(response.headers()["content-type"]).toContain(type);
  }
  await page.goto("/contact");
  await expect(page.getByRole("link", { name: "tenders@portal.hsitp.example" })).toHaveAttribute("href", "mailto:tenders@portal.hsitp.example");
});

test("the published results and the challenge pages in every language at both widths", async ({ browser }) => {
  // Six pages, each in three languages at two widths, checked by axe and photographed whole.
  test.setTimeout(600_000);
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(`/releases/${FINISHED_RELEASE}`);
  const results = visitor.getByRole("region", { name: "Results" });
  await expect(results.getByRole("article", { name: `Plot ${AWARDED_PLOT}` })).toContainText("1 challenge was dismissed.");
  await everyWay(visitor, "results", "finished-release");
  await visitor.goto(`/plots/${AWARDED_PLOT}`);
  await expect(visitor.getByText("Nordlicht Biotech GmbH (Overseas)")).toBeVisible();
  await expect(visitor.getByRole("link", { name: new RegExp(`^${FINISHED_RELEASE}: `) }).first()).toHaveAttribute("href", `/releases/${FINISHED_RELEASE}#results`);
  await everyWay(visitor, "results", "awarded-plot");
  await visitor.context().close();

  const challenger = await (await browser.newContext()).newPage();
  await signIn(challenger, ...CHALLENGER, `/releases/${FINISHED_RELEASE}`);
  const own = challenger.getByRole("region", { name: "Results" }).getByRole("listitem").filter({ has: challenger.getByRole("link", { name: /^C-/ }) });
  await expect(own).toHaveText(/^C-[0-9A-Z-]+ \(Plot 1W-02\): Dismissed$/);
  await own.getByRole("link").click();
  await expect(challenger.getByRole("heading", { level: 1 })).toHaveText(/^View challenge C-/);
  await everyWay(challenger, "challenges", "demo-challenger-page");
  // After the standstill there is nothing left to challenge: the page says so.
  await challenger.goto(`/releases/${FINISHED_RELEASE}/challenge`);
  await expect(challenger.getByText("Your organisation has no award it may challenge now")).toBeVisible();
  await everyWay(challenger, "challenges", "demo-lodge-after-standstill");
  await challenger.context().close();

  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, ...demo.admin, "/admin/challenges");
  await everyWay(admin, "challenges", "demo-admin-list");
  await admin.getByRole("row").filter({ hasText: FINISHED_RELEASE }).getByRole("link").click();
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText(/^View challenge C-/);
  await expect(admin.getByText("Dismissed", { exact: true })).toBeVisible();
  await everyWay(admin, "challenges", "demo-admin-challenge");
  await admin.context().close();
});

test("on a phone the header is a menu that opens without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: PHONE });
  const page = await context.newPage();
  await page.goto(`/releases/${OPEN_RELEASE}`);
  const banner = page.getByRole("banner");
  await expect(banner.getByRole("link", { name: /Plot Tender Portal/ })).toBeVisible();
  // Closed, the header is one row: the name and the menu button, not a third of the screen.
  expect((await banner.boundingBox())!.height).toBeLessThan(100);
  await expect(banner.getByRole("link", { name: "Releases" })).toBeHidden();
  await banner.getByText("Menu").click();
  await expect(banner.getByRole("link", { name: "Releases" })).toBeVisible();
  await expect(banner.getByRole("link", { name: "Sign in" })).toBeVisible();
  await page.screenshot({ path: "artifacts/e2e/site/menu-open-360-en.png" });
  await banner.getByRole("link", { name: "Help" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("How tenders work");
  await expect(page.getByRole("banner").getByRole("link", { name: "Releases" })).toBeHidden();
  // The site plan opens large, inside its own box, without JavaScript either.
  await page.goto(`/releases/${OPEN_RELEASE}`);
  const plan = page.getByRole("group", { name: "Site plan of this release" });
  const before = (await plan.boundingBox())!.width;
  await page.getByText("Enlarge the plan", { exact: true }).click();
  expect((await plan.boundingBox())!.width).toBeGreaterThan(2 * before);
  expect((await sideways(page)).excess).toBeLessThanOrEqual(0);
  await context.close();
});

test("error pages keep the portal's header, width and footer", async ({ page }) => {
  for (const viewport of [PHONE, DESKTOP]) {
    await page.setViewportSize(viewport);
    await page.goto("/releases");
    const width = (await page.locator("main").boundingBox())!.width;
    expect((await page.goto("/no/such/page"))?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
    await expect(page.getByRole("banner").getByRole("link", { name: /Plot Tender Portal/ })).toBeVisible();
    await expect(page.getByRole("contentinfo").getByRole("link", { name: "Accessibility statement" })).toBeVisible();
    expect((await page.locator("main").boundingBox())!.width).toBe(width);
    await expectAccessible(page);
  }
  await signIn(page, "newcomer@demo.hsitp.example", "demo-newcomer-pass-2026");
  expect((await page.goto("/admin"))?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1, name: "Not allowed" })).toBeVisible();
  await expect(page.getByRole("contentinfo").getByRole("link", { name: "Contact" })).toBeVisible();
  await expectAccessible(page);
});
