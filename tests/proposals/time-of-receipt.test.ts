import { setTimeout as sleep } from "node:timers/promises";
import { beforeAll, beforeEach, expect, it } from "vitest";
import { DeadlinePassedError } from "~/proposals/gate.server.ts";
import { submitProposal } from "~/proposals/submission.server.ts";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";
import { completeProposal, DEMO_MEMBERS, OPEN_RELEASE } from "../support/proposals.ts";

const db = withTestDatabase();

beforeAll(async () => {
  await seedDemoPark(db());
});

const setDeadline = (at: Date) => db().release.update({ where: { code: OPEN_RELEASE }, data: { submissionDeadline: at } });

beforeEach(async () => {
  await setDeadline(new Date(Date.now() + 86_400_000));
});

it("counts a submission that arrived before the deadline but waited for the database past it, at its arrival", async () => {
  const { user, id } = await completeProposal(DEMO_MEMBERS.owner, "1W-10");
  const deadline = new Date(Date.now() + 300);
  await setDeadline(deadline);
  const arrivedAt = performance.now();
  await sleep(600); // queued behind the rush
  const { receipt } = await submitProposal(user, id, undefined, arrivedAt);
  expect(new Date(receipt.receivedAt).getTime()).toBeLessThan(deadline.getTime());
});

it("refuses one that arrived after the deadline, however quickly it is served", async () => {
  const { user, id } = await completeProposal(DEMO_MEMBERS.owner, "1W-11");
  await setDeadline(new Date(Date.now() - 50));
  await expect(submitProposal(user, id, undefined, performance.now())).rejects.toBeInstanceOf(DeadlinePassedError);
  expect(await db().proposalVersion.count({ where: { proposalId: id } })).toBe(0);
});

it("does not stretch a wait beyond what a request may wait for a connection", async () => {
  const { user, id } = await completeProposal(DEMO_MEMBERS.owner, "1W-12");
  await setDeadline(new Date(Date.now() - 1_000));
  // A claimed arrival ten minutes ago (longer than any request waits) is not believed.
  await expect(submitProposal(user, id, undefined, performance.now() - 600_000)).rejects.toBeInstanceOf(DeadlinePassedError);
});
