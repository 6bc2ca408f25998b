import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from "node:crypto";
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { canonicalJson } from "~/platform/canonical-json.ts";
import { saveDraft } from "~/proposals/drafts.server.ts";
import { submitProposal } from "~/proposals/submission.server.ts";
import { getConfig } from "~/platform/config.server.ts";
import { getOwnReceipt } from "~/receipts/records.server.ts";
import { newReceiptNumber, receiptText, signReceipt, type SignedReceipt } from "~/receipts/signing.server.ts";
import { loader as publicKeyLoader } from "~/routes/receipts.public-key.ts";
import { action as verifyAction } from "~/routes/receipts.verify.tsx";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";
import { completeFields, completeProposal, DEMO_MEMBERS, OPEN_RELEASE } from "../support/proposals.ts";
import { actionArgs, loaderArgs, routeOutcome, testContext } from "../support/routes.ts";
import { currentUserFor } from "../support/users.ts";

const db = withTestDatabase();
let first: SignedReceipt;
let second: SignedReceipt;

beforeAll(async () => {
  await seedDemoPark(db());
  const { user, id } = await completeProposal(DEMO_MEMBERS.owner, "1W-07");
  first = (await submitProposal(user, id)).receipt;
  const { revision } = await db().proposal.findUniqueOrThrow({ where: { id } });
  await saveDraft(user, id, { revision, ...completeFields, jobsTalentPlan: "400 research jobs." });
  second = (await submitProposal(user, id)).receipt;
});

let ip = 0;
/** Pastes a text into the verification page (each from its own address: the rate limit is not the subject here). */
async function check(text: string, extra: Record<string, string> = {}) {
  ip += 1;
  const outcome = await routeOutcome(() => verifyAction(actionArgs("/receipts/verify", { receipt: text, ...extra }, { clientIp: `198.51.100.${ip}` })));
  return outcome as { status: number; data: { verdict: string; receipt?: SignedReceipt; counts?: boolean | null; text: string } };
}

/** Sends a file (and what was pasted) from the page's form, as the browser does: multipart. */
async function checkFile(file: Blob, pasted = "") {
  ip += 1;
  const body = new FormData();
  body.set("website", "");
  body.set("receiptFile", file, "receipt.json");
  body.set("receipt", pasted);
  const request = new Request("http://portal.test/receipts/verify", { method: "POST", body });
  const outcome = await routeOutcome(() => verifyAction({ request, params: {}, context: { ...testContext, clientIp: `198.51.100.${ip}` } }));
  return outcome as { status: number; data: { verdict: string; receipt?: SignedReceipt; text: string } };
}

const withContent = (receipt: SignedReceipt, change: Partial<SignedReceipt>) => receiptText({ ...receipt, ...change });

