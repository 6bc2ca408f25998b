import type { MetaFunction } from "@remix-run/node";
import { GeneralErrorBoundary, notFound } from "~/web/error-boundary.tsx";
import { pageTitle } from "~/web/meta.ts";

export const meta: MetaFunction = (args) => pageTitle(args, "error.notFoundTitle");

/** Every address no other route claims. */
export function loader() {
  throw notFound();
}

export default function NotFound() {
  return <GeneralErrorBoundary />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
