/**
 * Why a domain action was refused, as the person will be told. Domain modules throw it and never
 * build HTTP responses; `whenRefused` (app/web/refusals.server.ts) is the one place that turns it
 * into one.
 */
export type RefusalKind =
  /** What was sent cannot be accepted as it is (400). */
  | "invalid"
  /** The person may not do this (403). */
  | "forbidden"
  /** The thing named does not exist for this person (404). */
  | "not-found"
  /** The thing is not in a state that allows it, e.g. the deadline has passed (409). */
  | "conflict"
  /** The person (or their organisation) did this too often just now; a rate limit refuses it (429). */
  | "too-many"
  /** A service the action needs is unavailable; trying again later may work (503). */
  | "unavailable";

export class DomainError extends Error {
  /** `code` is a catalog key: the message the person sees. */
  constructor(
    readonly code: string,
    readonly kind: RefusalKind = "conflict",
  ) {
    super(code);
    this.name = "DomainError";
  }
}
