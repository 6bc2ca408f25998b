import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import { canonicalJson } from "../app/platform/canonical-json.ts";

/**
 * The deadline rush's plain baseline: what one submission reads and writes, in one transaction per
 * submission, through `pg` directly, for `proposalIds` all at once over a pool of `poolSize`
 * connections (the portal's). No HTTP, no session, no Prisma, no rendering, no signing: the limit is
 * the database. Each proposal gets a new version (its number one higher), its documents, the
 * proposal's current version, an audit entry (unchained, as the portal inserts it: the chain must
 * still verify once the chainer has run) and one outbox row per member, in the statements the
 * portal's submission sends (one locking statement, one read, one insert or update per table).
 * Returns the seconds from the first BEGIN to the last COMMIT.
 */
export async function plainSubmissions(url: string, proposalIds: string[], poolSize: number): Promise<{ seconds: number; submitted: number }> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  try {
    // Connections opened before the clock starts, as the portal's are.
    await Promise.all(Array.from({ length: poolSize }, async () => (await pool.connect()).release()));
    const started = performance.now();
    const done = await Promise.all(proposalIds.map((id) => submitOne(pool, id)));
    return { seconds: (performance.now() - started) / 1000, submitted: done.filter(Boolean).length };
  } finally {
    await pool.end();
  }
}

async function submitOne(pool: pg.Pool, proposalId: string): Promise<boolean> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    // The release shared, then the proposal, in one statement (the portal's lockOwnProposal).
    await client.query(
      `WITH release AS MATERIALIZED (SELECT r.id FROM "Release" r JOIN "Proposal" p ON p."releaseId" = r.id WHERE p.id = $1 FOR SHARE OF r)
       SELECT p.id FROM "Proposal" p JOIN release ON release.id = p."releaseId" WHERE p.id = $1 FOR UPDATE OF p`,
      [proposalId],
    );
    // Everything the submission checks and seals, in one statement (the portal's readForSealing).
    const { rows } = await client.query<{
      now: Date;
      documents: { id: string }[];
      last: { number: number; sealedPackage: unknown; packageDigest: string; submittedById: string };
      members: { id: string; email: string }[];
    }>(
      `SELECT p.*, row_to_json(r) AS release, row_to_json(pl) AS plot, row_to_json(o) AS organisation, e."technicalOpenedAt", rp."withdrawnAt", clock_timestamp() AS now,
         (SELECT coalesce(json_agg(json_build_object('id', d.id, 'fileName', d."fileName", 'size', d.size::text, 'sha256', d.sha256, 'position', rd.position, 'nameEn', rd."nameEn")), '[]')
            FROM "ProposalDocument" d JOIN "RequiredDocument" rd ON rd.id = d."requiredDocumentId" WHERE d."proposalId" = p.id AND d."inDraft" AND d.state = 'stored') AS documents,
         (SELECT coalesce(json_agg(json_build_object('id', rd.id, 'mandatory', rd.mandatory)), '[]') FROM "RequiredDocument" rd WHERE rd."releaseId" = p."releaseId") AS "requiredDocuments",
         (SELECT row_to_json(v) FROM "ProposalVersion" v WHERE v."proposalId" = p.id ORDER BY v.number DESC LIMIT 1) AS last,
         (SELECT v.number FROM "ProposalVersion" v WHERE v.id = p."currentVersionId") AS "currentVersion",
         (SELECT coalesce(json_agg(json_build_object('id', u.id, 'email', u.email, 'locale', u.locale)), '[]')
            FROM "Membership" m JOIN "User" u ON u.id = m."userId" WHERE m."organisationId" = p."organisationId") AS members
       FROM "Proposal" p JOIN "Release" r ON r.id = p."releaseId" JOIN "Plot" pl ON pl.id = p."plotId" JOIN "Organisation" o ON o.id = p."organisationId"
       LEFT JOIN "Evaluation" e ON e."releaseId" = r.id LEFT JOIN "ReleasePlot" rp ON rp."releaseId" = r.id AND rp."plotId" = p."plotId"
       WHERE p.id = $1`,
      [proposalId],
    );
    const proposal = rows[0]!;
    // The baseline does not seal: it stores the last version's package again.
    const previous = proposal.last;
    const versionId = randomUUID();
    const receiptNumber = `B-${randomBytes(6).toString("hex").toUpperCase()}`;
    await client.query(
      `INSERT INTO "ProposalVersion" (id, "proposalId", number, "sealedPackage", "packageDigest", "receiptNumber", "receivedAt", signature, "signingKeyId", "submittedById")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [versionId, proposalId, previous.number + 1, JSON.stringify(previous.sealedPackage), previous.packageDigest, receiptNumber, proposal.now, "baseline", "baseline", previous.submittedById],
    );
    await client.query(`INSERT INTO "ProposalVersionDocument" ("versionId", "documentId") SELECT $1, unnest($2::uuid[])`, [versionId, proposal.documents.map((d) => d.id)]);
    await client.query(`UPDATE "Proposal" SET "currentVersionId" = $1 WHERE id = $2`, [versionId, proposalId]);
    // The audit entry, inserted as the portal inserts it: unchained, without the chain's lock (the
    // chainer gives it its place after commit, outside this transaction: decision 0015).
    const data = canonicalJson({ baseline: true, receiptNumber, version: previous.number + 1 });
    await client.query(`INSERT INTO "AuditEvent" ("actorId", action, "subjectType", "subjectId", data) VALUES ($1, $2, $3, $4, $5)`, [
      previous.submittedById,
      "bench.plain-submission",
      "bench",
      proposalId,
      data,
    ]);
    const keys = proposal.members.map((member) => `baseline:${receiptNumber}:${member.id}`);
    await client.query(
      `INSERT INTO "OutboxEmail" (id, "idempotencyKey", "toAddress", subject, text, html, template)
       SELECT gen_random_uuid(), key, address, 'Proposal received', 'A receipt.', '<p>A receipt.</p>', 'benchBaseline' FROM unnest($1::text[], $2::text[]) AS email(key, address)
       ON CONFLICT ("idempotencyKey") DO NOTHING RETURNING id`,
      [keys, proposal.members.map((member) => member.email)],
    );
    await client.query("COMMIT");
    return true;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
