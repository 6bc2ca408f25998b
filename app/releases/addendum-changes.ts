// What an addendum changed, as stored in its `changes` (JSON): timeline fields with their times
// before and after, and a plot it withdrew. Browser-safe: the release page and OCDS read it alike.

const TIMELINE_FIELDS = ["clarificationEndsAt", "submissionDeadline", "openingAt"] as const;

export interface AddendumChanges {
  timeline: { field: (typeof TIMELINE_FIELDS)[number]; from: string; to: string }[];
  withdrawnPlot: string | null;
}

export function addendumChangesOf(changes: unknown): AddendumChanges {
  const stored = (changes ?? {}) as Record<string, unknown>;
  const timeline = TIMELINE_FIELDS.flatMap((field) => {
    const change = stored[field] as { from?: unknown; to?: unknown } | undefined;
    return typeof change?.from === "string" && typeof change.to === "string" ? [{ field, from: change.from, to: change.to }] : [];
  });
  return { timeline, withdrawnPlot: typeof stored.withdrawnPlot === "string" ? stored.withdrawnPlot : null };
}
