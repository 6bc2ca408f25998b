import { beforeAll, expect, it } from "vitest";
import { action } from "~/routes/admin.releases.$code/route.tsx";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";
import { testContext } from "../support/routes.ts";
import { sessionCookieFor } from "../support/users.ts";

const db = withTestDatabase();
let cookie = "";

beforeAll(async () => {
  await seedDemoPark(db());
  cookie = await sessionCookieFor("admin@demo.hsitp.example");
});

async function upload(fields: Record<string, string>, file?: { name: string; bytes: string }) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  if (file) form.append("file", new File([Buffer.from(file.bytes, "latin1")], file.name, { type: "application/pdf" }));
  const request = new Request("http://portal.test/admin/releases/HSITP-2027-01", { method: "POST", body: form, headers: { Cookie: cookie } });
  const result = await action({ request, params: { code: "HSITP-2027-01" }, context: testContext });
  return result instanceof Response
    ? { status: result.status, location: result.headers.get("Location") }
    : { status: (result as { init: { status: number } }).init.status, problems: (result as { data: { problems: { key: string }[] } }).data.problems.map((p) => p.key) };
}

const titles = { titleEn: "Conditions of tender", titleZhHant: "招標條件" };

it("streams an upload with its titles into storage and records it", async () => {
  expect(await upload(titles, { name: "conditions.pdf", bytes: "%PDF-1.7 conditions" })).toEqual({ status: 302, location: "/admin/releases/HSITP-2027-01?uploaded=1" });
  expect(await db().tenderDocument.count()).toBe(1);
});

it("refuses a program named .pdf, a missing title and a missing file, recording nothing", async () => {
  expect(await upload(titles, { name: "survey.pdf", bytes: "MZ\x90\x00program" })).toEqual({ status: 400, problems: ["documents.errors.contentMismatch"] });
  expect(await upload({ titleEn: "Only English" }, { name: "survey.pdf", bytes: "%PDF-1.7 survey" })).toEqual({ status: 400, problems: ["documents.errors.titles"] });
  expect(await upload(titles)).toEqual({ status: 400, problems: ["documents.errors.noFile"] });
  expect(await db().tenderDocument.count()).toBe(1);
});
