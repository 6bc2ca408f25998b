import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ParkTime } from "~/platform/ui/deadline.tsx";

/** Questions waiting for an answer: each answer is published to everyone, without the asker. */
export function QuestionsSection({ questions, sent }: { questions: { id: string; question: string; askedAt: Date }[]; sent?: Record<string, string> }) {
  const { t } = useTranslation();
  if (questions.length === 0) return null;
  return (
    <section aria-labelledby="questions-heading" className="space-y-3">
      <h2 id="questions-heading" className="text-2xl font-semibold">{t("clarifications.toAnswer")}</h2>
      {questions.map((q) => (
        <Form key={q.id} method="post" noValidate className="max-w-3xl space-y-2 rounded border border-slate-300 p-3">
          <p className="font-medium">{q.question}</p>
          <p className="text-sm text-slate-700"><ParkTime date={q.askedAt} /></p>
          <input type="hidden" name="intent" value="answer" />
          <input type="hidden" name="clarificationId" value={q.id} />
          <label htmlFor={`answer-${q.id}`} className="block text-sm font-medium">{t("clarifications.answer")}</label>
          <textarea id={`answer-${q.id}`} name="answer" rows={3} maxLength={5_000} defaultValue={sent?.clarificationId === q.id ? sent.answer : undefined} className="w-full rounded border border-slate-500 px-3 py-2" />
          <button type="submit" className="rounded bg-park-700 px-4 py-2 font-medium text-white">{t("clarifications.publishAnswer")}</button>
        </Form>
      ))}
    </section>
  );
}
