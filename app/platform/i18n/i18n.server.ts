import { createCookie } from "@remix-run/node";
import { defaultLanguage, isLanguage, type Language } from "./i18n.ts";

export const languageCookie = createCookie("lang", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

function fromAcceptLanguage(header: string | null): Language | undefined {
  if (!header) return undefined;
  const tags = header
    .split(",")
    .map((part) => {
      const [tag = "", q] = part.trim().split(";q=");
      return { tag: tag.toLowerCase(), q: q ? Number(q) : 1 };
    })
    .filter((entry) => entry.tag && Number.isFinite(entry.q))
    .sort((a, b) => b.q - a.q);
  for (const { tag } of tags) {
    if (tag.startsWith("en")) return "en";
    // Simplified Chinese: explicitly Hans, or the Mainland, Singapore and Malaysia, which write it.
    if (/^zh-(hans|cn|sg|my)\b/.test(tag)) return "zh-Hans";
    // Traditional Chinese: Hong Kong, Macau, Taiwan, explicitly Hant, or Chinese with no region
    // (a Hong Kong public body's Chinese is Traditional).
    if (/^zh(-(hant|hk|mo|tw)\b|$)/.test(tag)) return "zh-Hant";
  }
  return undefined;
}

/** The language chosen with the switch (cookie), else the browser's preference, else English. */
export async function languageOf(cookie: string | null, acceptLanguage: string | null): Promise<Language> {
  const chosen: unknown = cookie ? await languageCookie.parse(cookie) : undefined;
  if (chosen !== undefined && chosen !== null) return isLanguage(chosen) ? chosen : defaultLanguage;
  return fromAcceptLanguage(acceptLanguage) ?? defaultLanguage;
}

export function getLanguage(request: Request): Promise<Language> {
  return languageOf(request.headers.get("Cookie"), request.headers.get("Accept-Language"));
}
