/**
 * Reads that are the same for everyone (a release's public page data: the release, its site plan,
 * published answers, addenda, results), shared by every request for `maxAgeMs` — the promise the
 * public pages' copies already make to visitors (decision 0009): data read less than
 * PUBLIC_PAGE_CACHE_SECONDS before it is shown. Signed-in people then pay only for what is theirs.
 * Staff changes on this instance forget everything at once (server/public-page-cache.ts
 * announces them); other instances' reads age out. Off until the server switches it on (tests and
 * development read afresh every time).
 */
let maxAgeMs = 0;
const MAX_ENTRIES = 500;
const entries = new Map<string, { readAt: number; value: Promise<unknown> }>();

export function shareReadsFor(milliseconds: number) {
  maxAgeMs = milliseconds;
  entries.clear();
}

/** `read()`'s answer, shared with every caller of `key` for `maxAgeMs` from when the read began. */
export function sharedRead<T>(key: string, read: () => Promise<T>): Promise<T> {
  if (maxAgeMs <= 0) return read();
  const now = Date.now();
  const kept = entries.get(key);
  if (kept && now - kept.readAt < maxAgeMs) return kept.value as Promise<T>;
  const value = read();
  entries.set(key, { readAt: now, value });
  // A failed read is not kept: the next request tries again.
  value.catch(() => {
    if (entries.get(key)?.value === value) entries.delete(key);
  });
  // Oldest first: Map keeps insertion order.
  for (const oldest of entries.keys()) {
    if (entries.size <= MAX_ENTRIES) break;
    entries.delete(oldest);
  }
  return value;
}

/** Staff changed public content: no read begun before is given to anyone after. */
export function forgetSharedReads() {
  entries.clear();
}
