/**
 * Who may do what. Staff roles come from the account; organisation roles from the membership in
 * the organisation the person acts for. Checked on the server (app/web/require.server.ts); the pages use
 * the same table only to decide what to show.
 */
export type Role = "administrator" | "evaluator" | "proposer" | "owner" | "submitter" | "contributor";

const grants = {
  "staff:invite": ["administrator"],
  "audit:verify": ["administrator"],
  "outbox:read": ["administrator"],
  "inventory:manage": ["administrator"],
  "releases:manage": ["administrator"],
  "panels:manage": ["administrator"],
  "results:publish": ["administrator"],
  /** Taking part in a release's evaluation; membership of that release's panel is checked too. */
  "evaluation:take-part": ["evaluator"],
  "organisation:create": ["proposer"],
  "organisation:read": ["owner", "submitter", "contributor"],
  "organisation:manage-members": ["owner"],
  "proposal:prepare": ["owner", "submitter", "contributor"],
  "proposal:submit": ["owner", "submitter"],
  /** Challenging a pending award: only for an organisation that bid for that plot (checked too). */
  "challenge:lodge": ["owner", "submitter"],
  /** Reading the organisation's own challenges. */
  "challenge:read": ["owner", "submitter", "contributor"],
  "challenges:decide": ["administrator"],
  /** Reporting a development's progress: only for the awarded organisation (checked too). */
  "progress:report": ["owner", "submitter"],
  /** Reading a development's progress reports: the awarded organisation's members (checked too) and administrators. */
  "progress:read": ["owner", "submitter", "contributor", "administrator"],
  "progress:verify": ["administrator"],
  /** The portfolio's view per development, and the park's targets. */
  "portfolio:manage": ["administrator"],
  /** Reading the organisation's own development records (promises, milestones, variations). */
  "development:read": ["owner", "submitter", "contributor"],
  /** Asking for a variation of the organisation's promises (administrators may too: developments:manage). */
  "variation:request": ["owner", "submitter"],
  /** Every development record; requesting and deciding variations. */
  "developments:manage": ["administrator"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof grants;

export function can(roles: readonly Role[], permission: Permission): boolean {
  return (grants[permission] as readonly Role[]).some((role) => roles.includes(role));
}
