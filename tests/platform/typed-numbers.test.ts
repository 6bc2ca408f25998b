import { describe, expect, it } from "vitest";
import { groupDigits, leftBlankOr, typedHkd, typedWholeNumber } from "~/platform/typed-numbers.ts";

// Every form's figures go through these: what people type with separators is taken, and anything a
// number's coercion would take but a person did not mean as a whole number is refused.

const floorArea = typedWholeNumber({ least: 1, most: 21_600, notAWholeNumber: "gfa", overMost: "gfaOverMax" });
const messageOf = (result: { success: boolean; error?: { issues: { message: string }[] } }) => (result.success ? null : result.error!.issues[0]!.message);

describe("typed whole numbers", () => {
  it("takes the digits of what people type, with commas or spaces between groups", () => {
    for (const [typed, value] of [["21,600", 21_600], ["21 600", 21_600], [" 1200 ", 1_200], ["0021", 21]] as const) expect(floorArea.parse(typed)).toBe(value);
  });

  it("refuses what a number's coercion would take: exponents, hexadecimal, signs, fractions", () => {
    for (const typed of ["1e3", "0x10", "+5", "-5", "5.0", "12.5", "١٢", "abc", "", "Infinity"]) expect(messageOf(floorArea.safeParse(typed)), typed).toBe("gfa");
  });

  it("says which limit a figure passed: below the least is not a figure, above the most says so", () => {
    expect(messageOf(floorArea.safeParse("0"))).toBe("gfa");
    expect(messageOf(floorArea.safeParse("21,601"))).toBe("gfaOverMax");
    expect(messageOf(floorArea.safeParse("9".repeat(400)))).toBe("gfaOverMax");
    expect(messageOf(typedWholeNumber({ least: 0, most: 100, notAWholeNumber: "percent" }).safeParse("101"))).toBe("percent");
  });

  it("reads a blank field, or one holding only separators, as no figure rather than 0", () => {
    const optional = leftBlankOr(floorArea);
    expect(optional.parse(undefined)).toBeUndefined();
    expect(optional.parse(" ")).toBeUndefined();
    expect(optional.parse(", ,")).toBeUndefined();
    expect(optional.parse("1,000")).toBe(1_000);
    expect(messageOf(optional.safeParse("1e3"))).toBe("gfa");
    expect(messageOf(floorArea.safeParse(undefined))).toBe("gfa");
  });
});

describe("typed Hong Kong dollars", () => {
  const amount = typedHkd({ message: "amount" });

  it("takes HK$ and separators, and keeps the amount as digits without leading zeros", () => {
    expect(amount.parse("HK$1,250,000,000")).toBe("1250000000");
    expect(amount.parse("hk$ 3 800 000 000")).toBe("3800000000");
    expect(amount.parse("007")).toBe("7");
    expect(amount.parse("0")).toBe("0");
    expect(amount.parse("9".repeat(13))).toBe("9".repeat(13));
  });

  it("refuses HK$10 trillion or more, fractions, signs and other currencies", () => {
    for (const typed of ["1".padEnd(14, "0"), "1,250.50", "-5", "US$5", "HK$", "1e9"]) expect(messageOf(amount.safeParse(typed)), typed).toBe("amount");
  });

  it("refuses nothing where an amount must not be nothing", () => {
    expect(messageOf(typedHkd({ least: 1, message: "investment" }).safeParse("0,000"))).toBe("investment");
    expect(typedHkd({ least: 1, message: "investment" }).parse("1")).toBe("1");
  });
});

describe("figures shown as typed", () => {
  it("groups the digits in thousands, exactly for amounts beyond a double's precision", () => {
    expect(groupDigits("1250000000")).toBe("1,250,000,000");
    expect(groupDigits(21_600)).toBe("21,600");
    expect(groupDigits("9999999999999")).toBe("9,999,999,999,999");
  });
});
