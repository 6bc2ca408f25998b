import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { logOut } from "~/auth.server.ts";
import { notFound } from "~/components/error-boundary.tsx";

/** POST only: a link or an image cannot sign anyone out. */
export async function action({ request }: ActionFunctionArgs) {
  return redirect("/", { headers: { "Set-Cookie": await logOut(request) } });
}

export function loader() {
  throw notFound();
}
