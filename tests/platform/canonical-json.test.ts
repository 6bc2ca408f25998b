import { describe, expect, it } from "vitest";
import { canonicalJson } from "~/platform/canonical-json.ts";

/*
 * Receipts and package digests are computed over canonical JSON, so that anyone can recompute them
 * without the portal. These are RFC 8785's own examples (section 3.2.2 and 3.2.3, and numbers from
 * appendix B): an implementation written independently of ours agrees on them.
 */
describe("canonical JSON is RFC 8785 (JCS)", () => {
  it("serialises the RFC's sample: sorted keys, numbers as ECMAScript writes them, minimal string escapes", () => {
    const input = JSON.parse(
      String.raw`{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001], "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/", "literals": [null, true, false]}`,
    );
    expect(canonicalJson(input)).toBe(String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`);
  });

  it("sorts keys by their UTF-16 code units (an emoji before U+FB33), as the RFC's sorting example", () => {
    const input = JSON.parse(
      String.raw`{"\u20ac": "Euro Sign", "\r": "Carriage Return", "\ufb33": "Hebrew Letter Dalet With Dagesh", "1": "One", "\ud83d\ude00": "Emoji: Grinning Face", "\u0080": "Control", "\u00f6": "Latin Small Letter O With Diaeresis"}`,
    );
    // Read the order off the text: a parsed object would put the integer-like key "1" first again.
    const text = canonicalJson(input);
    const values = Object.values(input as Record<string, string>).sort((a, b) => text.indexOf(`"${a}"`) - text.indexOf(`"${b}"`));
    expect(values).toEqual([
      "Carriage Return",
      "One",
      "Control",
      "Latin Small Letter O With Diaeresis",
      "Euro Sign",
      "Emoji: Grinning Face",
      "Hebrew Letter Dalet With Dagesh",
    ]);
  });

  it("writes numbers as the RFC's appendix does", () => {
    const cases: [number, string][] = [
      [-0, "0"],
      [1e21, "1e+21"],
      [1e20, "100000000000000000000"],
      [0.000001, "0.000001"],
      [1e-7, "1e-7"],
      [5e-324, "5e-324"],
      [1.7976931348623157e308, "1.7976931348623157e+308"],
      [9007199254740992, "9007199254740992"],
    ];
    for (const [value, text] of cases) expect(canonicalJson([value])).toBe(`[${text}]`);
  });

  it("turns our own types into JSON ones first: dates, bigints, absent fields", () => {
    expect(canonicalJson({ b: 10n ** 12n, a: new Date("2027-01-04T04:00:00Z"), c: undefined, d: [undefined] })).toBe('{"a":"2027-01-04T04:00:00.000Z","b":"1000000000000","d":[null]}');
  });
});
