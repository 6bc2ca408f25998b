import { getConfig } from "~/platform/config.server.ts";
import { db } from "~/platform/database/db.server.ts";
import { listPublicReleases, PUBLIC_RELEASE } from "~/releases/releases.server.ts";
import { formatDateTime, PARK_TIME_ZONE } from "~/platform/time.ts";

export const xml = (text: string) =>
  text.replace(/[<>&'"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c]!);

/**
 * The Atom feed of published releases (RFC 4287): one entry per release, updated when the release
 * changes. Entries are in English with the Chinese title alongside, as feed readers show one text.
 */
export async function releasesAtomFeed(): Promise<string> {
  const { PUBLIC_URL } = getConfig();
  const releases = (await listPublicReleases()).sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime());
  const updated = releases[0]?.updatedAt ?? new Date(0);
  const addenda = await db().addendum.findMany({
    where: { release: PUBLIC_RELEASE },
    orderBy: { issuedAt: "desc" },
    take: 100,
    include: { release: { select: { code: true, titleEn: true, titleZhHant: true } } },
  });
  const addendumEntries = addenda.map((addendum) => {
    const url = `${PUBLIC_URL}/releases/${addendum.release.code}#addenda`;
    return [
      "  <entry>",
      `    <id>${xml(`${PUBLIC_URL}/releases/${addendum.release.code}/addenda/${addendum.number}`)}</id>`,
      `    <title>${xml(`Addendum ${addendum.number} to ${addendum.release.code}: ${addendum.release.titleEn} / ${addendum.release.titleZhHant}`)}</title>`,
      `    <link rel="alternate" type="text/html" href="${xml(url)}"/>`,
      `    <updated>${addendum.issuedAt.toISOString()}</updated>`,
      `    <summary>${xml(`${addendum.notesEn} / ${addendum.notesZhHant}`)}</summary>`,
      "  </entry>",
    ].join("\n");
  });
  const entries = releases.map((release) => {
    const url = `${PUBLIC_URL}/releases/${release.code}`;
    const deadline = formatDateTime(release.submissionDeadline, PARK_TIME_ZONE, "en-HK");
    const summary = `${release.code} · ${release.phase.nameEn} · ${release._count.plots} plots · state: ${release.state} · submission deadline ${deadline}`;
    return [
      "  <entry>",
      `    <id>${xml(url)}</id>`,
      `    <title>${xml(`${release.titleEn} / ${release.titleZhHant}`)}</title>`,
      `    <link rel="alternate" type="text/html" href="${xml(url)}"/>`,
      `    <published>${release.publicationAt.toISOString()}</published>`,
      `    <updated>${release.updatedAt.toISOString()}</updated>`,
      `    <summary>${xml(summary)}</summary>`,
      "  </entry>",
    ].join("\n");
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">',
    `  <id>${xml(`${PUBLIC_URL}/feeds/releases.atom`)}</id>`,
    "  <title>HSITP Plot Tender Portal: releases</title>",
    `  <link rel="self" type="application/atom+xml" href="${xml(`${PUBLIC_URL}/feeds/releases.atom`)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xml(`${PUBLIC_URL}/releases`)}"/>`,
    `  <updated>${updated.toISOString()}</updated>`,
    "  <author><name>Hong Kong-Shenzhen Innovation and Technology Park Limited</name></author>",
    ...addendumEntries,
    ...entries,
    "</feed>",
    "",
  ].join("\n");
}
