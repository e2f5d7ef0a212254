/**
 * A debugger, as an editor is one, for debug.test.ts: run with `node --experimental-websocket
 * --import tsx inspector-client.ts WS_URL FILE LINE`, it attaches to a process started with
 * `--inspect-brk`, sets a breakpoint on LINE (1-based) of the TypeScript file FILE through the
 * script's source map (what tsx compiled is not line for line), and prints, as one JSON line,
 * where the process stopped (file, 1-based line) and the files of the calls below it.
 * A pause outside grading (the fixtures are built from the same file) is resumed. Node 20
 * has the WebSocket client (typed by @types/node) only behind that flag.
 */
import { SourceMap, type SourceMapPayload } from "node:module";
import { fileURLToPath } from "node:url";

interface Location {
  scriptId: string;
  lineNumber: number;
  columnNumber?: number;
}

interface CallFrame {
  location: Location;
}

interface Message {
  id?: number;
  method?: string;
  params?: { scriptId?: string; url?: string; sourceMapURL?: string; callFrames?: CallFrame[] };
  result?: { locations?: Location[]; breakpointId?: string };
}

const [wsUrl, file, lineText] = process.argv.slice(2);
const line = Number(lineText);
const socket = new WebSocket(wsUrl);
const maps = new Map<string, SourceMap>();
/** Each script's file (a call frame's own `url` is empty for a module's code). */
const files = new Map<string, string>();
const waiting = new Map<number, (m: Message) => void>();
let nextId = 1;
/** The breakpoint that stops the file's module as it is evaluated, before any call into it. */
let entryBreakpoint: string | undefined;
let armed = false;

function send(method: string, params: object = {}): Promise<Message> {
  const id = nextId++;
  socket.send(JSON.stringify({ id, method, params }));
  return new Promise((resolve) => waiting.set(id, resolve));
}

function sourceMapOf(url: string): SourceMap | undefined {
  const match = /^data:application\/json;(?:charset=utf-8;)?base64,(.*)$/.exec(url);
  if (match === null) return undefined;
  const payload: SourceMapPayload = JSON.parse(Buffer.from(match[1], "base64").toString("utf8"));
  return new SourceMap(payload);
}

/** The 1-based line of the TypeScript source a compiled location comes from. */
function originalLine(map: SourceMap, at: Location): number | undefined {
  const entry = map.findEntry(at.lineNumber, at.columnNumber ?? 0);
  return "originalLine" in entry ? entry.originalLine + 1 : undefined;
}

/** Sets the breakpoint on the first compiled location of `line` in the script. */
async function arm(scriptId: string): Promise<void> {
  const map = maps.get(scriptId);
  if (map === undefined) throw new Error(`${file} has no inline source map`);
  const possible = await send("Debugger.getPossibleBreakpoints", { start: { scriptId, lineNumber: 0, columnNumber: 0 } });
  const at = possible.result?.locations?.find((l) => originalLine(map, l) === line);
  if (at === undefined) throw new Error(`no breakable location on line ${line} of ${file}`);
  await send("Debugger.setBreakpoint", { location: at });
  armed = true;
}

async function paused(frames: readonly CallFrame[]): Promise<void> {
  const below = frames.map((f) => files.get(f.location.scriptId) ?? "");
  const top = frames[0];
  const path = below[0];
  if (!armed && entryBreakpoint !== undefined && path === file) {
    await send("Debugger.removeBreakpoint", { breakpointId: entryBreakpoint });
    await arm(top.location.scriptId);
    await send("Debugger.resume");
    return;
  }
  if (!armed || path !== file || !below.some((f) => f.endsWith("autograder/src/run-case.ts"))) {
    await send("Debugger.resume");
    return;
  }
  const map = maps.get(top.location.scriptId);
  console.log(JSON.stringify({ file: path, line: map && originalLine(map, top.location), below }));
  await send("Debugger.resume");
  socket.close();
}

socket.onmessage = (event) => {
  const m = JSON.parse(String(event.data)) as Message;
  if (m.id !== undefined) {
    waiting.get(m.id)?.(m);
    waiting.delete(m.id);
    return;
  }
  const p = m.params;
  if (m.method === "Debugger.scriptParsed" && p?.scriptId) {
    if (p.url?.startsWith("file:")) files.set(p.scriptId, fileURLToPath(p.url));
    const map = p.sourceMapURL === undefined ? undefined : sourceMapOf(p.sourceMapURL);
    if (map) maps.set(p.scriptId, map);
  }
  if (m.method === "Debugger.paused" && p?.callFrames) {
    paused(p.callFrames).catch((err: unknown) => {
      console.log(JSON.stringify({ error: String(err) }));
      socket.close();
    });
  }
};

socket.onopen = () => {
  (async () => {
    await send("Debugger.enable");
    const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const entry = await send("Debugger.setBreakpointByUrl", { urlRegex: `${escaped}$`, lineNumber: 0 });
    entryBreakpoint = entry.result?.breakpointId;
    await send("Runtime.runIfWaitingForDebugger");
  })().catch((err: unknown) => console.log(JSON.stringify({ error: String(err) })));
};
