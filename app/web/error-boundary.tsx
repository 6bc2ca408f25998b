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
    // Inside the page frame of every other page (root's Layout): the same header, width and footer.
    <section className="max-w-3xl" aria-labelledby="error-title">
      <h1 id="error-title" className="text-3xl font-semibold">
        {title}
      </h1>
      <p className="mt-4">{text}</p>
      <ul className="mt-6 space-y-2">
        <li>
          <Link to="/" className="text-park-700 underline">
            {t("error.backHome")}
          </Link>
        </li>
        <li>
          <Link to="/help/how-tenders-work" className="text-park-700 underline">
            {t("help.howTenders.title")}
          </Link>
        </li>
        <li>
          <Link to="/contact" className="text-park-700 underline">
            {t("site.contactUs")}
          </Link>
        </li>
      </ul>
    </section>
  );
}

/** Thrown by loaders for anything that does not exist or must not be seen to exist. */
export function notFound(): Response {
  return new Response("Not found", { status: 404, headers: { "Cache-Control": "no-store" } });
}
