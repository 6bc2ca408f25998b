import canonicalize from "canonicalize";

/**
 * The JSON Canonicalization Scheme (RFC 8785): object keys sorted by UTF-16 code units at every
 * level, no whitespace, numbers and strings as ECMAScript serialises them. The same value always
 * gives the same bytes (and the same digest), and anyone can recompute them with any RFC 8785
 * implementation. Before that, our own types become JSON ones: dates ISO strings, bigints decimal
 * strings, undefined fields absent.
 */
export function canonicalJson(value: unknown): string {
  return canonicalize(toJsonValue(value))!;
}

function toJsonValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, field]) => field !== undefined)
        .map(([key, field]) => [key, toJsonValue(field)]),
    );
  }
  if (typeof value === "number" && !Number.isFinite(value)) throw new Error("canonicalJson: non-finite number");
  return value;
}
