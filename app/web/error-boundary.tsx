import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** The error page for every route: a 404 for anything missing, a calm message for the rest. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const [title, text] =
    status === 404
      ? [t("error.notFoundTitle"), t("error.notFound")]
      : status === 403
        ? [t("error.forbiddenTitle"), t("error.forbidden")]
        : status === 429
          ? [t("error.tooManyTitle"), t("error.tooMany")]
          : status === 413
            ? [t("error.tooLargeTitle"), t("error.tooLarge")]
            : status === 503
            ? [t("error.unavailableTitle"), t("error.unavailable")]
            : [t("error.serverTitle"), t("error.server")];
  return (
    <section className="mx-auto max-w-2xl py-12" aria-labelledby="error-title">
      <h1 id="error-title" className="text-2xl font-semibold">
        {title}
      </h1>
      <p className="mt-4">{text}</p>
      <p className="mt-6">
        <Link to="/" className="text-park-700 underline">
          {t("error.backHome")}
        </Link>
      </p>
    </section>
  );
}

/** Thrown by loaders for anything that does not exist or must not be seen to exist. */
export function notFound(): Response {
  return new Response("Not found", { status: 404, headers: { "Cache-Control": "no-store" } });
}
