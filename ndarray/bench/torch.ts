/**
 * hw2's conv2d forward and backward in PyTorch on one thread, the figure the cpu device is
 * compared with: python3 with torch, or "skipped: no torch" when it is not installed.
 */
import { spawnSync } from "node:child_process";

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
  const python = spawnSync("python3", ["-c", `ARGS = ${JSON.stringify([n, c, o, h])}\n${SCRIPT}`], { encoding: "utf8", timeout: 120_000 });
  if (python.error || python.status !== 0) {
    return /No module named 'torch'|ENOENT/.test(`${python.stderr}${python.error?.message ?? ""}`) ? "skipped: no torch" : `skipped: python3 failed (${python.stderr.trim().split("\n").pop()})`;
  }
  return Number(python.stdout.trim());
}
