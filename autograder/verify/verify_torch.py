"""Cross-checks a homework's fixtures against PyTorch.

    python3 -B autograder/verify/verify_torch.py <hw> <fixture dir> [--only ID]

(`npm run verify:torch -- <hw>` builds the fixtures from reference/<hw>/ and runs this.)

The fixture folder holds one .npz per variant, with the inputs as `in.<name>` and the
reference's outputs as `out.<name>`, and manifest.json listing each file's case and size
(see autograder/src/fixtures.ts). `<hw>.py` beside this file recomputes each case with
torch (CASES), or, where torch cannot because the kit's own generator drew the values,
states a property the outputs must have (BOUNDS, see bounds.py); recompute.py loads both.

Inputs are handed over as float64 (from the float32 fixtures) so that torch computes
more precisely than the reference did, and int32 indices as int64 (what torch indexes
with). Each output is compared with the fixture at |torch − fixture| ≤ ATOL + RTOL·|fixture|,
looser than the grader's tolerance because the fixtures are float32.

Prints one line per case: OK (torch agrees), BOUNDS ONLY (no torch value exists; the stated
property holds), MISMATCH, SKIPPED (a fixture case with no recomputation) or MISSING (a
recomputation whose case has no fixture, when every case was asked for). Exits 0 only when
every case is OK or BOUNDS ONLY; a mismatch, a skipped or a missing case exits 1.
"""

from __future__ import annotations

import math
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch

import bounds
from recompute import load_recomputation, read_manifest, read_variant, Recomputation, to_numpy, to_torch, variant_name

ATOL = 1e-4
RTOL = 1e-3
# A dropout output kept by the fixture is its float32 input times 1/(1 − p), rounded to float32.
BOUNDS_RTOL = 1e-6


@dataclass
class OutputError:
    """How far one output of one variant is from the fixture."""

    name: str
    variant: str
    abs_err: float
    rel_err: float
    # max |torch − fixture| / (ATOL + RTOL·|fixture|): above 1 means outside the tolerance.
    ratio: float
    detail: str


@dataclass
class CaseResult:
    """Every variant of one case: the errors of its outputs and any failure to compute them."""

    case: str
    bounds_only: bool = False
    variants: int = 0
    errors: list[OutputError] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures and all(e.ratio <= 1 for e in self.errors)

    def worst(self) -> OutputError | None:
        return max(self.errors, key=lambda e: e.ratio, default=None)

    @property
    def max_abs(self) -> float:
        return max((e.abs_err for e in self.errors), default=0.0)

    @property
    def max_rel(self) -> float:
        return max((e.rel_err for e in self.errors), default=0.0)


def compare(name: str, variant: str, actual: np.ndarray, expected: np.ndarray) -> OutputError:
    """The largest errors of `actual` against the fixture, and where the worst one is."""
    if actual.shape != expected.shape:
        return OutputError(name, variant, math.inf, math.inf, math.inf, f"shape {list(actual.shape)}, fixture {list(expected.shape)}")
    if actual.size == 0:
        return OutputError(name, variant, 0.0, 0.0, 0.0, "")
    diff = np.abs(actual - expected)
    # A NaN anywhere counts as infinitely wrong (the fixtures hold none).
    diff = np.where(np.isnan(diff), np.inf, diff)
    ratio = diff / (ATOL + RTOL * np.abs(expected))
    # The relative error is taken only where the fixture is not tiny: near 0 it means nothing.
    big = np.abs(expected) >= ATOL
    rel = float(np.max(diff[big] / np.abs(expected[big]))) if big.any() else 0.0
    at = np.unravel_index(int(np.argmax(ratio)), ratio.shape)
    detail = f"at {list(map(int, at))}: torch {actual[at]:.9g}, fixture {expected[at]:.9g}"
    return OutputError(name, variant, float(diff.max()), rel, float(ratio.max()), detail)


def failure_line(variant: str, err: Exception) -> str:
    where = traceback.extract_tb(err.__traceback__)[-1]
    return f"{variant}: {type(err).__name__}: {err} ({Path(where.filename).name}:{where.lineno})"


