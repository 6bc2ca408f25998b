import { access, copyFile, cp, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { Worker } from "node:worker_threads";

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

/** What the database's thread answers (server/embedded-database-thread.mjs). */
type ThreadMessage = { url: string } | { dump: ArrayBuffer } | { stopped: true } | { error: string };

/** The thread's next answer; its failure or exit before answering rejects. */
function answerOf(thread: Worker): Promise<ThreadMessage> {
  return new Promise((resolve, reject) => {
    const settle = (act: () => void) => {
      thread.off("message", onMessage).off("error", onError).off("exit", onExit);
      act();
    };
    const onMessage = (message: ThreadMessage) => settle(() => ("error" in message ? reject(new Error(message.error)) : resolve(message)));
    const onError = (error: Error) => settle(() => reject(error));
    const onExit = (code: number) => settle(() => reject(new Error(`the embedded database's thread exited (code ${code})`)));
    thread.on("message", onMessage).on("error", onError).on("exit", onExit);
  });
}

/**
 * Starts PostgreSQL-in-WebAssembly (PGlite) on a thread of its own and serves it over the
 * PostgreSQL wire protocol on a free loopback port, so the app reaches it through the same pg driver
 * adapter as a real server. On its own thread PGlite starts while the caller loads the app, and runs
 * statements while the main thread renders pages (docs/performance.md). With no dataDir the database
 * lives in memory (tests).
 *
 * An empty dataDir starts as a copy of `template` when there is one (see writeTemplate): creating
 * a database cluster in WebAssembly (initdb) takes about 3 s, copying a made one a tenth of that.
 */
export async function startEmbeddedDatabase(options: {
  dataDir?: string;
  loadDataDir?: Blob;
  template?: string;
  /** The thread ended while nobody was stopping it: the database is gone (default: throw, ending the process). */
  onLost?: (reason: string) => void;
}): Promise<EmbeddedDatabase> {
  let unlock = async () => {};
  if (options.dataDir) {
    await mkdir(options.dataDir, { recursive: true });
    unlock = await lockDataDir(options.dataDir);
    if (options.template && !(await holdsDatabase(options.dataDir)) && (await holdsDatabase(options.template))) {
      // PG_VERSION last: a copy cut short (the process stopped meanwhile) holds none, so the next
      // start copies again instead of opening half a database.
      const version = path.join(options.template, "PG_VERSION");
      await cp(options.template, options.dataDir, { recursive: true, filter: (source) => source !== version });
      await copyFile(version, path.join(options.dataDir, "PG_VERSION"));
    }
  }
  const loadDataDir = options.loadDataDir ? await options.loadDataDir.arrayBuffer() : undefined;
  const thread = new Worker(new URL("./embedded-database-thread.mjs", import.meta.url), {
    workerData: { dataDir: options.dataDir ? path.resolve(options.dataDir) : undefined, loadDataDir },
    transferList: loadDataDir ? [loadDataDir] : [],
  });
  const started = await answerOf(thread)
    .then((message) => {
      if (!("url" in message)) throw new Error("the embedded database's thread answered out of turn");
      return message;
    })
    .catch(async (error: Error) => {
      await thread.terminate();
      await unlock();
      throw error;
    });

  let stopping: Promise<void> | undefined;
  const lost = options.onLost ?? ((reason: string) => {
    throw new Error(reason);
  });
  thread.on("error", (error: Error) => {
    if (!stopping) lost(`the embedded database failed: ${error.message}`);
  });
  thread.on("exit", (code: number) => {
    if (!stopping) lost(`the embedded database's thread ended (code ${code})`);
  });
  // One request at a time, so that each answer belongs to the request it follows.
  let queue: Promise<unknown> = Promise.resolve();
  const ask = <K extends "dump" | "stopped">(request: "dump" | "stop", key: K) => {
    const answered = queue.then(async () => {
      const answer = answerOf(thread);
      thread.postMessage(request);
      const message = await answer;
      if (!(key in message)) throw new Error("the embedded database's thread answered out of turn");
      return message as Extract<ThreadMessage, Record<K, unknown>>;
    });
    queue = answered.catch(() => {});
    return answered;
  };
  return {
    url: started.url,
    dump: async () => new Blob([(await ask("dump", "dump")).dump]),
    stop() {
      // Once, however often asked; the thread ends and the folder is unlocked even if PGlite's own stop fails.
      stopping ??= ask("stop", "stopped")
        .then(() => {})
        .finally(async () => {
          await thread.terminate();
          await unlock();
        });
      return stopping;
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
