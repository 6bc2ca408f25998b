import { z } from "zod";
import { db } from "./db.server.ts";
import type { ReleaseState } from "./generated/prisma/enums.ts";

/** The states in which a release has been published and may be seen by anyone. */
export const PUBLIC_RELEASE_STATES: ReleaseState[] = ["open", "closed", "concluded", "cancelled"];

/** Release codes as the park writes them, e.g. HSITP-2026-02. Anything else cannot exist. */
export const releaseCodeSchema = z.string().regex(/^[A-Z0-9][A-Z0-9-]{1,31}$/);

const summarySelect = {
  code: true,
  titleEn: true,
  titleZhHant: true,
  state: true,
  publicationAt: true,
  clarificationEndsAt: true,
  submissionDeadline: true,
  openingAt: true,
  phase: { select: { code: true, nameEn: true, nameZhHant: true } },
  _count: { select: { plots: true } },
} as const;

/** Releases open for proposals, soonest deadline first. */
export function listOpenReleases() {
  return db().release.findMany({
    where: { state: "open" },
    orderBy: [{ submissionDeadline: "asc" }, { code: "asc" }],
    select: summarySelect,
  });
}

/** Every published release, newest publication first. */
export function listPublicReleases() {
  return db().release.findMany({
    where: { state: { in: PUBLIC_RELEASE_STATES } },
    orderBy: [{ publicationAt: "desc" }, { code: "asc" }],
    select: summarySelect,
  });
}

/**
 * A published release with its plots, or null when there is none with that code: drafts and
 * scheduled releases are reported exactly as missing ones, so their existence does not leak.
 */
export async function getPublicRelease(code: string) {
  const parsed = releaseCodeSchema.safeParse(code);
  if (!parsed.success) return null;
  return db().release.findFirst({
    where: { code: parsed.data, state: { in: PUBLIC_RELEASE_STATES } },
    select: {
      ...summarySelect,
      plots: {
        orderBy: { position: "asc" },
        select: {
          plot: {
            select: { code: true, siteAreaM2: true, maxGfaM2: true, permittedUses: true, state: true, polygon: true },
          },
        },
      },
    },
  });
}
