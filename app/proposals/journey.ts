import { can, type Role } from "~/accounts/permissions.ts";

/*
 * The way from visitor to bidder for one open release: which steps a person has done, and the one
 * thing to do next. Browser-safe (no server imports): loaders compute it, pages and tests read it.
 */

export const biddingSteps = ["account", "email", "organisation", "plot", "prepare", "submit"] as const;
export type BiddingStep = (typeof biddingSteps)[number];

/** The organisation's proposals in the release, by plot code. */
export type OwnProposals = Record<string, { id: string; submitted: boolean }>;

export type NextAction =
  | { kind: "register" }
  | { kind: "confirm-email"; email: string }
  | { kind: "organisation" }
  /** Staff never bid: they are told so instead of being led on. */
  | { kind: "staff" }
  | { kind: "choose-plot" }
  | { kind: "prepare"; plot: string }
  | { kind: "continue"; plot: string; proposalId: string }
  | { kind: "submitted"; plot: string; proposalId: string };

export interface BiddingJourney {
  /** Per step, done or not; null for visitors and staff, whose progress is not a bidder's. */
  done: Record<BiddingStep, boolean> | null;
  next: NextAction;
}

interface Person {
  email: string;
  emailVerified: boolean;
  staffRole: string | null;
  roles: readonly Role[];
}

/**
 * Where the person stands. `plot` is the plot the page is about (a plot page); on a release page
 * the plot is the one the organisation already works on, if any.
 */
export function biddingJourney(person: Person | null, proposals: OwnProposals, plot?: string): BiddingJourney {
  if (!person) return { done: null, next: { kind: "register" } };
  if (person.staffRole) return { done: null, next: { kind: "staff" } };
  const member = can(person.roles, "proposal:prepare");
  const focus = plot ?? Object.keys(proposals).find((code) => !proposals[code]!.submitted) ?? Object.keys(proposals)[0];
  const proposal = focus ? proposals[focus] : undefined;
  const done: Record<BiddingStep, boolean> = {
    account: true,
    email: person.emailVerified,
    organisation: member,
    plot: member && focus !== undefined,
    prepare: proposal !== undefined,
    submit: proposal?.submitted ?? false,
  };
  // A member invited before confirming their address may already prepare: the email step blocks only
  // creating an organisation, so it is the next action only for people outside one.
  const next: NextAction = !member
    ? person.emailVerified
      ? { kind: "organisation" }
      : { kind: "confirm-email", email: person.email }
    : !focus
      ? { kind: "choose-plot" }
      : !proposal
        ? { kind: "prepare", plot: focus }
        : proposal.submitted
          ? { kind: "submitted", plot: focus, proposalId: proposal.id }
          : { kind: "continue", plot: focus, proposalId: proposal.id };
  return { done, next };
}

/** Whether the journey's next action is a step before preparing (an account, an email, an organisation). */
export function isBeforeBidding(next: NextAction): next is Extract<NextAction, { kind: "register" | "confirm-email" | "organisation" }> {
  return next.kind === "register" || next.kind === "confirm-email" || next.kind === "organisation";
}

/** The page that does a step before preparing, bringing the person back to `returnTo` afterwards. */
export function stepHref(next: Extract<NextAction, { kind: "register" | "confirm-email" | "organisation" }>, returnTo: string): string {
  const page = { register: "/signup", "confirm-email": "/verify-email", organisation: "/organisations" }[next.kind];
  return `${page}?redirectTo=${encodeURIComponent(returnTo)}`;
}
