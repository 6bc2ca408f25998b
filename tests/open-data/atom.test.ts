import { XMLParser, XMLValidator } from "fast-xml-parser";
import { beforeAll, expect, it } from "vitest";
import { loader } from "~/routes/feeds.releases[.atom].ts";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";

const db = withTestDatabase();

beforeAll(async () => {
  await seedDemoPark(db());
});

it("serves a well-formed Atom feed of published releases, newest change first, never a draft", async () => {
  await db().release.update({ where: { code: "HSITP-2026-01" }, data: { titleEn: 'Phase 1 West: first batch <& "six" plots>' } });
  const response = await loader();
  expect(response.headers.get("Content-Type")).toBe("application/atom+xml; charset=utf-8");
  const text = await response.text();
  expect(XMLValidator.validate(text)).toBe(true);
  const feed = new XMLParser({ ignoreAttributes: false }).parse(text).feed;
  expect(feed["@_xmlns"]).toBe("http://www.w3.org/2005/Atom");
  const entries = [feed.entry].flat();
  expect(entries.map((e: { id: string }) => e.id)).toEqual(["HSITP-2026-01", "HSITP-2026-03", "HSITP-2026-02"].map((code) => `http://localhost:3000/releases/${code}`));
  expect(entries[0].title).toBe('Phase 1 West: first batch <& "six" plots> / 第一期（西）：首批六幅地段');
  expect(entries[1].summary).toContain("(UTC+8)");
  expect(text).not.toContain("HSITP-2027-01");
});
