import { describe, expect, it } from "vitest";
import { getLanguage, languageCookie } from "~/platform/i18n/i18n.server.ts";
import { action } from "~/routes/language.ts";
import { actionArgs } from "../support/routes.ts";

const request = (headers: Record<string, string>) => new Request("http://portal.test/", { headers });

describe("the reader's language", () => {
  it("follows the language switch's cookie", async () => {
    const cookie = await languageCookie.serialize("zh-Hant");
    expect(await getLanguage(request({ Cookie: cookie, "Accept-Language": "en" }))).toBe("zh-Hant");
  });

  it("falls back to English for an unknown or forged cookie", async () => {
    expect(await getLanguage(request({ Cookie: await languageCookie.serialize("klingon") }))).toBe("en");
    expect(await getLanguage(request({ Cookie: "lang=%%%not-base64" }))).toBe("en");
  });

  it("uses the browser's preference when nothing was chosen", async () => {
    expect(await getLanguage(request({ "Accept-Language": "zh-HK,zh;q=0.9,en;q=0.5" }))).toBe("zh-Hant");
    expect(await getLanguage(request({ "Accept-Language": "fr-FR, en;q=0.3" }))).toBe("en");
    expect(await getLanguage(request({}))).toBe("en");
  });

  it.each([
    ["zh-CN", "zh-Hans"],
    ["zh-SG,en;q=0.5", "zh-Hans"],
    ["zh-Hans-HK", "zh-Hans"],
    ["en;q=0.4, zh-cn;q=0.8", "zh-Hans"],
    ["zh-TW", "zh-Hant"],
    ["zh-Hant-CN", "zh-Hant"],
    ["zh-MO", "zh-Hant"],
    ["zh", "zh-Hant"],
    ["zhx-CN", "en"],
  ])("reads Accept-Language %s as %s", async (header, language) => {
    expect(await getLanguage(request({ "Accept-Language": header }))).toBe(language);
  });

  it("follows a cookie that chose Simplified Chinese", async () => {
    expect(await getLanguage(request({ Cookie: await languageCookie.serialize("zh-Hans"), "Accept-Language": "zh-HK" }))).toBe("zh-Hans");
  });
});

describe("the language switch", () => {
  const submit = (fields: Record<string, string>) => action(actionArgs("/language", fields));

  it("sets the cookie and returns to the page the reader was on", async () => {
    const response = await submit({ lang: "zh-Hant", redirectTo: "/releases/HSITP-2026-02?x=1" });
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe("/releases/HSITP-2026-02?x=1");
    expect(await languageCookie.parse(response.headers.get("Set-Cookie"))).toBe("zh-Hant");
  });

  it("offers Simplified Chinese", async () => {
    const response = await submit({ lang: "zh-Hans", redirectTo: "/releases" });
    expect(await languageCookie.parse(response.headers.get("Set-Cookie"))).toBe("zh-Hans");
  });

  it.each(["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"])(
    "never redirects off the site (%s)",
    async (redirectTo) => {
      const response = await submit({ lang: "en", redirectTo });
      expect(response.headers.get("Location")).toBe("/");
    },
  );

  it("changes nothing for an unknown language", async () => {
    const response = await submit({ lang: "xx", redirectTo: "/releases" });
    expect(response.headers.get("Set-Cookie")).toBeNull();
  });
});

describe("the language switch with a broken request", () => {
  it("sends the reader home when the body is not a form", async () => {
    const response = await action(actionArgs("/language", "{not a form", { headers: { "Content-Type": "application/json" } }));
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe("/");
    expect(response.headers.get("Set-Cookie")).toBeNull();
  });
});
