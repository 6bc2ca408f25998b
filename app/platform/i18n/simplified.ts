import { Converter } from "opencc-js/t2cn";

/**
 * Hong Kong Traditional characters to Mainland Simplified ones (OpenCC's "hk" → "cn"): the
 * characters only, never words, so a title or reason staff typed keeps the words they chose.
 * The catalogs go further (scripts/i18n-hans.ts applies the reviewed Mainland terms on top).
 * Browser-safe: pages convert content while rendering, on the server and when hydrating alike.
 */
const hongKongToMainland = Converter({ from: "hk", to: "cn" });

export function toSimplified(traditional: string): string {
  return hongKongToMainland(traditional);
}
