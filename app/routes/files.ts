import type { LoaderFunctionArgs } from "@remix-run/node";
import { Readable } from "node:stream";
import { notFound } from "~/web/error-boundary.tsx";
import { checkDiskLink } from "~/platform/storage/disk.server.ts";
import { contentDisposition } from "~/platform/storage/object-storage.server.ts";
import { storage } from "~/platform/storage/storage.server.ts";

/**
 * Serves a file of the disk storage driver from a signed, short-lived link (the S3 driver's links
 * go to S3 itself). The signature covers the key, the name, the type and the expiry.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const files = storage();
  if (files.driver !== "disk" || !files.linkSecret) throw notFound();
  const link = checkDiskLink(files.linkSecret, new URL(request.url).searchParams);
  if (!link.ok) {
    return new Response(
      link.reason === "expired"
        ? "This download link has expired. Go back to the page and open the document again.\n此下載連結已過期。請返回該頁面再次開啟文件。\n"
        : "This download link is not valid.\n此下載連結無效。\n",
      { status: link.reason === "expired" ? 410 : 403, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } },
    );
  }
  if ((await files.size(link.key)) === null) throw notFound();
  const body = Readable.toWeb(await files.read(link.key)) as ReadableStream;
  return new Response(body, {
    headers: {
      "Content-Type": link.contentType,
      "Content-Disposition": contentDisposition(link.fileName, link.inline),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
