import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import { canonicalJson } from "../app/platform/canonical-json.ts";

/**
 * The deadline rush's plain baseline: what one submission reads and writes, in one transaction per
 * submission, through `pg` directly, for `proposalIds` all at once over a pool of `poolSize`
 * connections (the portal's). No HTTP, no session, no Prisma, no rendering, no signing: the limit is
 * the database. Each proposal gets a new version (its number one higher), its documents, the
 * proposal's current version, an audit entry (unchained, as the portal inserts it: the chain must
 * still verify once the chainer has run) and one outbox row per member. Returns the seconds from
 * the first BEGIN to the last COMMIT.
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
    const { rows: owner } = await client.query<{ releaseId: string; organisationId: string }>(`SELECT "releaseId", "organisationId" FROM "Proposal" WHERE id = $1`, [proposalId]);
    const { releaseId, organisationId } = owner[0]!;
    await client.query(`SELECT 1 FROM "Release" WHERE id = $1 FOR SHARE`, [releaseId]);
    await client.query(`SELECT 1 FROM "Proposal" WHERE id = $1 FOR UPDATE`, [proposalId]);
    const { rows: proposals } = await client.query(
      `SELECT p.*, row_to_json(r) AS release, row_to_json(pl) AS plot, row_to_json(o) AS organisation, row_to_json(e) AS evaluation
       FROM "Proposal" p JOIN "Release" r ON r.id = p."releaseId" JOIN "Plot" pl ON pl.id = p."plotId" JOIN "Organisation" o ON o.id = p."organisationId"
       LEFT JOIN "Evaluation" e ON e."releaseId" = r.id WHERE p.id = $1`,
      [proposalId],
    );
    const proposal = proposals[0] as { plotId: string; currentVersionId: string | null };
    const { rows: clock } = await client.query<{ now: Date }>("SELECT clock_timestamp() AS now");
    await client.query(`SELECT * FROM "ReleasePlot" WHERE "releaseId" = $1 AND "plotId" = $2`, [releaseId, proposal.plotId]);
    const { rows: documents } = await client.query<{ id: string }>(
      `SELECT d.*, row_to_json(rd) AS "requiredDocument" FROM "ProposalDocument" d JOIN "RequiredDocument" rd ON rd.id = d."requiredDocumentId"
       WHERE d."proposalId" = $1 AND d."inDraft" AND d.state = 'stored'`,
      [proposalId],
    );
    await client.query(`SELECT * FROM "RequiredDocument" WHERE "releaseId" = $1`, [releaseId]);
    const { rows: last } = await client.query<{ number: number; sealedPackage: unknown; packageDigest: string; submittedById: string }>(
      `SELECT number, "sealedPackage", "packageDigest", "submittedById" FROM "ProposalVersion" WHERE "proposalId" = $1 ORDER BY number DESC LIMIT 1`,
      [proposalId],
    );
    const previous = last[0]!;
    const versionId = randomUUID();
    const receiptNumber = `B-${randomBytes(6).toString("hex").toUpperCase()}`;
    await client.query(
      `INSERT INTO "ProposalVersion" (id, "proposalId", number, "sealedPackage", "packageDigest", "receiptNumber", "receivedAt", signature, "signingKeyId", "submittedById")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [versionId, proposalId, previous.number + 1, JSON.stringify(previous.sealedPackage), previous.packageDigest, receiptNumber, clock[0]!.now, "baseline", "baseline", previous.submittedById],
    );
    for (const document of documents) {
      await client.query(`INSERT INTO "ProposalVersionDocument" ("versionId", "documentId") VALUES ($1, $2)`, [versionId, document.id]);
    }
    if (proposal.currentVersionId) await client.query(`SELECT number FROM "ProposalVersion" WHERE id = $1`, [proposal.currentVersionId]);
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
    const { rows: members } = await client.query<{ id: string; email: string }>(
      `SELECT u.id, u.email FROM "Membership" m JOIN "User" u ON u.id = m."userId" WHERE m."organisationId" = $1`,
      [organisationId],
    );
    for (const member of members) {
      await client.query(
        `INSERT INTO "OutboxEmail" (id, "idempotencyKey", "toAddress", subject, text, html, template) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT ("idempotencyKey") DO NOTHING`,
        [randomUUID(), `baseline:${receiptNumber}:${member.id}`, member.email, "Proposal received", "A receipt.", "<p>A receipt.</p>", "benchBaseline"],
      );
    }
    await client.query("COMMIT");
    return true;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