describe("the receipt verification page", () => {
  it("calls a receipt as the portal issued it genuine, and names what it says", async () => {
    const { status, data } = await check(receiptText(first));
    expect(status).toBe(200);
    expect(data).toMatchObject({ verdict: "genuine", receipt: first });
    // Pasted from an email, with the text around it trimmed by the person: still genuine.
    expect((await check(`\n  ${JSON.stringify(first)}  \n`)).data.verdict).toBe("genuine");
  });

  it("recognises its signature however the unused bits of its last base64url character are written", async () => {
    // 64 bytes are 86 characters; the last one carries 2 bits of the signature and 4 unused ones.
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const last = alphabet.indexOf(first.signature.at(-1)!);
    const respelled = first.signature.slice(0, -1) + alphabet[last ^ 0b0101];
    expect(respelled).not.toBe(first.signature);
    const { data } = await check(withContent(first, { signature: respelled }));
    expect(data.verdict).toBe("genuine");
    expect(data.receipt?.signature).toBe(first.signature);
  });

  it("refuses a receipt that carries a field the portal never signs, rather than dropping it", async () => {
    const { data } = await check(JSON.stringify({ ...first, note: "this bid was accepted late" }));
    expect(data.verdict).toBe("unexpectedFields");
  });

  it("calls any change to a signed field a bad signature", async () => {
    for (const change of [
      { plot: "1W-08" },
      { organisation: "Someone Else Limited" },
      { receivedAt: new Date(Date.parse(first.receivedAt) - 60_000).toISOString() },
      { packageDigest: second.packageDigest },
      { version: 2 },
      { receiptNumber: second.receiptNumber },
      { release: "HSITP-2026-01" },
      { signature: second.signature },
    ] as Partial<SignedReceipt>[]) {
      expect((await check(withContent(first, change))).data.verdict, JSON.stringify(change)).toBe("badSignature");
    }
  });

  it("calls what is not a receipt unreadable", async () => {
    // Nothing at all is not a wrong receipt: the person is asked to paste one.
    expect((await check("")).data.verdict).toBe("empty");
    for (const text of ["hello", "{}", "[1,2]", JSON.stringify({ ...first, signature: undefined }), JSON.stringify({ ...first, version: "1" }), receiptText(first).slice(0, -2)]) {
      expect((await check(text)).data.verdict, text.slice(0, 40)).toBe("unreadable");
    }
  });

  it("tells a receipt signed with another key, and one the portal signed but never recorded", async () => {
    const stranger = generateKeyPairSync("ed25519");
    const keyId = createHash("sha256").update(stranger.publicKey.export({ type: "spki", format: "der" })).digest("hex").slice(0, 16);
    const { receiptNumber, release, plot, organisation, version, receivedAt, packageDigest } = first;
    const unsigned = { receiptNumber, release, plot, organisation, version, receivedAt, packageDigest };
    const content = { ...unsigned, keyId };
    const forged = { ...content, signature: sign(null, Buffer.from(canonicalJson(content)), stranger.privateKey).toString("base64url") };
    expect((await check(JSON.stringify(forged))).data.verdict).toBe("unknownKey");

    const unrecorded = signReceipt({ ...unsigned, receiptNumber: "R-0000-0000-0000" });
    expect((await check(receiptText(unrecorded))).data.verdict).toBe("notRecorded");
    // Recorded under that number, but with another digest: not what the portal holds.
    expect((await check(receiptText(signReceipt({ ...unsigned, packageDigest: "0".repeat(64) })))).data.verdict).toBe("notRecorded");
  });

  it("checks the downloaded receipt file, and refuses one over 64 KiB with a clear verdict", async () => {
    expect((await checkFile(new Blob([receiptText(first)], { type: "application/json" }))).data).toMatchObject({ verdict: "genuine", receipt: first });
    // The file, when chosen, is what is checked (not the pasted text).
    expect((await checkFile(new Blob([withContent(first, { plot: "1W-08" })]), receiptText(first))).data.verdict).toBe("badSignature");
    // No file chosen: the pasted text, sent in the same form.
    expect((await checkFile(new Blob([]), receiptText(second))).data).toMatchObject({ verdict: "genuine", receipt: second });
    const huge = await checkFile(new Blob([receiptText(first), " ".repeat(64 * 1024)]));
    expect(huge).toMatchObject({ status: 413, data: { verdict: "tooLarge" } });
  });

  it("refuses a form filled in by a robot (the hidden field)", async () => {
    expect((await check(receiptText(first), { website: "http://spam.example" })).status).toBe(400);
  });

  it("says whether a version counts only once the deadline has passed", async () => {
    expect((await check(receiptText(first))).data.counts ?? null).toBeNull();
    expect((await check(receiptText(second))).data.counts ?? null).toBeNull();
    const { submissionDeadline } = await db().release.findUniqueOrThrow({ where: { code: OPEN_RELEASE } });
    await db().release.update({ where: { code: OPEN_RELEASE }, data: { submissionDeadline: new Date(Date.now() - 1_000) } });
    try {
      expect((await check(receiptText(first))).data).toMatchObject({ verdict: "genuine", counts: false });
      expect((await check(receiptText(second))).data).toMatchObject({ verdict: "genuine", counts: true });
    } finally {
      await db().release.update({ where: { code: OPEN_RELEASE }, data: { submissionDeadline } });
    }
  });
});

describe("the public key", () => {
  it("is served as PEM, and anyone can check a receipt with it and the canonical JSON", async () => {
    const response = (await publicKeyLoader(loaderArgs("/receipts/public-key"))) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^application\/x-pem-file/);
    const pem = await response.text();
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/);
    const key = createPublicKey(pem);
    expect(key.asymmetricKeyType).toBe("ed25519");
    expect(response.headers.get("X-Key-Id")).toBe(first.keyId);
    expect(createHash("sha256").update(key.export({ type: "spki", format: "der" })).digest("hex").slice(0, 16)).toBe(first.keyId);

    for (const receipt of [first, second]) {
      const { signature, ...content } = receipt;
      expect(verify(null, Buffer.from(canonicalJson(content)), key, Buffer.from(signature, "base64url"))).toBe(true);
      expect(verify(null, Buffer.from(canonicalJson({ ...content, plot: "1W-08" })), key, Buffer.from(signature, "base64url"))).toBe(false);
    }
    // The digest in the receipt is the SHA-256 of the canonical sealed package the portal keeps.
    const version = await db().proposalVersion.findUniqueOrThrow({ where: { receiptNumber: first.receiptNumber } });
    expect(createHash("sha256").update(canonicalJson(version.sealedPackage)).digest("hex")).toBe(first.packageDigest);
  });
});

