/**
 * hw2's conv2d forward and backward in PyTorch on one thread, the figure the cpu device is
 * compared with: a python3 with torch (found as verify:torch finds it), or "skipped: no torch" when there is none.
 */
import { spawnSync } from "node:child_process";
import { findTorchPython } from "../../autograder/src/torch-python.js";

const SCRIPT = `
import time, torch
torch.set_num_threads(1)
torch.manual_seed(0)
N, C, O, H = int(ARGS[0]), int(ARGS[1]), int(ARGS[2]), int(ARGS[3])
conv = torch.nn.Conv2d(C, O, 3, padding=1)
x = torch.randn(N, C, H, H, requires_grad=True)
g = torch.randn(N, O, H, H)
def run():
    y = conv(x)
    y.backward(g)
run()
times = []
for _ in range(9):
    t0 = time.perf_counter(); run(); times.append((time.perf_counter() - t0) * 1000)
times.sort()
print(times[4])
`;

/** Median ms of one forward + backward, or the reason there is no figure. */
export function torchConv2dMs(n: number, c: number, o: number, h: number): number | string {
  // The same interpreter verify:torch and the oracle use ($KIT_PYTHON, Debian's, then PATH's).
  const interpreter = findTorchPython();
  if (interpreter === undefined) return "skipped: no torch";
  const python = spawnSync(interpreter, ["-c", `ARGS = ${JSON.stringify([n, c, o, h])}\n${SCRIPT}`], { encoding: "utf8", timeout: 120_000 });
  if (python.error || python.status !== 0) return `skipped: ${interpreter} failed (${(python.stderr ?? "").trim().split("\n").pop()})`;
  return Number(python.stdout.trim());
}
