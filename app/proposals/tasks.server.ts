import { deadlineDayOf, FINANCIAL_FIELDS, milestoneProblems, technicalFields, type ProposalFieldName } from "./schemas.ts";
import { fieldsOf, type StoredFields } from "./drafts.server.ts";
import { packageDigest, sealedPackage } from "./sealing.server.ts";

/** A part of the proposal as the task list shows it (GOV.UK task list states, plus "cannot start yet"). */
export type TaskState = "notStarted" | "inProgress" | "complete" | "problem" | "cannotStart";

export type ProposalTask =
  | { kind: "technical" | "financial"; state: TaskState; answered: number; of: number; problem?: string }
  | { kind: "document"; requiredDocumentId: string; mandatory: boolean; state: TaskState; fileName?: string }
  | { kind: "declaration"; state: TaskState };

type TaskSource = StoredFields & {
  plot: { maxGfaM2: number };
  release: { structuredCommitments: boolean; submissionDeadline: Date; requiredDocuments: { id: string; mandatory: boolean }[] };
  documents: { requiredDocumentId: string; state: string; fileName: string }[];
};

function envelopeTask(kind: "technical" | "financial", names: readonly ProposalFieldName[], proposal: TaskSource): ProposalTask {
  const fields = fieldsOf(proposal);
  const answered = names.filter((name) => {
    const value = fields[name];
    return Array.isArray(value) ? value.length > 0 : typeof value === "string" ? value.trim() !== "" : value !== null;
  }).length;
  // A stored value the plot no longer allows (its maximum lowered by an addendum) blocks submission.
  if (kind === "technical" && (proposal.grossFloorAreaM2 ?? 0) > proposal.plot.maxGfaM2) {
    return { kind, state: "problem", answered, of: names.length, problem: "proposals.errors.gfaOverMax" };
  }
  // Dates saved before an addendum moved the deadline past them block submission too.
  if (kind === "technical" && proposal.release.structuredCommitments && milestoneProblems(fields, deadlineDayOf(proposal.release.submissionDeadline)).length) {
    return { kind, state: "problem", answered, of: names.length, problem: "proposals.errors.milestonesOutOfOrder" };
  }
  const state = answered === 0 ? "notStarted" : answered === names.length ? "complete" : "inProgress";
  return { kind, state, answered, of: names.length };
}

/**
 * The proposal as a list of tasks: each envelope, each required document, then the declaration,
 * which can start only once everything required is there. `sealed`: the draft is what the version
 * that counts sealed (then the declaration was made).
 */
export function proposalTasks(proposal: TaskSource, sealed: boolean): ProposalTask[] {
  const envelopes = [envelopeTask("technical", technicalFields(proposal.release.structuredCommitments), proposal), envelopeTask("financial", FINANCIAL_FIELDS, proposal)];
  const documents = proposal.release.requiredDocuments.map((required): ProposalTask => {
    const files = proposal.documents.filter((d) => d.requiredDocumentId === required.id);
    const stored = files.find((d) => d.state === "stored");
    const state: TaskState = stored ? "complete" : files.length ? "inProgress" : "notStarted";
    return { kind: "document", requiredDocumentId: required.id, mandatory: required.mandatory, state, fileName: stored?.fileName };
  });
  const ready = [...envelopes, ...documents].every((task) => task.state === "complete" || (task.kind === "document" && !task.mandatory && task.state !== "problem"));
  return [...envelopes, ...documents, { kind: "declaration", state: sealed ? "complete" : ready ? "notStarted" : "cannotStart" }];
}

/**
 * Whether the draft is exactly what the version that counts sealed (fields and files): then the
 * proposal opens as a read-only summary until the person prepares a new version.
 */
export function draftIsSealed(
  proposal: Parameters<typeof sealedPackage>[0] & { documents: (Parameters<typeof sealedPackage>[2][number] & { state: string })[] },
  current: { number: number; packageDigest: string } | undefined,
): boolean {
  if (!current) return false;
  const stored = proposal.documents.filter((d) => d.state === "stored");
  return packageDigest(sealedPackage(proposal, current.number, stored)) === current.packageDigest;
}
