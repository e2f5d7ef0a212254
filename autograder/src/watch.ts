/**
 * `grade --watch`: calls back when a `.ts` file under the homework folder changes. Editors
 * and tools rarely write a file in place: `sed -i`, vim and `git checkout` write a new file
 * and rename it over the old one, and a watch on the old file (Node's own `fs.watch`) then
 * goes deaf. chokidar follows the new file. Changes that come in a burst (a checkout of
 * several files, an editor's save in steps) are gathered into one call, and calls never
 * overlap: a change during a re-grade waits for it and starts the next.
 */
import { relative } from "node:path";
import { watch } from "chokidar";

export interface WatchOptions {
  /** Called with the changed files (relative to the folder, sorted) once the burst is over. */
  onChange(files: string[]): Promise<void>;
  /** The watcher itself failed (too many watches, the folder removed); watching goes on where it can. */
  onError(error: Error): void;
  /** Quiet time after the last change before `onChange` is called. */
  debounceMs?: number;
}

export interface Watching {
  /** Stops watching, after the call in progress (if any) ends. */
  close(): Promise<void>;
}

/** Starts watching `dir`; resolves once every file under it is watched, so a change made after that is seen. */
export function watchTypeScript(dir: string, opts: WatchOptions): Promise<Watching> {
  const debounceMs = opts.debounceMs ?? 200;
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  const watcher = watch(dir, {
    ignoreInitial: true,
    ignored: (path, stats) => /(^|\/)node_modules(\/|$)/.test(path) || (stats?.isFile() === true && !path.endsWith(".ts")),
  });
  const fire = () => {
    const files = [...pending].sort();
    pending.clear();
    running = running.then(() => opts.onChange(files));
  };
  watcher.on("all", (_event, path) => {
    if (!path.endsWith(".ts")) return;
    pending.add(relative(dir, path));
    clearTimeout(timer);
    timer = setTimeout(fire, debounceMs);
  });
  watcher.on("error", (e) => opts.onError(e instanceof Error ? e : new Error(String(e))));
  const close = async () => {
    clearTimeout(timer);
    await watcher.close();
    await running;
  };
  return new Promise((resolveReady) => watcher.once("ready", () => resolveReady({ close })));
}
