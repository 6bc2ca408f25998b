import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { files, readOverrides, simplifiedCatalogText, toMainland } from "../../scripts/i18n-hans.ts";
import { pick } from "~/platform/i18n/i18n.ts";
import { toSimplified } from "~/platform/i18n/simplified.ts";

describe("the Simplified Chinese catalog", () => {
  it("is exactly what npm run i18n:hans makes from the Traditional catalog and the reviewed terms", () => {
    // Fails when someone changes zh-Hant (or the overrides) without regenerating, or edits zh-Hans by hand.
    expect(readFileSync(files.simplified, "utf8") === simplifiedCatalogText(), "run npm run i18n:hans").toBe(true);
  });

  it("converts Hong Kong characters and then the reviewed Mainland terms, longest phrase first and once", () => {
    const mainland = toMainland({ phrases: { 上载: "上传", 电邮地址: "邮箱地址", 电邮: "电子邮件" }, keys: {} });
    expect(mainland("請上載檔案，並以電郵通知電郵地址的持有人。")).toBe("请上传档案，并以电子邮件通知邮箱地址的持有人。");
    // A replacement is never replaced again: "上传" would not become anything else even if listed.
    expect(toMainland({ phrases: { 上载: "上传", 上传: "X" }, keys: {} })("上載")).toBe("上传");
  });

  it("keeps a phrase listed as itself from the shorter terms inside it, and sets every listed key", () => {
    const overrides = readOverrides();
    expect(toMainland(overrides)("《個人資料（私隱）條例》及個人資料")).toBe("《个人资料（私隐）条例》及个人信息");
    const hans = JSON.parse(readFileSync(files.simplified, "utf8")) as Record<string, unknown>;
    for (const key of Object.keys(overrides.keys)) {
      const value = key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], hans);
      expect(value, key).toBe(overrides.keys[key]);
    }
  });
});

describe("content typed in English and Traditional Chinese", () => {
  const title = { en: "Phase 1 West: first six plots", zhHant: "第一期（西）：首批六幅地段" };

  it("shows the Traditional text converted to Simplified characters, its words kept", () => {
    expect(pick("zh-Hans", title)).toBe("第一期（西）：首批六幅地段");
    expect(pick("zh-Hans", { en: "x", zhHant: "濕實驗室研究及發展：發展商須提交補充文件" })).toBe("湿实验室研究及发展：发展商须提交补充文件");
    expect(pick("zh-Hant", title)).toBe(title.zhHant);
    expect(pick("en", title)).toBe(title.en);
  });

  it("converts by Hong Kong variants (OpenCC hk → cn)", () => {
    // 着 and 綫/線: Hong Kong forms the plain Taiwan table would leave or convert differently.
    expect(toSimplified("衞生署綫路")).toBe("卫生署线路");
  });
});
