import { GeneralErrorBoundary, notFound } from "~/components/error-boundary.tsx";

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
