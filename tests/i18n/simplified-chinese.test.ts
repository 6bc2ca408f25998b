import { describe, expect, it } from "vitest";
import { registerProposer } from "~/accounts/accounts.server.ts";
import { withTestDatabase } from "../support/database.ts";

const db = withTestDatabase();

describe("a reader of Simplified Chinese", () => {
  it("registers in 简体中文 and gets every email in it", async () => {
    await registerProposer({ name: "王小明", email: "wang@example.cn", password: "correct horse battery", language: "zh-Hans" });
    expect(await db().user.findUniqueOrThrow({ where: { email: "wang@example.cn" } })).toMatchObject({ locale: "zh-Hans" });
    const email = await db().outboxEmail.findFirstOrThrow({ where: { toAddress: "wang@example.cn" } });
    expect(email.subject).toBe("确认您的邮箱地址");
    expect(email.text).toContain("王小明，您好：");
    // The action line joins its label and the link with the full-width colon of the catalog.
    expect(email.text).toMatch(/确认我的邮箱地址：http/);
    expect(email.html).toContain('<html lang="zh-Hans">');
  });

  it("is one of three languages the database accepts for a person", async () => {
    const user = await db().user.findUniqueOrThrow({ where: { email: "wang@example.cn" } });
    await expect(db().user.update({ where: { id: user.id }, data: { locale: "zh-CN" } })).rejects.toThrow(/User_locale_known/);
    for (const locale of ["en", "zh-Hant", "zh-Hans"]) await db().user.update({ where: { id: user.id }, data: { locale } });
  });
});
