import { useTranslation } from "react-i18next";
import { TaskList, type TaskTone } from "~/platform/ui/task-list.tsx";
import type { ProposalTask, TaskState } from "~/proposals/tasks.server.ts";

const TONE: Record<TaskState, TaskTone> = { notStarted: "todo", inProgress: "doing", complete: "done", problem: "problem", cannotStart: "blocked" };

interface Props {
  proposalId: string;
  tasks: ProposalTask[];
  documentName: (id: string) => string;
}

/** The proposal's parts as a task list: each envelope, each required document, then the declaration (on the check page). */
export function ProposalTasks({ proposalId, tasks, documentName }: Props) {
  const { t } = useTranslation();
  const items = tasks.map((task) => {
    const status = { text: t(`proposalJourney.state.${task.state}`), tone: TONE[task.state] };
    switch (task.kind) {
      case "technical":
      case "financial":
        return {
          id: task.kind,
          label: t(`proposals.${task.kind}Envelope`),
          href: `#${task.kind}`,
          status,
          hint: task.problem ? t(task.problem) : t("proposalJourney.answered", { answered: task.answered, of: task.of }),
        };
      case "document":
        return {
          id: `document-${task.requiredDocumentId}`,
          label: documentName(task.requiredDocumentId),
          href: `#document-${task.requiredDocumentId}`,
          status,
          hint: task.fileName ?? (task.mandatory ? t("proposals.mandatory") : t("proposals.optional")),
        };
      case "declaration":
        return {
          id: "declaration",
          label: t("proposalJourney.checkAndSubmit"),
          href: task.state === "cannotStart" ? undefined : `/proposals/${proposalId}/check`,
          status,
          hint: task.state === "cannotStart" ? t("proposalJourney.completeFirst") : t("proposalJourney.declarationHint"),
        };
    }
  });
  return (
    <section aria-labelledby="tasks-heading" className="space-y-3">
      <h2 id="tasks-heading" className="text-2xl font-semibold">{t("proposalJourney.tasksHeading")}</h2>
      <TaskList items={items} />
    </section>
  );
}
