import { access, cp, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export interface EmbeddedDatabase {
  url: string;
  /** The database's files as a tarball, to start identical copies (test templates). */
  dump(): Promise<Blob>;
  stop(): Promise<void>;
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * PGlite keeps its files in one folder that only one process may open at a time; a second portal
 * on the same folder would corrupt it, so the folder carries a lock naming the owning process.
 */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const lockFile = path.join(dataDir, "portal.lock");
  const holder = Number((await readFile(lockFile, "utf8").catch(() => "")).trim());
  if (holder && holder !== process.pid && processIsAlive(holder)) {
    throw new Error(
      `The embedded database in ${dataDir} is in use by process ${holder}. Stop that portal, or set EMBEDDED_DB_DIR to another folder.`,
    );
  }
  await writeFile(lockFile, String(process.pid));
  return () => rm(lockFile, { force: true });
}

const holdsDatabase = (dataDir: string) =>
  access(path.join(dataDir, "PG_VERSION")).then(
    () => true,
    () => false,
  );

/**
 * Starts PostgreSQL-in-WebAssembly (PGlite) inside this process and serves it over the PostgreSQL
 * wire protocol on a free loopback port, so the app reaches it through the same pg driver adapter
 * as a real server. With no dataDir the database lives in memory (tests).
 *
 * An empty dataDir starts as a copy of `template` when there is one (see writeTemplate): creating
 * a database cluster in WebAssembly (initdb) takes about 3 s, copying a made one a tenth of that.
 */
export async function startEmbeddedDatabase(options: {
  dataDir?: string;
  loadDataDir?: Blob;
  template?: string;
}): Promise<EmbeddedDatabase> {
  let unlock = async () => {};
  if (options.dataDir) {
    await mkdir(options.dataDir, { recursive: true });
    unlock = await lockDataDir(options.dataDir);
    if (options.template && !(await holdsDatabase(options.dataDir)) && (await holdsDatabase(options.template))) {
      await cp(options.template, options.dataDir, { recursive: true });
    }
  }
  const pglite = await PGlite.create({
    ...(options.dataDir ? { dataDir: path.resolve(options.dataDir) } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  // PGlite runs one statement at a time. pglite-socket queues the connections' statements, and while
  // one connection is inside a transaction it runs only that connection's statements, so
  // transactions stay whole; concurrency brings no speed, so the app keeps a small pool.
  const server = new PGLiteSocketServer({ db: pglite, host: "127.0.0.1", port: 0, maxConnections: 4 });
  await server.start();
  return {
    url: `postgresql://postgres:postgres@${server.getServerConn()}/postgres?sslmode=disable`,
    dump: () => pglite.dumpDataDir("none"),
    async stop() {
      await server.stop();
      await pglite.close();
      await unlock();
    },
  };
}

/**
 * Writes a new embedded database, with `prepare` run on it (the migrations), to `dir`, for
 * startEmbeddedDatabase to copy. Written beside it and renamed into place, so a build that stops
 * halfway leaves no half-made template behind.
 */
export async function writeTemplate(dir: string, prepare: (url: string) => Promise<unknown>): Promise<void> {
  const making = `${dir}.making`;
  await rm(making, { recursive: true, force: true });
  const database = await startEmbeddedDatabase({ dataDir: making });
  try {
    await prepare(database.url);
  } finally {
    await database.stop();
  }
  await rm(dir, { recursive: true, force: true });
  await rename(making, dir);
}
