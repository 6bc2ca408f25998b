import { publicResults, type PublicResults } from "~/results/public-results.server.ts";
import { getConfig } from "~/platform/config.server.ts";
import { db } from "~/platform/database/db.server.ts";
import type { ReleaseState } from "~/platform/database/generated/prisma/enums.ts";
import { PUBLIC_RELEASE } from "~/releases/releases.server.ts";
import { releaseCodeSchema } from "~/releases/schemas.ts";
import { addendumChangesOf } from "~/releases/addendum-changes.ts";

/** Plots are OCDS lots (the Lots extension); proposals received per plot are bid statistics (the Bids extension). */
export const OCDS_EXTENSIONS = [
  "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json",
  "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json",
];

/**
 * Our award states in the OCDS award status codelist: a suspended award (an upheld challenge) is not
 * final and not withdrawn, so it stays "pending" until the plot's results are published again.
 */
const AWARD_STATUS = { pending: "pending", active: "active", suspended: "pending", cancelled: "cancelled" } as const;

const PARK_AUTHORITY = {
  id: "HK-HSITPCL",
  name: "Hong Kong-Shenzhen Innovation and Technology Park Limited",
} as const;

/** Our release states in the OCDS tender status codelist. */
const TENDER_STATUS: Record<ReleaseState, string> = {
  draft: "planning",
  scheduled: "planned",
  open: "active",
  closed: "active",
  concluded: "complete",
  cancelled: "cancelled",
};

const releaseSelect = {
  id: true,
  code: true,
  titleEn: true,
  state: true,
  publicationAt: true,
  clarificationEndsAt: true,
  submissionDeadline: true,
  openingAt: true,
  updatedAt: true,
  phase: { select: { nameEn: true } },
  addenda: { orderBy: { number: "asc" }, select: { number: true, notesEn: true, changes: true, issuedAt: true } },
  documents: { orderBy: { uploadedAt: "asc" }, select: { id: true, titleEn: true, contentType: true, uploadedAt: true, addendumNumber: true } },
  plots: {
    orderBy: { position: "asc" },
    select: { withdrawnAt: true, plot: { select: { code: true, siteAreaM2: true, maxGfaM2: true, permittedUses: true } } },
  },
} as const;

type PublishedRelease = Awaited<ReturnType<typeof loadReleases>>[number];

function loadReleases(code?: string) {
  return db().release.findMany({
    where: { ...PUBLIC_RELEASE, ...(code ? { code } : {}) },
    orderBy: [{ publicationAt: "asc" }, { code: "asc" }],
    select: releaseSelect,
  });
}

const supplierId = (result: { registrationNumber: string }) => `organisation-${result.registrationNumber}`;

/** Every award a release's results made, live or not, as OCDS awards with their suppliers. */
function ocdsAwards(releaseCode: string, results: PublicResults) {
  return results.plots.flatMap((plot) => [
    ...plot.cancelledAwards.map((a) => ({ ...a, status: "cancelled" as const, description: "Replaced when the plot's results were published again after an upheld challenge." })),
    ...(plot.suspendedAward ? [{ ...plot.suspendedAward, status: "suspended" as const, description: "Suspended: a challenge was upheld and the plot's evaluation reopened." }] : []),
    ...(plot.award ? [{ ...plot.award, status: plot.award.status, description: plot.award.status === "pending" ? `Standstill until ${plot.award.standstillEndsAt.toISOString()}; final if no challenge is open then.` : "Final: the standstill ended with no open challenge." }] : []),
  ].map((a) => ({
    id: `${releaseCode}-${plot.plot}-${a.id.slice(0, 8)}`,
    title: `Plot ${plot.plot}`,
    description: a.description,
    status: AWARD_STATUS[a.status],
    date: a.publishedAt.toISOString(),
    suppliers: [{ id: supplierId(a), name: a.organisation }],
    relatedLots: [plot.plot],
  })));
}

/**
 * One release of the tender as an OCDS release. Only what is published: the notice, its plots and
 * timeline. Nothing from proposals (sealed) ever appears here.
 */
