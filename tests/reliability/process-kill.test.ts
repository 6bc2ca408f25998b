import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { portalFilesIn, startPortal, type RunningPortal } from "../../bench/support.ts";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";
import { completeProposal, createOrganisation, fileOf, OPEN_RELEASE, requiredDocuments, submissionForm, submissionState } from "../support/proposals.ts";
import { startS3Server } from "../support/s3.ts";
import { sessionCookieFor } from "../support/users.ts";

/**
 * The portal's process is killed (SIGKILL: no shutdown of any kind) in the middle of a multipart
 * upload and in the middle of submissions, then started again on the same database and bucket.
 * PostgreSQL only (see instances.test.ts).
 */
const onPostgres = inject("testDatabaseServer").kind === "postgres";
const db = withTestDatabase();
let s3: Awaited<ReturnType<typeof startS3Server>>;
let portal: RunningPortal | undefined;
let dir: string;
let env: Record<string, string>;

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

beforeAll(async () => {
  if (!onPostgres) return;
  await seedDemoPark(db());
  // The portal keeps documents in S3; the complete proposals the test prepares keep theirs on disk
  // (a submission reads only their records).
  s3 = await startS3Server("portal-kill");
  dir = mkdtempSync(path.join(os.tmpdir(), "portal-kill-"));
  env = {
    DATABASE_URL: process.env.DATABASE_URL!,
    DATABASE_POOL_SIZE: "4",
    LOG_LEVEL: "warn",
    SMTP_URL: "",
    ...portalFilesIn(dir),
    RECEIPT_KEY_FILE: process.env.RECEIPT_KEY_FILE!,
    S3_BUCKET: s3.bucket,
    S3_ENDPOINT: s3.endpoint,
    S3_FORCE_PATH_STYLE: "true",
    S3_REGION: "us-east-1",
    S3_ACCESS_KEY_ID: "S3RVER",
    S3_SECRET_ACCESS_KEY: "S3RVER",
  };
  portal = await startPortal(env, { logDir: dir });
}, 120_000);

afterAll(async () => {
  await portal?.stop();
  await s3?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** SIGKILL to the serving process, then a new one on the same database and bucket. */
async function killAndRestart() {
  process.kill(portal!.serverPid, "SIGKILL");
  await portal!.stop();
  portal = await startPortal(env, { logDir: dir });
}

async function uploadsApi<T>(proposalId: string, cookie: string, json: Record<string, unknown>): Promise<T> {
  const response = await fetch(`${portal!.url}/proposals/${proposalId}/uploads`, { method: "POST", body: JSON.stringify(json), headers: { Origin: portal!.url, Cookie: cookie, "Content-Type": "application/json" } });
  const body = (await response.json()) as T;
  if (!response.ok) throw new Error(`${json.intent}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

describe.runIf(onPostgres)("the portal's process is killed", () => {
  it("in the middle of a multipart upload: after the restart only the missing part is sent, and the file is whole", async () => {
    const organisation = await createOrganisation("Killed Upload Limited");
    const email = organisation.emails[0]!;
    const cookie = await sessionCookieFor(email);
    const { id: proposalId } = await completeProposal(email, "1W-13");
    const layout = (await requiredDocuments(OPEN_RELEASE)).find((d) => d.acceptedTypes.includes("zip"))!;
    const bytes = Buffer.concat([fileOf("zip", "layout drawings"), randomBytes(40 * 1024 * 1024)]);
    const plan = await uploadsApi<{ documentId: string; partSize: number; partCount: number }>(proposalId, cookie, { intent: "start", requiredDocumentId: layout.id, fileName: "Layout.zip", size: bytes.length });
    expect(plan.partCount).toBe(3);
    const sendPart = async (partNumber: number) => {
      const { urls } = await uploadsApi<{ urls: { url: string }[] }>(proposalId, cookie, { intent: "parts", documentId: plan.documentId, partNumbers: [partNumber] });
      const part = bytes.subarray((partNumber - 1) * plan.partSize, partNumber * plan.partSize);
      const put = await fetch(urls[0]!.url, { method: "PUT", body: new Uint8Array(part) });
      expect(put.status).toBe(200);
      await uploadsApi(proposalId, cookie, { intent: "part", documentId: plan.documentId, partNumber, etag: put.headers.get("etag"), size: part.length });
    };
    await sendPart(1);
    await sendPart(2);

    await killAndRestart();

    const { parts } = await uploadsApi<{ parts: number[] }>(proposalId, cookie, { intent: "status", documentId: plan.documentId });
    expect(parts).toEqual([1, 2]);
    await sendPart(3);
    expect(await uploadsApi(proposalId, cookie, { intent: "confirm", documentId: plan.documentId })).toEqual({ size: bytes.length, sha256: sha256(bytes) });
    expect(await db().proposalDocument.findUniqueOrThrow({ where: { id: plan.documentId } })).toMatchObject({ state: "stored", sha256: sha256(bytes) });
  });

  it("in the middle of submissions: each is complete with its receipt, or absent and can be sent again", async () => {
    const plots = await db().releasePlot.findMany({ where: { release: { code: OPEN_RELEASE }, withdrawnAt: null }, include: { plot: true }, take: 2 });
    const outcomes: string[] = [];
    // Killed at different moments: before the request is read, during its transaction, and (null)
    // once it has been answered.
    for (const delayMs of [0, 60, 120, 180, 260, null]) {
      const organisation = await createOrganisation(`Killed Submission ${outcomes.length} Limited`);
      const email = organisation.emails[0]!;
      const { id } = await completeProposal(email, plots[outcomes.length % 2]!.plot.code);
      const cookie = await sessionCookieFor(email);
      const submit = async () =>
        fetch(`${portal!.url}/proposals/${id}/check`, { method: "POST", body: await submissionForm(id), headers: { Origin: portal!.url, Cookie: cookie }, redirect: "manual" }).then((r) => r.status, () => "cut");
      const sent = submit();
      await (delayMs === null ? sent : new Promise((resolve) => setTimeout(resolve, delayMs)));
      await killAndRestart();
      const answer = await sent;
      const state = await submissionState(id);
      if (state === "absent") {
        expect(answer).not.toBe(302);
        expect(await submit()).toBe(302);
        expect(await submissionState(id)).toBe("whole");
      }
      outcomes.push(state);
    }
    // Killed before the request was read, the first is absent; killed after its answer, the last is whole.
    expect(outcomes[0]).toBe("absent");
    expect(outcomes.at(-1)).toBe("whole");
  }, 240_000);
});
