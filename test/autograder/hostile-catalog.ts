/**
 * The one catalog of hostile and careless hw1 submissions: the reference with one attack
 * planted. Each entry names exactly the tests it must lose (its totals are computed from
 * the suite's points, never typed in), what part of a failure message says, and what stops
 * it, for the README's table. hostile.test.ts grades every entry; the class-grading and
 * Autolab tests grade entries as handins between honest classmates.
 */
import suite from "../../autograder/suites/hw1/index.js";
import type { Edit } from "./submission.js";

export interface Attack {
  name: string;
  /** What the submission does. */
  attack: string;
  /** What stops it. */
  defence: string;
  edits: Edit[];
  /** Exactly these tests fail. */
  loses: string[];
  /** The first lost test's message contains this. */
  message: string;
  /** Per-case time limit when the limit under test is not time (default 1 s). */
  timeoutMs?: number;
  /**
   * Runs only where the sandbox has its own PID namespace: it sends signals, which outside
   * a namespace would reach the machine's other processes.
   */
  needsPidNamespace?: boolean;
}

/** An import added at the top of activation.ts. */
function importInActivation(line: string): Edit {
  return { file: "activation.ts", find: 'import { cached } from "./errors.js";', replace: `import { cached } from "./errors.js";\n${line}` };
}

/** Replaces Tanh.forward's body: tanh.forward and tanh.backward (which calls forward) are the tests it can lose. */
function inTanhForward(code: string, keepWorking = false): Edit {
  return { file: "activation.ts", find: "this.A = Z.tanh();", replace: keepWorking ? `${code}\n    this.A = Z.tanh();` : code };
}

const TANH = ["tanh.forward", "tanh.backward"];
const EVERY_TEST = suite.cases.map((c) => c.id);
const RELU_USERS = ["relu.forward", "relu.backward", "mlp0.forward", "mlp0.backward", "mlp1.forward", "mlp1.backward", "mlp4.forward", "mlp4.backward", "models.train_steps",
  "module.eval_nested", "module.parameters_shared", "resnet.block_forward", "resnet.block_backward", "resnet.mlp_forward", "resnet.mlp_backward"];
const LINEAR_BACKWARD_USERS = ["linear.backward_input", "linear.backward_weight", "linear.backward_bias", "mlp0.backward", "mlp1.backward", "mlp4.backward", "models.train_steps",
  "resnet.residual", "resnet.block_backward", "resnet.mlp_backward"];

/** An import added at the top of loss.ts. */
function importInLoss(line: string): Edit {
  return { file: "loss.ts", find: 'import { cached } from "./errors.js";', replace: `import { cached } from "./errors.js";\n${line}` };
}

const SIGMOID = "this.A = onesLike(Z).div(Z.neg().exp().add(1));";

/** A frame header claiming `bytes` of payload, written straight to the grader's channel (fd 3). */
function forgedFrame(bytes: number, payload = ""): string {
  return `const head = Buffer.alloc(4); head.writeUInt32LE(${bytes}); writeSync(3, Buffer.concat([head, Buffer.from(${JSON.stringify(payload)})]));`;
}

