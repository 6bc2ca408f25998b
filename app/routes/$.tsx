import type { MetaFunction } from "@remix-run/node";
import { GeneralErrorBoundary, notFound } from "~/components/error-boundary.tsx";
import { pageTitle } from "~/meta.ts";

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
