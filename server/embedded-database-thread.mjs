/*
 * The embedded PostgreSQL (PGlite) on a thread of its own (server/embedded-database.ts starts it).
 * PGlite runs PostgreSQL compiled to WebAssembly synchronously on the thread that calls it: on the
 * portal's main thread its start-up and every statement would hold up the pages. JavaScript, not
 * TypeScript, so that the same file runs from source (tsx, vitest) and from the build without a
 * TypeScript loader in the worker.
 */
import { Blob } from "node:buffer";
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

/** @type {{ dataDir?: string; loadDataDir?: ArrayBuffer }} */
const { dataDir, loadDataDir } = workerData;
if (!parentPort) throw new Error("server/embedded-database-thread.mjs runs only as a worker thread");
const port = parentPort;

const pglite = await PGlite.create({
  ...(dataDir ? { dataDir } : {}),
  ...(loadDataDir ? { loadDataDir: new Blob([loadDataDir]) } : {}),
});
// PGlite runs one statement at a time. pglite-socket queues the connections' statements, and while
// one connection is inside a transaction it runs only that connection's statements, so
// transactions stay whole; concurrency brings no speed, so the app keeps a small pool.
const server = new PGLiteSocketServer({ db: pglite, host: "127.0.0.1", port: 0, maxConnections: 4 });
await server.start();
port.postMessage({ url: `postgresql://postgres:postgres@${server.getServerConn()}/postgres?sslmode=disable` });

port.on("message", async (/** @type {"dump" | "stop"} */ request) => {
  try {
    if (request === "dump") {
      const files = await (await pglite.dumpDataDir("none")).arrayBuffer();
      port.postMessage({ dump: files }, [files]);
    } else {
      await server.stop();
      await pglite.close();
      port.postMessage({ stopped: true });
    }
  } catch (error) {
    port.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
