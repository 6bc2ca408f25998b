import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { Trans, useTranslation } from "react-i18next";
import { ParkTime } from "~/platform/ui/deadline.tsx";
import { StepByStep, type Step } from "~/platform/ui/step-by-step.tsx";
import { biddingSteps, isBeforeBidding, stepHref, type BiddingJourney } from "../journey.ts";

const mainButton = "inline-block rounded bg-park-700 px-4 py-2 font-medium text-white hover:bg-park-800";
const link = "font-medium text-park-700 underline";

/**
 * An open release's "How to submit a proposal": the steps from visitor to bidder, each with the
 * person's state, and the one next action as the page's main button. Every step that leaves the
 * page brings the person back to `returnTo` (the release or plot page they started from).
 */
export function HowToSubmit({ journey, release, returnTo }: { journey: BiddingJourney; release: { code: string; submissionDeadline: Date }; returnTo: string }) {
  const { t } = useTranslation();
  const { done, next } = journey;
  const firstOpen = done ? biddingSteps.find((step) => !done[step]) : undefined;
  const body: Record<(typeof biddingSteps)[number], ReactNode> = {
    account: t("journey.step.accountBody"),
    email:
      next.kind === "confirm-email" ? (
        <>
          {t("journey.step.emailSent", { email: next.email })}{" "}
          <Link to={stepHref(next, returnTo)} className={link}>{t("verify.resendLink")}</Link>
        </>
      ) : (
        t("journey.step.emailBody")
      ),
    organisation: t("journey.step.organisationBody"),
    plot: "plot" in next ? t("journey.step.plotChosen", { plot: next.plot }) : t("journey.step.plotBody"),
    prepare: t("journey.step.prepareBody"),
    submit: <Trans i18nKey="journey.step.submitBody" components={{ deadline: <ParkTime date={release.submissionDeadline} /> }} />,
  };
  const steps: Step[] = biddingSteps.map((id) => ({
    id,
    title: t(`journey.step.${id}`),
    body: body[id],
    state: done ? (done[id] ? "done" : id === firstOpen ? "next" : "todo") : undefined,
  }));
  return (
    <StepByStep id="how-to-submit" title={t("journey.title")} intro={done ? null : <p>{t(next.kind === "staff" ? "journey.staff" : "journey.intro")}</p>} steps={steps}>
      <NextStep journey={journey} releaseCode={release.code} returnTo={returnTo} />
    </StepByStep>
  );
}

function NextStep({ journey: { next }, releaseCode, returnTo }: { journey: BiddingJourney; releaseCode: string; returnTo: string }) {
  const { t } = useTranslation();
  if (next.kind === "register") {
    return (
      <p className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <Link to={stepHref(next, returnTo)} className={mainButton}>{t("journey.action.register")}</Link>
        <span>
          {t("signup.haveAccount")} <Link to={`/login?redirectTo=${encodeURIComponent(returnTo)}`} className={link}>{t("login.title")}</Link>
        </span>
      </p>
    );
  }
  if (isBeforeBidding(next)) {
    // Confirming the email happens in the mailbox: the page names it, with no button that cannot do it.
    return next.kind === "organisation" ? <Link to={stepHref(next, returnTo)} className={mainButton}>{t("journey.action.organisation")}</Link> : null;
  }
  switch (next.kind) {
    case "choose-plot":
      return <a href="#plots" className={mainButton}>{t("proposals.choosePlot")}</a>;
    case "prepare":
      return (
        <Form method="post" action="/proposals">
          <input type="hidden" name="release" value={releaseCode} />
          <input type="hidden" name="plot" value={next.plot} />
          <button type="submit" className={mainButton}>{t("journey.action.prepare", { plot: next.plot })}</button>
        </Form>
      );
    case "continue":
      return <Link to={`/proposals/${next.proposalId}`} className={mainButton}>{t("journey.action.continue", { plot: next.plot })}</Link>;
    case "submitted":
      return (
        <p>
          {t("journey.submitted", { plot: next.plot })} <Link to={`/proposals/${next.proposalId}`} className={link}>{t("journey.action.open")}</Link>
        </p>
      );
    default:
      return null;
  }
}
