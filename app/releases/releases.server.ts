import { z } from "zod";
import { db } from "~/platform/database/db.server.ts";
import type { Prisma } from "~/platform/database/generated/prisma/client.ts";
import { PermittedUse, type ReleaseState } from "~/platform/database/generated/prisma/enums.ts";
import { releaseCodeSchema } from "./schemas.ts";

/** The states in which a release has been published and may be seen by anyone. */
const publicStates = ["open", "closed", "concluded", "cancelled"] as const satisfies readonly ReleaseState[];
export const PUBLIC_RELEASE_STATES: ReleaseState[] = [...publicStates];

/**
 * What makes a release public: a public state AND a publication that happened. A scheduled release
 * cancelled before its time was never public and stays hidden.
 */
export const PUBLIC_RELEASE = { state: { in: PUBLIC_RELEASE_STATES }, publishedAt: { not: null } } satisfies Prisma.ReleaseWhereInput;

const summarySelect = {
  code: true,
  titleEn: true,
  titleZhHant: true,
  state: true,
  publicationAt: true,
  clarificationEndsAt: true,
  submissionDeadline: true,
  openingAt: true,
  updatedAt: true,
  phase: { select: { code: true, nameEn: true, nameZhHant: true } },
  _count: { select: { plots: { where: { withdrawnAt: null } } } },
} as const;

/** Releases open for proposals, soonest deadline first. */
export function listOpenReleases() {
  return db().release.findMany({
    where: { state: "open" },
    orderBy: [{ submissionDeadline: "asc" }, { code: "asc" }],
    select: summarySelect,
  });
}

/** What the public release list can be narrowed to; anything unrecognised is ignored. */
export const releaseFiltersSchema = z.object({
  phase: z.string().regex(/^[A-Z0-9]{2,8}$/).optional().catch(undefined),
  state: z.enum(publicStates).optional().catch(undefined),
  use: z.enum(PermittedUse).optional().catch(undefined),
});
export type ReleaseFilters = z.infer<typeof releaseFiltersSchema>;

/** Every published release, newest publication first, narrowed by phase, state and permitted use. */
export function listPublicReleases(filters: ReleaseFilters = {}) {
  return db().release.findMany({
    where: {
      ...PUBLIC_RELEASE,
      ...(filters.state ? { state: filters.state } : {}),
      ...(filters.phase ? { phase: { code: filters.phase } } : {}),
      ...(filters.use ? { plots: { some: { plot: { permittedUses: { has: filters.use } } } } } : {}),
    },
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
    where: { code: parsed.data, ...PUBLIC_RELEASE },
    select: {
      ...summarySelect,
      id: true,
      cancellationReasonEn: true,
      cancellationReasonZhHant: true,
      eligibilityEn: true,
      eligibilityZhHant: true,
      documents: { orderBy: { uploadedAt: "asc" }, select: { id: true, titleEn: true, titleZhHant: true, fileName: true, size: true, sha256: true, addendumNumber: true } },
      passMarkPercent: true,
      standstillDays: true,
      criteria: { orderBy: { position: "asc" }, select: { nameEn: true, nameZhHant: true, envelope: true, weight: true, maxScore: true } },
      requiredDocuments: { orderBy: { position: "asc" }, select: { nameEn: true, nameZhHant: true, envelope: true, acceptedTypes: true, maxSizeMb: true, mandatory: true } },
      plots: {
        orderBy: { position: "asc" },
        select: {
          withdrawnAt: true,
          withdrawalReasonEn: true,
          withdrawalReasonZhHant: true,
          plot: {
            select: { code: true, siteAreaM2: true, maxGfaM2: true, permittedUses: true, state: true },
          },
        },
      },
    },
  });
}

export function listPhases() {
  return db().phase.findMany({ orderBy: { ordinal: "asc" }, select: { code: true, nameEn: true, nameZhHant: true } });
}

/** Every release, drafts included, newest first (administrators only). */
export function listAllReleases() {
  return db().release.findMany({
    orderBy: [{ createdAt: "desc" }],
    select: { code: true, titleEn: true, titleZhHant: true, state: true, publicationAt: true, submissionDeadline: true, _count: { select: { plots: true } } },
  });
}

/** A release as administrators prepare and run it, whatever its state, or null when there is none with that code. */
export async function getReleaseForAdministration(code: string | undefined) {
  const parsed = releaseCodeSchema.safeParse(code);
  if (!parsed.success) return null;
  return db().release.findUnique({
    where: { code: parsed.data },
    include: {
      phase: true,
      plots: { orderBy: { position: "asc" }, select: { withdrawnAt: true, plot: { select: { code: true } } } },
      criteria: { orderBy: { position: "asc" } },
      requiredDocuments: { orderBy: { position: "asc" } },
      documents: { orderBy: { uploadedAt: "asc" }, select: { id: true, titleEn: true, titleZhHant: true, fileName: true, size: true, sha256: true, addendumNumber: true } },
    },
  });
}
