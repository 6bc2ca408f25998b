import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Code } from "~/platform/ui/code.tsx";
import { pick } from "~/platform/i18n/i18n.ts";
import { ParkTime } from "~/platform/ui/deadline.tsx";
import { changeHrefOf, ProposalSummary } from "~/proposals/components/proposal-summary.tsx";
import { WhoMaySubmit } from "~/proposals/components/who-may-submit.tsx";
import { DeadlinePassedError } from "~/proposals/gate.server.ts";
import { submitSchema } from "~/proposals/schemas.ts";
import { submitProposal } from "~/proposals/submission.server.ts";
import { useReleaseTitle } from "~/releases/components/release-summary.tsx";
import { GeneralErrorBoundary } from "~/web/error-boundary.tsx";
import { readForm } from "~/web/forms.server.ts";
import { pageTitle } from "~/web/meta.ts";
import { proposalView, requireOwnProposal, requireProposalSubmitter, storedRevisionOrNotFound } from "~/web/own-proposal.server.ts";
import { whenRefused } from "~/web/refusals.server.ts";
import { ErrorSummary } from "~/platform/ui/error-summary.tsx";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, "proposalJourney.check.title", { plot: args.data?.plot.code });

/** "Check your proposal": everything the submission will seal, as stored, then the declaration and Submit. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, proposal } = await requireOwnProposal(request, params.id);
  return proposalView(user, proposal);
}

// A refused submission changes nothing, but the page reloads what is stored (Remix would skip that
// after a 4xx): it always shows, and sends back, the newest revision.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) => (formMethod && formMethod !== "GET" ? true : defaultShouldRevalidate);

type Refusal = { problem: string; serverTime?: string };

/**
 * Submits exactly the revision and files the page showed. Nothing is saved here: a refusal (the
 * declaration not ticked, a change meanwhile, the deadline) leaves the draft and its revision as they were.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, proposalId } = await requireProposalSubmitter(request, params.id);
  const form = await readForm(request);
  // A refusal sends back the stored revision; reading it is also the 404 for anyone else's proposal.
  const answer = async (refusal: Refusal, status: number) => data({ refusal, revision: await storedRevisionOrNotFound(user, proposalId) }, { status });
  if (form.get("intent") !== "submit") return answer({ problem: "proposals.upload.badRequest" }, 400);
  if (!submitSchema.safeParse(Object.fromEntries(form)).success) return answer({ problem: "proposals.errors.declaration" }, 400);
  const revision = Number(form.get("revision"));
  const documentIds = form.getAll("seenDocument").map(String);
  try {
    const { receipt } = await submitProposal(user, proposalId, { revision, documentIds }, context.arrivedAt);
    return redirect(`/proposals/${proposalId}/submitted/${receipt.receiptNumber}`);
  } catch (error) {
    const late = error instanceof DeadlinePassedError ? { serverTime: error.serverTime.toISOString() } : {};
    return whenRefused(error, ({ code, status }) => answer({ problem: code, ...late }, status));
  }
}

export default function CheckProposal() {
  const loaded = useLoaderData<typeof loader>();
  const refused = (useActionData<typeof action>() as { refusal?: Refusal } | undefined)?.refusal;
  const { t } = useTranslation();
  const { title, language } = useReleaseTitle();
  const name = (r: { nameEn: string; nameZhHant: string }) => pick(language, { en: r.nameEn, zhHant: r.nameZhHant });
  const incomplete = loaded.missing.fields.length > 0 || loaded.missing.documents.length > 0;
  const current = loaded.versions.find((v) => v.counts);
  const mayDeclare = loaded.open && loaded.canSubmit && !incomplete && !loaded.sealed;
  const changeHref = changeHrefOf(loaded.id);
  // What is missing, each linked to where it is given while the proposal can still change; named alone once it cannot.
  const missingList = (heading: string, items: { key: string; label: string; href: string }[]) =>
    items.length ? (
      <>
        <p className="font-medium">{heading}</p>
        <ul className="list-disc space-y-1 pl-6">
          {items.map((item) => <li key={item.key}>{loaded.open ? <Link to={item.href} className="underline">{item.label}</Link> : item.label}</li>)}
        </ul>
      </>
    ) : null;
  return (
    <div className="space-y-8">
      <section className="space-y-2">
        <p className="text-sm text-slate-700"><Code mono>{loaded.release.code}</Code> · <Code mono>{loaded.plot.code}</Code></p>
        <h1 className="text-3xl font-semibold">{t("proposalJourney.check.heading")}</h1>
        <p>{title(loaded.release)} · {loaded.organisation}</p>
        <p className="max-w-3xl">{t("proposalJourney.check.intro")}</p>
      </section>
      {/* A refusal is announced and focused; a forgotten declaration links to its box. */}
      <ErrorSummary items={refused ? [{ message: refused.problem, target: refused.problem === "proposals.errors.declaration" ? "declaration" : undefined }] : undefined} />
      {refused?.serverTime ? <p>{t("proposals.serverTime")} <ParkTime date={new Date(refused.serverTime)} /></p> : null}

      {incomplete ? (
        <div role="note" className="max-w-3xl space-y-2 rounded border border-amber-700 bg-amber-50 p-3">
          <p>{t("proposalJourney.check.incomplete")}</p>
          {missingList(t("proposalJourney.check.missingAnswers"), loaded.missing.fields.map((field) => ({ key: field, label: t(`proposals.fields.${field}`), href: changeHref({ field }) })))}
          {missingList(
            t("proposalJourney.check.missingDocuments"),
            loaded.release.requiredDocuments.filter((r) => loaded.missing.documents.includes(r.id)).map((r) => ({ key: r.id, label: name(r), href: changeHref({ document: r.id }) })),
          )}
        </div>
      ) : null}

      <ProposalSummary
        fields={loaded.fields}
        structured={loaded.release.structuredCommitments}
        documents={loaded.release.requiredDocuments.map((r) => ({ key: r.id, name: name(r), mandatory: r.mandatory, file: loaded.documents.find((d) => d.requiredDocumentId === r.id) ?? null }))}
        changeHref={loaded.open ? changeHref : undefined}
      />

      {loaded.sealed && current ? <p role="note" className="max-w-3xl rounded border border-slate-500 bg-slate-100 p-3">{t("proposalJourney.check.alreadySealed", { number: current.number })}</p> : null}
      {!loaded.open ? <p role="note" className="max-w-3xl rounded border border-slate-500 bg-slate-100 p-3">{t("proposals.readOnlyNote")}</p> : null}
      {!loaded.canSubmit ? <WhoMaySubmit submitters={loaded.submitters} /> : null}

      {mayDeclare ? (
        <Form method="post" className="max-w-3xl space-y-4">
          <h2 className="text-2xl font-semibold">{t("proposalJourney.check.declarationHeading")}</h2>
          <input type="hidden" name="revision" value={loaded.revision} />
          {loaded.documents.map((d) => <input key={d.id} type="hidden" name="seenDocument" value={d.id} />)}
          {!loaded.verified ? <p role="alert" className="text-red-800">{t("proposals.errors.verifyFirst")}</p> : null}
          <div className={refused?.problem === "proposals.errors.declaration" ? "border-l-4 border-red-700 pl-3" : ""}>
            {refused?.problem === "proposals.errors.declaration" ? <p id="declaration-error" className="font-medium text-red-800">{t(refused.problem)}</p> : null}
            <label className="flex items-start gap-2">
              <input id="declaration" type="checkbox" name="declaration" value="on" className="mt-1 size-5 shrink-0" aria-describedby={refused?.problem === "proposals.errors.declaration" ? "declaration-error" : undefined} />
              <span>{t("proposals.declaration", { organisation: loaded.organisation })}</span>
            </label>
          </div>
          <button type="submit" name="intent" value="submit" className="rounded bg-park-700 px-4 py-2 font-medium text-white hover:bg-park-800">
            {current ? t("proposals.submitNewVersion") : t("proposals.submit")}
          </button>
        </Form>
      ) : null}
      <p>
        <Link to={`/proposals/${loaded.id}${loaded.open ? "?edit" : ""}`} className="text-park-700 underline">{t("proposalJourney.check.backToTasks")}</Link>
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