/**
 * RFC 8785 for a receipt, written here without the portal's code or library: a flat object of
 * strings and integers, keys sorted by UTF-16 code units, ECMAScript's serialisation of each value.
 */
const independentlyCanonical = (content: Record<string, unknown>) => `{${Object.keys(content).sort().map((key) => `${JSON.stringify(key)}:${JSON.stringify(content[key])}`).join(",")}}`;

describe("the canonical form a receipt names", () => {
  it("is in every new receipt, as text and as downloaded, and signed with the rest", async () => {
    expect(first.canonicalization).toBe("RFC8785");
    expect(JSON.parse(receiptText(first))).toMatchObject({ canonicalization: "RFC8785" });
    // Dropping it changes what was signed.
    expect((await check(JSON.stringify({ ...first, canonicalization: undefined }))).data.verdict).toBe("badSignature");
  });

  it("lets anyone verify a receipt with an independent RFC 8785 canonicalisation and the public key", async () => {
    const pem = await ((await publicKeyLoader(loaderArgs("/receipts/public-key"))) as Response).text();
    for (const receipt of [first, second]) {
      const { signature, ...content } = receipt;
      expect(verify(null, Buffer.from(independentlyCanonical(content), "utf8"), createPublicKey(pem), Buffer.from(signature, "base64url"))).toBe(true);
    }
  });

  it("refuses a receipt naming a canonical form the portal does not sign with, saying so", async () => {
    for (const canonicalization of ["RFC8259", "rfc8785", "RFC 8785", "", "JCS"]) {
      const { data } = await check(withContent(first, { canonicalization }));
      expect(data.verdict, canonicalization).toBe("unknownCanonicalization");
    }
  });

  it("still verifies an older receipt, issued before receipts named their form, over exactly its fields", async () => {
    // A version sealed then: its receipt was signed over the same canonical form, without the field.
    const owner = await currentUserFor(DEMO_MEMBERS.owner);
    const membership = await db().membership.findFirstOrThrow({ where: { userId: owner.id } });
    const release = await db().release.findUniqueOrThrow({ where: { code: OPEN_RELEASE } });
    const plot = await db().plot.findUniqueOrThrow({ where: { code: "1W-08" } });
    const proposal = await db().proposal.create({ data: { releaseId: release.id, plotId: plot.id, organisationId: membership.organisationId, createdById: owner.id } });
    const sealed = { release: OPEN_RELEASE, plot: "1W-08", organisation: { name: first.organisation }, version: 1, technical: {}, financial: {}, documents: [] };
    const legacy = {
      receiptNumber: newReceiptNumber(),
      release: OPEN_RELEASE,
      plot: "1W-08",
      organisation: first.organisation,
      version: 1,
      receivedAt: new Date(Date.now() - 86_400_000).toISOString(),
      packageDigest: canonicalDigest(sealed),
      keyId: first.keyId,
    };
    const privateKey = createPrivateKey(readFileSync(getConfig().RECEIPT_KEY_FILE, "utf8"));
    const signature = sign(null, Buffer.from(independentlyCanonical(legacy)), privateKey).toString("base64url");
    await db().proposalVersion.create({
      data: { proposalId: proposal.id, number: 1, sealedPackage: sealed, packageDigest: legacy.packageDigest, receiptNumber: legacy.receiptNumber, receivedAt: new Date(legacy.receivedAt), signature, signingKeyId: legacy.keyId, submittedById: owner.id },
    });
    // The portal gives it back as it was issued, without the field, and the check page calls it genuine.
    const kept = (await getOwnReceipt(owner, proposal.id, legacy.receiptNumber))!.receipt;
    expect(kept).toEqual({ ...legacy, signature });
    expect("canonicalization" in JSON.parse(receiptText(kept))).toBe(false);
    expect((await check(receiptText(kept))).data).toMatchObject({ verdict: "genuine", receipt: { receiptNumber: legacy.receiptNumber } });
    // Adding the field afterwards is a change to what was signed.
    expect((await check(receiptText({ ...kept, canonicalization: "RFC8785" }))).data.verdict).toBe("badSignature");
  });
});

const canonicalDigest = (value: unknown) => createHash("sha256").update(canonicalJson(value)).digest("hex");
