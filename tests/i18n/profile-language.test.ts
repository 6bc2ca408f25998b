import { describe, expect, it } from "vitest";
import { languageCookie } from "~/platform/i18n/i18n.server.ts";
import { action } from "~/routes/language.ts";
import { withTestDatabase } from "../support/database.ts";
import { actionArgs } from "../support/routes.ts";
import { sessionCookieFor } from "../support/users.ts";

const db = withTestDatabase();

describe("the language switch and the profile language", () => {
  it("saves a signed-in person's choice as their profile language, so their emails follow it", async () => {
    const user = await db().user.create({ data: { email: "mei@example.com", name: "Mei", passwordHash: "x", emailVerifiedAt: new Date(), locale: "en" } });
    const cookie = await sessionCookieFor(user.email);
    const response = await action(actionArgs("/language", { lang: "zh-Hant", redirectTo: "/account" }, { headers: { Cookie: cookie } }));
    expect(response.status).toBe(303);
    expect(await languageCookie.parse(response.headers.get("Set-Cookie"))).toBe("zh-Hant");
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).locale).toBe("zh-Hant");
    await action(actionArgs("/language", { lang: "en", redirectTo: "/" }, { headers: { Cookie: cookie } }));
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).locale).toBe("en");
  });

  it("gives an anonymous visitor the cookie only, and changes no one's profile", async () => {
    const user = await db().user.create({ data: { email: "wing@example.com", name: "Wing", passwordHash: "x", emailVerifiedAt: new Date(), locale: "en" } });
    const response = await action(actionArgs("/language", { lang: "zh-Hant", redirectTo: "/" }));
    expect(await languageCookie.parse(response.headers.get("Set-Cookie"))).toBe("zh-Hant");
    expect(await db().user.count({ where: { locale: { not: "en" } } })).toBe(0);
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).locale).toBe("en");
  });
});
