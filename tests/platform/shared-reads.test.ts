import { afterEach, expect, it } from "vitest";
import { forgetSharedReads, sharedRead, shareReadsFor } from "~/platform/shared-reads.server.ts";

/** Public reads shared for the public pages' lifetime (app/platform/shared-reads.server.ts). */
afterEach(() => shareReadsFor(0));

function counter() {
  let reads = 0;
  return { read: async () => ++reads, reads: () => reads };
}

it("reads once for everyone asking within the lifetime", async () => {
  shareReadsFor(60_000);
  const { read, reads } = counter();
  expect(await Promise.all([sharedRead("release A", read), sharedRead("release A", read)])).toEqual([1, 1]);
  expect(await sharedRead("release A", read)).toBe(1);
  expect(reads()).toBe(1);
  // Another key is another read.
  expect(await sharedRead("release B", read)).toBe(2);
});

it("reads again once the lifetime has passed", async () => {
  shareReadsFor(30);
  const { read, reads } = counter();
  await sharedRead("release A", read);
  await new Promise((resolve) => setTimeout(resolve, 60));
  expect(await sharedRead("release A", read)).toBe(2);
  expect(reads()).toBe(2);
});

it("forgets everything when staff change public content, and keeps no failed read", async () => {
  shareReadsFor(60_000);
  const { read } = counter();
  await sharedRead("release A", read);
  forgetSharedReads();
  expect(await sharedRead("release A", read)).toBe(2);
  await expect(sharedRead("release C", () => Promise.reject(new Error("database away")))).rejects.toThrow("database away");
  expect(await sharedRead("release C", read)).toBe(3);
});

it("is off unless the server switches it on: every call reads", async () => {
  const { read, reads } = counter();
  await sharedRead("release A", read);
  await sharedRead("release A", read);
  expect(reads()).toBe(2);
});
