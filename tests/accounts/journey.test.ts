import { beforeAll, describe, expect, it } from "vitest";
import { getCurrentUser, registrationCookie } from "~/accounts/sessions.server.ts";
import { biddingJourney, stepHref } from "~/proposals/journey.ts";
import { action as createOrganisation } from "~/routes/organisations._index.tsx";
import { action as login, loader as loginPage } from "~/routes/login.tsx";
import { loader as plotPage } from "~/routes/plots.$code.tsx";
import { loader as proposalsPage } from "~/routes/proposals._index.tsx";
import { loader as releasePage } from "~/routes/releases.$code.tsx";
import { action as signup, loader as signupPage } from "~/routes/signup.tsx";
import { action as verify } from "~/routes/verify-email.tsx";
import { returnToOf, safeRedirect } from "~/web/require.server.ts";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";
import { actionArgs, loaderArgs, routeOutcome } from "../support/routes.ts";
import { linkInLatestEmail, sessionCookieFor } from "../support/users.ts";

const db = withTestDatabase();
const RELEASE = "HSITP-2026-02";
const PLOT_PAGE = "/plots/1W-09";
const PASSWORD = "a perfectly long passphrase";

beforeAll(async () => {
  await seedDemoPark(db());
});

/** Hostile places to "come back to": other sites, scheme tricks, header injection, nonsense. */
const hostile = [
  "https://evil.example/",
  "//evil.example/plots",
  "/\\evil.example",
  "\\\\evil.example",
  "javascript:alert(1)",
  " /plots/1W-09",
  "/plots/1W-09\r\nSet-Cookie: x=y",
  "/plots/地段",
];

/** The cookie pairs (name=value) a response sets, as the browser would send them back. */
const cookiesFrom = (headers: Headers) =>
  headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .join("; ");

let registrations = 0;
async function register(email: string, redirectTo: string) {
  // Each from an address of its own, below the sign-up limit per address.
  const clientIp = `198.51.100.${++registrations}`;
  const outcome = await routeOutcome(() =>
    signup(actionArgs("/signup", { name: "Nora Newcomer", email, password: PASSWORD, language: "en", redirectTo }, { clientIp })),
  );
  expect(outcome.status).toBe(302);
  return { ...outcome, link: new URL(await linkInLatestEmail(email)) };
}

const confirm = (link: URL, cookie = "", redirectTo = link.searchParams.get("redirectTo") ?? "") =>
  routeOutcome(() =>
    verify(actionArgs("/verify-email", { intent: "confirm", token: link.searchParams.get("token")!, redirectTo }, { headers: cookie ? { Cookie: cookie } : {} })),
  );