export const ATTACKS: Attack[] = [
  {
    name: "infinite-loop",
    attack: "an infinite loop in a forward",
    defence: "per-case time limit; the child's process group is killed",
    edits: [inTanhForward("for (;;);")],
    loses: TANH,
    message: "took longer than 1 s",
  },
  {
    name: "process-exit",
    attack: "process.exit(0) in the middle of a test",
    defence: "a dead child fails the case in flight; the next case starts a fresh one",
    edits: [{ file: "activation.ts", find: 'const Z = cached(this.Z, "GELU.backward");', replace: "process.exit(0);" }],
    loses: ["gelu.backward"],
    message: "exited with code 0",
  },
  {
    name: "busy-interval",
    attack: "starts a setInterval at load that keeps the process busy forever",
    defence: "a ping after loading; a child that cannot answer fails every test at once",
    edits: [{ file: "dropout.ts", find: "export class Dropout {", replace: "setInterval(() => { for (;;); }, 0);\nexport class Dropout {" }],
    loses: EVERY_TEST,
    message: "keeps the process busy",
  },
  {
    name: "forged-score-lines",
    attack: "prints Autolab score lines on stdout and stderr",
    defence: "the grader prints its own score line last, after the child is stopped",
    edits: [{ file: "activation.ts", find: SIGMOID, replace: `console.log('{"scores": {"activations": 999}}'); console.error('{"scores": {"activations": 999}}');\n    ${SIGMOID}` }],
    loses: [],
    message: "",
  },
  {
    name: "ten-megabytes-of-output",
    attack: "prints 10 MB",
    defence: "printed output is captured and cut short",
    edits: [{ file: "activation.ts", find: SIGMOID, replace: `console.log("x".repeat(10 * 2 ** 20));\n    ${SIGMOID}` }],
    loses: [],
    message: "",
  },
  {
    name: "writes-files",
    attack: "writes a file with fs",
    defence: "Node's permission model: no writes",
    edits: [importInLoss('import { writeFileSync } from "node:fs";'), { file: "loss.ts", find: "return A.sub(Y).mul(2 / A.size);", replace: 'writeFileSync("pwned.txt", "x");\n    return A.sub(Y);' }],
    loses: ["mse.backward"],
    message: "ERR_ACCESS_DENIED",
  },
  {
    name: "reads-reference",
    attack: "reads reference/, the fixtures and the Autolab Makefile with fs",
    defence: "Node's permission model: the child may read its own bundle only",
    edits: [
      importInLoss('import { readFileSync } from "node:fs";'),
      { file: "loss.ts", find: "this.A = A;\n    this.Y = Y;", replace: 'readFileSync("reference/hw1/loss.ts"); readFileSync("fixtures/hw1/manifest.json"); readFileSync("Makefile");' },
    ],
    loses: ["mse.forward", "mse.backward"],
    message: "ERR_ACCESS_DENIED",
  },
  {
    name: "huge-allocation",
    attack: "allocates 8 GB of typed arrays",
    defence: "the grader watches the child tree's resident memory and kills it above the limit",
    edits: [{ file: "activation.ts", find: "this.A = Z.maximum(0);", replace: "new Float64Array(1e9).fill(1);" }],
    loses: RELU_USERS,
    message: "memory",
    timeoutMs: 20_000,
  },
  {
    name: "returns-nan",
    attack: "returns NaN everywhere",
    defence: "value check (NaN equals only NaN)",
    edits: [{ file: "activation.ts", find: SIGMOID, replace: "this.A = Z.mul(NaN);" }],
    loses: ["sigmoid.forward", "sigmoid.backward"],
    message: "got NaN",
  },
  {
    name: "wrong-shape",
    attack: "returns a transposed gradient",
    defence: "shape check before values",
    edits: [{ file: "loss.ts", find: "return A.sub(Y).mul(2 / A.size);", replace: "return A.sub(Y).mul(2 / A.size).T;" }],
    loses: ["mse.backward"],
    message: "expected shape",
  },
  {
    name: "returns-a-number",
    attack: "returns a plain number where an array is due",
    defence: "the child describes any non-array value; the grader compares kinds first",
    edits: [{ file: "loss.ts", find: "return softmax.sub(T).div(softmax.shape[0]);", replace: "return 0 as unknown as NDArray;" }],
    loses: ["crossentropy.backward", "crossentropy.probabilities", "models.train_steps"],
    message: "got a number (0)",
  },
  {
    name: "returns-undefined",
    attack: "returns undefined",
    defence: "as above",
    edits: [{ file: "activation.ts", find: "return A.mul(dLdA.sub(dLdA.mul(A).sum(-1, true)));", replace: "return undefined as unknown as NDArray;" }],
    loses: ["softmax.backward"],
    message: "got undefined",
  },
  {
    name: "throws-a-string",
    attack: "throws a string instead of an Error",
    defence: "anything thrown is described as plain data in the child",
    edits: [{ file: "linear.ts", find: 'const A = cached(this.A, "Linear.backward");', replace: 'throw "nope";' }],
    loses: LINEAR_BACKWARD_USERS,
    message: "threw a string instead of an Error: nope",
  },
  {
    name: "stops-the-grader",
    attack: "SIGSTOPs its parent and every process id it can name, again and again",
    defence: "a PID namespace: the child can name only itself",
    edits: [
      inTanhForward(
        'for (let round = 0; round < 3; round++) for (let pid = 0; pid < 4096; pid++) { try { process.kill(pid === 0 ? process.ppid : pid, "SIGSTOP"); process.kill(-pid, "SIGSTOP"); } catch { /* no such process */ } }',
        true,
      ),
    ],
    loses: [],
    message: "",
    needsPidNamespace: true,
  },
  {
    name: "kills-everyone",
    attack: "SIGKILLs its parent, every process group and every process it can signal (kill -1)",
    defence: "a PID namespace: the child can name only itself",
    edits: [
      inTanhForward(
        'for (let pid = 2; pid < 4096; pid++) { try { process.kill(-pid, "SIGKILL"); } catch { /* none */ } }\n    try { process.kill(-1, "SIGKILL"); } catch { /* none */ }\n    try { process.kill(process.ppid, "SIGKILL"); } catch { /* none */ }',
        true,
      ),
    ],
    loses: [],
    message: "",
    needsPidNamespace: true,
  },
  {
    name: "garbage-on-the-channel",
    attack: "writes garbage straight to the grader's channel",
    defence: "the grader's own framing: an impossible frame length fails the case as a malformed result",
    edits: [importInActivation('import { writeSync } from "node:fs";'), inTanhForward('writeSync(3, Buffer.from("Unable to deserialize cloned data."));', true)],
    loses: TANH,
    message: "malformed result",
  },
  {
    name: "huge-frame",
    attack: "announces a 3 GB message on the channel",
    defence: "a per-message size cap, checked on the length prefix before anything is read",
    edits: [importInActivation('import { writeSync } from "node:fs";'), inTanhForward(forgedFrame(3_000_000_000), true)],
    loses: TANH,
    message: "malformed result",
  },
  {
    name: "forged-result",
    attack: "forges a result frame whose shape claims 4e8 elements, and one holding a BigInt-like value",
    defence: "a schema check before use: dims ≤ 32, their product equal to the data length, JSON only",
    edits: [
      importInActivation('import { writeSync } from "node:fs";'),
      inTanhForward(forgedFrame(64, `{"type":"result","outputs":{"A":{"kind":"array","dtype":"float32","shape":[400000000]}},"x":1n}`.padEnd(64)), true),
    ],
    loses: TANH,
    message: "malformed result",
  },
  {
    name: "error-after-return",
    attack: "throws from a timer after the test returned",
    defence: "the child reports late errors as such; the grader blames the test that started the timer, never the next one",
    edits: [{ file: "loss.ts", find: "return A.sub(Y).mul(2 / A.size);", replace: 'setTimeout(() => { throw new Error("too late"); }, 0);\n    return A.sub(Y).mul(2 / A.size);' }],
    loses: ["mse.backward"],
    message: "after `mse.backward` returned",
  },
  {
    name: "unhandled-rejection",
    attack: "leaves a rejected promise nobody handles",
    defence: "named as an unhandled rejection, on the test that made it",
    edits: [{ file: "loss.ts", find: "return A.sub(Y).mul(2 / A.size);", replace: 'void Promise.reject(new Error("nobody catches me"));\n    return A.sub(Y).mul(2 / A.size);' }],
    loses: ["mse.backward"],
    message: "a promise was rejected",
  },
  {
    name: "missing-export",
    attack: "forgets to export Dropout from index.ts",
    defence: "the child names the missing export",
    edits: [{ file: "index.ts", find: 'export * from "./dropout.js";\n', replace: "" }],
    loses: ["dropout.forward", "dropout.backward", "dropout.eval", "models.train_steps", "module.eval_nested"],
    message: 'does not export "Dropout"',
  },
  {
    name: "trace-events",
    attack: "turns on node:trace_events, which writes files to the working directory",
    defence: "the child's working directory is a fresh folder it cannot write (uid 65534), removed after the run",
    edits: [importInActivation('import { createTracing } from "node:trace_events";'), inTanhForward('createTracing({ categories: ["v8", "node"] }).enable();', true)],
    loses: [],
    message: "",
  },
];
