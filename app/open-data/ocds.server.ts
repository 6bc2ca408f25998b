import { publicResults, type PublicResults } from "~/results/public-results.server.ts";
import { getConfig } from "~/platform/config.server.ts";
import { db } from "~/platform/database/db.server.ts";
import type { ReleaseState } from "~/platform/database/generated/prisma/enums.ts";
import { PUBLIC_RELEASE } from "~/releases/releases.server.ts";
import { releaseCodeSchema } from "~/releases/schemas.ts";
import { addendumChangesOf } from "~/releases/addendum-changes.ts";
import { currentPromises, milestoneStatus, type MilestoneStatus } from "~/developments/promises.ts";
import { serverNow } from "~/platform/database/transactions.server.ts";
import type { MilestoneKind } from "~/platform/database/generated/prisma/enums.ts";
import { parkCalendarDay } from "~/platform/time.ts";

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

/** Our milestone states in the OCDS milestone status codelist: reached (on time or late) is met; past its date without evidence, not met. */
const MILESTONE_STATUS: Record<MilestoneStatus, string> = { reached_on_time: "met", reached_late: "met", overdue: "notMet", due: "scheduled" };
/** Design approval is an approval; the rest of the programme is delivery (the milestoneType codelist). */
const MILESTONE_TYPE: Record<MilestoneKind, string> = { design_approval: "approval", construction_start: "delivery", topping_out: "delivery", completion: "delivery", opening: "delivery" };
const MILESTONE_TITLE: Record<MilestoneKind, string> = { design_approval: "Design approval", construction_start: "Construction start", topping_out: "Topping out", completion: "Completion", opening: "Opening" };

/**
 * The development records of a release's final awards: what applies of their programme (an approved
 * variation's date where there is one) and only verified reports. The winning bid's promised figures
 * are not published here, and nothing of any other bid is read.
 */
function loadDevelopments(releaseId: string) {
  return db().development.findMany({
    where: { award: { releaseId, status: "active" } },
    select: {
      id: true,
      awardId: true,
      createdAt: true,
      promisedGfaM2: true,
      promisedSectors: true,
      promisedInvestmentHkd: true,
      promisedResearchPosts: true,
      promisedGraduatePlaces: true,
      milestones: { select: { kind: true, promisedBy: true, reachedOn: true } },
      variations: { where: { state: "approved" }, select: { subject: true, milestoneKind: true, toValue: true, decidedAt: true } },
      reports: { where: { state: "verified" }, orderBy: { dueOn: "asc" }, select: { dueOn: true, investmentSpentHkd: true } },
    },
  });
}
type ReleaseDevelopment = Awaited<ReturnType<typeof loadDevelopments>>[number];

/**
 * OCDS contracts for the final awards that have a development record: its programme as
 * implementation milestones, and the investment each verified report adds as a transaction from
 * the awardee (reports state investment spent to date).
 */
function ocdsContracts(releaseCode: string, results: PublicResults, developments: ReleaseDevelopment[], today: Date) {
  return results.plots.flatMap((plot) => {
    const award = plot.award;
    const development = award && developments.find((d) => d.awardId === award.id);
    if (!award || !development) return [];
    const awardId = `${releaseCode}-${plot.plot}-${award.id.slice(0, 8)}`;
    const promises = currentPromises({ ...development, milestones: development.milestones }, development.variations);
    const reachedOn = new Map(development.milestones.map((m) => [m.kind, m.reachedOn]));
    let spentBefore = 0n;
    const transactions = development.reports.flatMap((report) => {
      const added = report.investmentSpentHkd - spentBefore;
      spentBefore = report.investmentSpentHkd;
      if (added <= 0n) return [];
      return [{
        id: `${awardId}-investment-${report.dueOn.toISOString().slice(0, 10)}`,
        // Where the figures come from: the park's portfolio, built from verified progress reports.
        source: `${getConfig().PUBLIC_URL}/portfolio`,
        date: report.dueOn.toISOString(),
        value: { amount: Number(added), currency: "HKD" },
        payer: { id: supplierId(award), name: award.organisation },
      }];
    });
    return [{
      id: `${awardId}-development`,
      awardID: awardId,
      title: `Development of plot ${plot.plot}`,
      description: "The awardee's programme as it applies now (approved variations included), and the investment its verified progress reports state.",
      status: "active",
      dateSigned: development.createdAt.toISOString(),
      implementation: {
        milestones: promises.milestones.map((m) => {
          const reached = reachedOn.get(m.kind) ?? null;
          return {
            id: `${awardId}-${m.kind}`,
            code: m.kind,
            title: MILESTONE_TITLE[m.kind],
            type: MILESTONE_TYPE[m.kind],
            status: MILESTONE_STATUS[milestoneStatus({ dueBy: m.dueBy, reachedOn: reached }, today)],
            dueDate: m.dueBy.toISOString(),
            ...(reached ? { dateMet: reached.toISOString() } : {}),
          };
        }),
        ...(transactions.length ? { transactions } : {}),
      },
    }];
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
function toOcdsRelease(release: PublishedRelease, results: PublicResults | null, developments: ReleaseDevelopment[], today: Date) {
  const { OCDS_OCID_PREFIX, PUBLIC_URL } = getConfig();
  // Results are public once published: the awards (suppliers) and how many proposals each plot
  // received, never anything else of a proposal.
  const awards = results ? ocdsAwards(release.code, results) : [];
  const contracts = results ? ocdsContracts(release.code, results, developments, today) : [];
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
    tag: [release.state === "cancelled" ? "tenderCancellation" : release.addenda.length > 0 ? "tenderAmendment" : "tender", ...(awards.length ? ["award"] : []), ...(contracts.length ? ["contract", "implementation"] : [])],
    initiationType: "tender",
    language: "en",
    parties: [
      { ...PARK_AUTHORITY, roles: ["buyer", "procuringEntity"] },
      ...[...suppliers.values()].map((s) => ({ id: s.id, name: s.name, identifier: { id: registration(s.id), legalName: s.name }, roles: ["supplier"] })),
    ],
    ...(awards.length ? { awards } : {}),
    ...(contracts.length ? { contracts } : {}),
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
  const today = parkCalendarDay(await serverNow(db()));
  const latest = releases.reduce((max, r) => (r.updatedAt > max ? r.updatedAt : max), releases[0]!.updatedAt);
  return {
    uri: code ? `${PUBLIC_URL}/open-data/ocds/releases/${code}.json` : `${PUBLIC_URL}/open-data/ocds/releases.json`,
    version: "1.1",
    extensions: OCDS_EXTENSIONS,
    publishedDate: latest.toISOString(),
    publisher: { name: PARK_AUTHORITY.name, uri: PUBLIC_URL },
    license: "https://creativecommons.org/licenses/by/4.0/",
    publicationPolicy: `${PUBLIC_URL}/releases`,
    releases: await Promise.all(
      releases.map(async (release) => {
        const results = await publicResults(release.id);
        return toOcdsRelease(release, results, results ? await loadDevelopments(release.id) : [], today);
      }),
    ),
  };
}
