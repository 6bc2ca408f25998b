import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { logOut } from "~/accounts/sessions.server.ts";
import { notFound } from "~/web/error-boundary.tsx";

/** POST only: a link or an image cannot sign anyone out. */
export async function action({ request }: ActionFunctionArgs) {
  return redirect("/", { headers: { "Set-Cookie": await logOut(request) } });
}

export function loader() {
  throw notFound();
}
