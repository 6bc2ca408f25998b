import { existsSync } from "node:fs";
import path from "node:path";

/**
 * The project's folder (the one holding package.json): the server runs from server/ under tsx in
 * development and from build/server/ once compiled, so paths are found from here, not from the
 * file's own place.
 */
export function projectRoot(from: string = import.meta.dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}