function toOcdsRelease(release: PublishedRelease, results: PublicResults | null) {
  const { OCDS_OCID_PREFIX, PUBLIC_URL } = getConfig();
  // Results are public once published: the awards (suppliers) and how many proposals each plot
  // received, never anything else of a proposal.
  const awards = results ? ocdsAwards(release.code, results) : [];
  const suppliers = new Map(awards.flatMap((a) => a.suppliers).map((s) => [s.id, s]));
  const registration = (id: string) => id.replace(/^organisation-/, "");
  const lots = release.plots.map(({ plot, withdrawnAt }) => ({
    id: plot.code,
    title: `Plot ${plot.code}`,
    description: `Site area ${plot.siteAreaM2} m², maximum gross floor area ${plot.maxGfaM2} m²; permitted uses: ${plot.permittedUses.join(", ")}.`,
    status: withdrawnAt ? "cancelled" : TENDER_STATUS[release.state],
  }));
  return {
    ocid: `${OCDS_OCID_PREFIX}-${release.code}`,
    id: `${release.code}-${release.updatedAt.getTime()}`,
    date: release.updatedAt.toISOString(),
    tag: [release.state === "cancelled" ? "tenderCancellation" : release.addenda.length > 0 ? "tenderAmendment" : "tender", ...(awards.length ? ["award"] : [])],
    initiationType: "tender",
    language: "en",
    parties: [
      { ...PARK_AUTHORITY, roles: ["buyer", "procuringEntity"] },
      ...[...suppliers.values()].map((s) => ({ id: s.id, name: s.name, identifier: { id: registration(s.id), legalName: s.name }, roles: ["supplier"] })),
    ],
    ...(awards.length ? { awards } : {}),
    ...(results
      ? {
          bids: {
            statistics: results.plots.map((plot) => ({
              id: `${release.code}-${plot.plot}-bids`,
              measure: "bids",
              value: plot.proposalsReceived,
              date: results.publishedAt.toISOString(),
              relatedLot: plot.plot,
            })),
          },
        }
      : {}),
    buyer: PARK_AUTHORITY,
    tender: {
      id: release.code,
      title: release.titleEn,
      description: `${release.phase.nameEn}: ${lots.length} plots offered for development. Details: ${PUBLIC_URL}/releases/${release.code}`,
      status: TENDER_STATUS[release.state],
      procuringEntity: PARK_AUTHORITY,
      procurementMethod: "open",
      submissionMethod: ["electronicSubmission"],
      tenderPeriod: { startDate: release.publicationAt.toISOString(), endDate: release.submissionDeadline.toISOString() },
      enquiryPeriod: { startDate: release.publicationAt.toISOString(), endDate: release.clarificationEndsAt.toISOString() },
      hasEnquiries: false,
      awardPeriod: { startDate: release.openingAt.toISOString() },
      items: release.plots.map(({ plot }) => ({
        id: plot.code,
        description: `Land plot ${plot.code}`,
        quantity: plot.siteAreaM2,
        unit: { scheme: "UNCEFACT", id: "MTK", name: "square metre" },
        relatedLot: plot.code,
      })),
      lots,
      ...(release.documents.length > 0
        ? {
            documents: release.documents.map((document) => ({
              id: document.id,
              documentType: "biddingDocuments",
              title: document.titleEn,
              url: `${PUBLIC_URL}/releases/${release.code}/documents/${document.id}`,
              datePublished: (document.uploadedAt > (release.publicationAt ?? document.uploadedAt) ? document.uploadedAt : release.publicationAt).toISOString(),
              format: document.contentType,
              language: "en",
            })),
          }
        : {}),
      ...(release.addenda.length > 0
        ? {
            amendments: release.addenda.map((addendum) => {
              const { withdrawnPlot, timeline } = addendumChangesOf(addendum.changes);
              return {
                id: `${release.code}-addendum-${addendum.number}`,
                date: addendum.issuedAt.toISOString(),
                rationale: addendum.notesEn,
                description: [...(withdrawnPlot ? [`withdrawnPlot: ${withdrawnPlot}`] : []), ...timeline.map(({ field, from, to }) => `${field}: ${from} -> ${to}`)].join("; "),
              };
            }),
          }
        : {}),
    },
  };
}

/**
 * An OCDS 1.1 release package of the published releases (all, or the one with `code`), or null
 * when there is nothing published to put in it.
 */
export async function ocdsReleasePackage(code?: string) {
  if (code !== undefined && !releaseCodeSchema.safeParse(code).success) return null;
  const releases = await loadReleases(code);
  if (releases.length === 0) return null;
  const { PUBLIC_URL } = getConfig();
  const latest = releases.reduce((max, r) => (r.updatedAt > max ? r.updatedAt : max), releases[0]!.updatedAt);
  return {
    uri: code ? `${PUBLIC_URL}/open-data/ocds/releases/${code}.json` : `${PUBLIC_URL}/open-data/ocds/releases.json`,
    version: "1.1",
    extensions: OCDS_EXTENSIONS,
    publishedDate: latest.toISOString(),
    publisher: { name: PARK_AUTHORITY.name, uri: PUBLIC_URL },
    license: "https://creativecommons.org/licenses/by/4.0/",
    publicationPolicy: `${PUBLIC_URL}/releases`,
    releases: await Promise.all(releases.map(async (release) => toOcdsRelease(release, await publicResults(release.id)))),
  };
}
