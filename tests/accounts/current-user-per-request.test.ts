import { beforeAll, expect, it } from "vitest";
import { getCurrentUser } from "~/accounts/sessions.server.ts";
import { requestContext } from "~/platform/logger.server.ts";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";
import { sessionCookieFor } from "../support/users.ts";

/**
 * A page view runs the root loader and the page's loader side by side, and both ask who is signed
 * in: one lookup of the session serves both (issue 17: it was two database round trips per page).
 */
const db = withTestDatabase();
let cookie: string;

beforeAll(async () => {
  await seedDemoPark(db());
  cookie = await sessionCookieFor("proposer@demo.hsitp.example");
});

const page = (method = "GET") => new Request("http://portal.test/", { method, headers: { Cookie: cookie } });
const inRequest = <T>(run: () => Promise<T>) => requestContext.run({ requestId: "test-request" }, run);

it("looks the session up once for every loader of one page view", async () => {
  const [root, route] = await inRequest(() => Promise.all([getCurrentUser(page()), getCurrentUser(page())]));
  expect(root?.email).toBe("proposer@demo.hsitp.example");
  expect(route).toBe(root);
});

it("looks afresh in another request, and sees a session ended meanwhile", async () => {
  const first = await inRequest(() => getCurrentUser(page()));
  const second = await inRequest(() => getCurrentUser(page()));
  expect(second).not.toBe(first);
  await db().session.deleteMany({ where: { id: first!.sessionId } });
  expect(await inRequest(() => getCurrentUser(page()))).toBeNull();
});

it("an action looks for itself (it may sign in or out, or change the acting organisation)", async () => {
  const fresh = await sessionCookieFor("proposer@demo.hsitp.example");
  const post = () => new Request("http://portal.test/account", { method: "POST", headers: { Cookie: fresh } });
  const [a, b] = await inRequest(() => Promise.all([getCurrentUser(post()), getCurrentUser(post())]));
  expect(a?.email).toBe("proposer@demo.hsitp.example");
  expect(b).not.toBe(a);
});