describe("the place to come back to", () => {
  it("is a path on this site, or nothing", () => {
    expect(safeRedirect("/plots/1W-09", "/account")).toBe("/plots/1W-09");
    expect(safeRedirect("/releases/HSITP-2026-02?plot=1W-09#how-to-submit", "/account")).toBe("/releases/HSITP-2026-02?plot=1W-09#how-to-submit");
    for (const value of [...hostile, `/${"a".repeat(2_001)}`, "", undefined, null, 42]) expect(safeRedirect(value, "/account"), String(value)).toBe("/account");
    expect(returnToOf(new Request(`http://portal.test/signup?redirectTo=${encodeURIComponent("//evil.example")}`))).toBeNull();
    expect(returnToOf(new Request(`http://portal.test/signup?redirectTo=${encodeURIComponent(PLOT_PAGE)}`))).toBe(PLOT_PAGE);
  });

  it("is carried from sign-up into the emailed link and the check-your-email page", async () => {
    const { location, headers, link } = await register("carried@example.com", PLOT_PAGE);
    expect(location).toBe(`/signup?sent=1&redirectTo=${encodeURIComponent(PLOT_PAGE)}`);
    expect(link.pathname).toBe("/verify-email");
    expect(link.searchParams.get("redirectTo")).toBe(PLOT_PAGE);
    expect(headers.getSetCookie().some((c) => c.startsWith("portal_registration=") && /HttpOnly/i.test(c) && /Path=\//.test(c))).toBe(true);
  });

  it.each(hostile)("is dropped when hostile at sign-up: %j", async (redirectTo) => {
    const email = `hostile-${Math.random().toString(36).slice(2)}@example.com`;
    const { location, link } = await register(email, redirectTo);
    expect(location).toBe("/signup?sent=1");
    expect(link.searchParams.has("redirectTo")).toBe(false);
    expect(link.searchParams.get("token")).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("sends the signed-in person on from sign-up and sign-in pages to it", async () => {
    const cookie = await sessionCookieFor("newcomer@demo.hsitp.example");
    const headers = { Cookie: cookie };
    expect((await routeOutcome(() => signupPage(loaderArgs(`/signup?redirectTo=${encodeURIComponent(PLOT_PAGE)}`, {}, headers)))).location).toBe(PLOT_PAGE);
    expect((await routeOutcome(() => loginPage(loaderArgs(`/login?redirectTo=${encodeURIComponent("//evil.example")}`, {}, headers)))).location).toBe("/account");
  });

  it("is where signing in leads, unless hostile", async () => {
    const signIn = (redirectTo: string, ip: string) =>
      routeOutcome(() => login(actionArgs("/login", { email: "newcomer@demo.hsitp.example", password: "demo-newcomer-pass-2026", redirectTo }, { clientIp: ip })));
    expect((await signIn(PLOT_PAGE, "192.0.2.31")).location).toBe(PLOT_PAGE);
    expect((await signIn("https://evil.example/", "192.0.2.32")).location).toBe("/account");
  });
});

describe("confirming the email address", () => {
  it("signs in the browser that registered and takes it back where it started, once", async () => {
    const { headers, link } = await register("same-browser@example.com", PLOT_PAGE);
    const registered = cookiesFrom(headers);
    const confirmed = await confirm(link, registered);
    expect(confirmed.status).toBe(302);
    expect(confirmed.location).toBe(PLOT_PAGE);
    const session = confirmed.headers.getSetCookie().find((c) => c.startsWith("portal_session="));
    expect(session).toBeDefined();
    // The registration cookie is spent with the link.
    expect(confirmed.headers.getSetCookie().some((c) => c.startsWith("portal_registration=;") && /Max-Age=0/i.test(c))).toBe(true);
    const user = await getCurrentUser(new Request("http://portal.test/", { headers: { Cookie: session!.split(";")[0]! } }));
    expect(user).toMatchObject({ email: "same-browser@example.com", emailVerified: true });
    expect(await db().auditEvent.count({ where: { action: "auth.login", subjectId: user!.id } })).toBe(1);

    // The link is single-use: a second press (even from the same browser) neither confirms nor signs in.
    const again = await confirm(link, registered);
    expect(again.status).toBe(200);
    expect(again.data).toMatchObject({ outcome: "invalid" });
    expect(again.headers.getSetCookie()).toEqual([]);
  });

  it("in another browser confirms the address and sends the person to sign in, keeping the place", async () => {
    const { link } = await register("other-browser@example.com", PLOT_PAGE);
    const confirmed = await confirm(link);
    expect(confirmed.location).toBe(`/login?verified=1&redirectTo=${encodeURIComponent(PLOT_PAGE)}`);
    expect(confirmed.headers.getSetCookie().some((c) => c.startsWith("portal_session="))).toBe(false);
    expect((await db().user.findUniqueOrThrow({ where: { email: "other-browser@example.com" } })).emailVerifiedAt).not.toBeNull();
  });

  it("does not sign in with another registration's cookie, nor with the emailed token itself as the cookie", async () => {
    const first = await register("first@example.com", PLOT_PAGE);
    const second = await register("second@example.com", PLOT_PAGE);
    const signedIn = (outcome: { headers: Headers }) => outcome.headers.getSetCookie().some((c) => c.startsWith("portal_session="));
    expect(signedIn(await confirm(second.link, cookiesFrom(first.headers)))).toBe(false);
    const tokenAsCookie = (await registrationCookie.serialize(first.link.searchParams.get("token"))).split(";")[0]!;
    expect(signedIn(await confirm(first.link, tokenAsCookie))).toBe(false);
  });

  it("refuses a hostile place to come back to, set in the form or in the link", async () => {
    const { headers, link } = await register("edited-link@example.com", PLOT_PAGE);
    const confirmed = await confirm(link, cookiesFrom(headers), "//evil.example/phish");
    expect(confirmed.location).toBe("/account");
    const elsewhere = await register("edited-link-2@example.com", PLOT_PAGE);
    expect((await confirm(elsewhere.link, "", "https://evil.example/")).location).toBe("/login?verified=1");
  });

  it("gives an already registered address the same answer, cookie included, and signs nobody in", async () => {
    const { location, headers, link } = await register("newcomer@demo.hsitp.example", PLOT_PAGE);
    expect(location).toBe(`/signup?sent=1&redirectTo=${encodeURIComponent(PLOT_PAGE)}`);
    expect(headers.getSetCookie().some((c) => c.startsWith("portal_registration="))).toBe(true);
    // The owner of the mailbox was told instead; that email carries no verification token.
    expect(link.pathname).toBe("/forgot-password");
  });
});

describe("creating an organisation", () => {
  const organisation = (registrationNumber: string, redirectTo: string) => ({
    name: "Journey Labs Limited",
    registrationNumber,
    origin: "overseas",
    focusSectors: "ai_data_science",
    redirectTo,
  });

  it("returns the person to the plot they started from, or to the organisation when the place is hostile", async () => {
    const { headers, link } = await register("founder@example.com", PLOT_PAGE);
    const session = (await confirm(link, cookiesFrom(headers))).headers.getSetCookie().find((c) => c.startsWith("portal_session="))!.split(";")[0]!;
    const created = await routeOutcome(() => createOrganisation(actionArgs("/organisations", organisation("JL-0001", PLOT_PAGE), { headers: { Cookie: session } })));
    expect(created.location).toBe(PLOT_PAGE);

    const other = await sessionCookieFor("founder@example.com");
    const hostileCreated = await routeOutcome(() =>
      createOrganisation(actionArgs("/organisations", { ...organisation("JL-0002", "//evil.example"), name: "Journey Two Limited" }, { headers: { Cookie: other } })),
    );
    expect(hostileCreated.location).toMatch(/^\/organisations\/[0-9a-f-]{36}$/);
  });
});

describe("the way from visitor to bidder", () => {
  const person = { email: "p@example.com", emailVerified: true, staffRole: null, roles: ["proposer"] as const };

  it("names the one next action for each kind of person", () => {
    expect(biddingJourney(null, {})).toEqual({ done: null, next: { kind: "register" } });
    expect(biddingJourney({ ...person, staffRole: "administrator", roles: ["administrator"] }, {}).next).toEqual({ kind: "staff" });
    expect(biddingJourney({ ...person, emailVerified: false }, {}, "1W-09")).toMatchObject({
      done: { account: true, email: false, organisation: false, plot: false, prepare: false, submit: false },
      next: { kind: "confirm-email", email: "p@example.com" },
    });
    expect(biddingJourney(person, {}, "1W-09").next).toEqual({ kind: "organisation" });
    const member = { ...person, roles: ["proposer", "owner"] as const };
    expect(biddingJourney(member, {}).next).toEqual({ kind: "choose-plot" });
    expect(biddingJourney(member, {}, "1W-09")).toMatchObject({ done: { organisation: true, plot: true, prepare: false }, next: { kind: "prepare", plot: "1W-09" } });
    const drafts = { "1W-08": { id: "a", submitted: true }, "1W-09": { id: "b", submitted: false } };
    expect(biddingJourney(member, drafts).next).toEqual({ kind: "continue", plot: "1W-09", proposalId: "b" });
    expect(biddingJourney(member, drafts, "1W-08")).toMatchObject({ done: { submit: true }, next: { kind: "submitted", plot: "1W-08", proposalId: "a" } });
    // An invited member who has not confirmed the address may still prepare.
    expect(biddingJourney({ ...member, emailVerified: false }, {}, "1W-09").next).toEqual({ kind: "prepare", plot: "1W-09" });
    expect(stepHref({ kind: "organisation" }, PLOT_PAGE)).toBe(`/organisations?redirectTo=${encodeURIComponent(PLOT_PAGE)}`);
  });

  it("is on the open release's page and its plots' pages, for visitors and for people in no organisation", async () => {
    const release = await routeOutcome(() => releasePage(loaderArgs(`/releases/${RELEASE}`, { code: RELEASE })));
    expect(release.data).toMatchObject({ journey: { done: null, next: { kind: "register" } } });
    const cookie = await sessionCookieFor("newcomer@demo.hsitp.example");
    const plot = await routeOutcome(() => plotPage(loaderArgs(PLOT_PAGE, { code: "1W-09" }, { Cookie: cookie })));
    expect(plot.data).toMatchObject({ offer: { release: { code: RELEASE }, journey: { next: { kind: "organisation" } } } });
    const owner = await sessionCookieFor("proposer@demo.hsitp.example");
    const ownerPlot = await routeOutcome(() => plotPage(loaderArgs(PLOT_PAGE, { code: "1W-09" }, { Cookie: owner })));
    expect(ownerPlot.data).toMatchObject({ offer: { journey: { next: { kind: "prepare", plot: "1W-09" } } } });
    // A plot in no open release offers no way to bid.
    const awarded = await routeOutcome(() => plotPage(loaderArgs("/plots/1W-03", { code: "1W-03" })));
    expect(awarded.data).toMatchObject({ offer: null });
  });

  it("explains an empty proposals page to a person in no organisation instead of refusing it", async () => {
    const cookie = await sessionCookieFor("newcomer@demo.hsitp.example");
    const page = await routeOutcome(() => proposalsPage(loaderArgs("/proposals", {}, { Cookie: cookie })));
    expect(page.status).toBe(200);
    expect(page.data).toMatchObject({ organisation: null, proposals: [] });
  });
});
