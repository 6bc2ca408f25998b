import { DomainError, type RefusalKind } from "~/platform/domain-error.ts";

const STATUS: Record<RefusalKind, number> = { invalid: 400, forbidden: 403, "not-found": 404, conflict: 409, "too-many": 429, unavailable: 503 };

export interface Refusal {
  /** The catalog key of the message the person sees. */
  code: string;
  status: number;
}

/**
 * The one place a refused domain action becomes a response: a route's `catch` hands the error
 * here with the shape its page shows a refusal in. Anything that is not a refusal is rethrown, so
 * a bug still reaches the error page and the log.
 */
export function whenRefused<T>(error: unknown, respond: (refusal: Refusal) => T): T {
  if (error instanceof DomainError) return respond({ code: error.code, status: STATUS[error.kind] });
  throw error;
}