def check_variant(recomputation: Recomputation, entry: dict, folder: Path, result: CaseResult) -> None:
    """Recomputes one fixture (or checks its property) and records how each output compares."""
    variant = variant_name(entry)
    arrays, expected = read_variant(folder, entry)
    inputs = {k: to_torch(v) for k, v in arrays.items()}
    size = dict(entry["size"])
    result.variants += 1
    if result.bounds_only:
        try:
            spec = recomputation.bounds[result.case](inputs, size)
        except Exception as err:  # a failed property is reported, and the next case still runs
            result.failures.append(failure_line(variant, err))
            return
        result.failures.extend(f"{variant}: {problem}" for problem in bounds.check(spec, arrays, expected, BOUNDS_RTOL))
        return
    try:
        outputs = recomputation.cases[result.case](inputs, size)
    except Exception as err:  # a failed recomputation is reported, and the next case still runs
        result.failures.append(failure_line(variant, err))
        return
    for name in sorted(set(expected) - set(outputs)):
        result.failures.append(f"{variant}: torch computed no output {name!r}")
    for name in sorted(set(outputs) - set(expected)):
        result.failures.append(f"{variant}: the fixture has no output {name!r}")
    for name in sorted(set(outputs) & set(expected)):
        result.errors.append(compare(name, variant, to_numpy(outputs[name]), expected[name].astype(np.float64)))


def report_line(result: CaseResult, width: int) -> str:
    if result.bounds_only:
        status = "BOUNDS ONLY" if result.ok else "MISMATCH (bounds only)"
        return f"  {result.case:<{width}}  {result.variants:>2} variants  no torch value; its stated property (bounds.py)  {status}"
    worst = result.worst()
    worst_name = worst.name if worst is not None else "-"
    status = "OK" if result.ok else "MISMATCH"
    return (
        f"  {result.case:<{width}}  {result.variants:>2} variants  max abs {result.max_abs:9.3e}"
        f"  max rel {result.max_rel:9.3e}  worst {worst_name:<12} {status}"
    )


def mismatch_details(result: CaseResult) -> list[str]:
    lines = [f"      {f}" for f in result.failures]
    for e in result.errors:
        if e.ratio > 1:
            lines.append(f"      {e.variant} {e.name}: |err| {e.abs_err:.3e} > tolerance, {e.detail}")
    return lines


def parse_args(argv: list[str]) -> tuple[str, Path, str | None] | None:
    if len(argv) == 2:
        return argv[0], Path(argv[1]), None
    if len(argv) == 4 and argv[2] == "--only":
        return argv[0], Path(argv[1]), argv[3]
    return None


def selected(case: str, only: str | None) -> bool:
    return only is None or case == only or case.startswith(f"{only}.")


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if args is None:
        print("usage: python3 -B autograder/verify/verify_torch.py <hw> <fixture dir> [--only ID]", file=sys.stderr)
        return 2
    hw, folder, only = args
    entries = read_manifest(folder)
    recomputation = load_recomputation(hw)
    torch.set_grad_enabled(True)
    width = max(map(len, entries | {c: [] for c in recomputation.known()}), default=0)

    print(f"verify:torch {hw}: {sum(map(len, entries.values()))} fixtures of {len(entries)} cases, torch {torch.__version__}, tolerance atol {ATOL:g} + rtol {RTOL:g}")
    results: list[CaseResult] = []
    skipped: list[str] = []
    for case, variants in entries.items():
        if case not in recomputation.known():
            skipped.append(case)
            print(f"  {case:<{width}}  {len(variants):>2} variants  SKIPPED (no torch recomputation and no stated property)")
            continue
        result = CaseResult(case, bounds_only=case in recomputation.bounds)
        for entry in variants:
            check_variant(recomputation, entry, folder, result)
        results.append(result)
        print(report_line(result, width))
        if not result.ok:
            print("\n".join(mismatch_details(result)))
    missing = sorted(c for c in recomputation.known() - set(entries) if selected(c, only))
    for case in missing:
        print(f"  {case:<{width}}  MISSING (a recomputation in {hw}.py, but no fixture has this case)")

    agree = sum(r.ok and not r.bounds_only for r in results)
    bounded = sum(r.ok and r.bounds_only for r in results)
    mismatch = sum(not r.ok for r in results)
    largest = max((r.max_abs for r in results), default=0.0)
    if bounded:
        print(f"bounds only (torch cannot draw the kit's random numbers; a stated property was checked, not a value): {', '.join(r.case for r in results if r.bounds_only)}")
    print(
        f"verify:torch {hw}: {agree} cases agree, {bounded} bounds only, {mismatch} mismatch, {len(skipped)} skipped, "
        f"{len(missing)} missing; largest error {largest:.3e}"
    )
    return 1 if mismatch or skipped or missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
