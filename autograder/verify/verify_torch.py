"""Cross-checks a homework's fixtures against PyTorch.

    python3 autograder/verify/verify_torch.py <hw> <fixture dir>

(`npm run verify:torch -- <hw>` builds the fixtures from reference/<hw>/ and runs this.)

The fixture folder holds one .npz per variant, with the inputs as `in.<name>` and the
reference's outputs as `out.<name>`, and manifest.json listing each file's case and size
(see autograder/src/fixtures.ts). The module `<hw>.py` beside this file exposes

    CASES: dict[str, Callable[[dict[str, torch.Tensor], dict], dict[str, torch.Tensor | float]]]

mapping a case id to a function that recomputes the case's outputs with PyTorch from the
inputs and the variant's size. A function that also takes a parameter named `expected`
gets the fixture's outputs (as tensors) too: only for what torch cannot reproduce itself,
such as which elements the kit's own random generator dropped; it must still compute the
values it is compared on.

Inputs are handed over as float64 (from the float32 fixtures) so that torch computes
more precisely than the reference did, and int32 indices as int64 (what torch indexes
with). Each output is compared with the fixture at |torch − fixture| ≤ ATOL + RTOL·|fixture|,
looser than the grader's tolerance because the fixtures are float32.

Prints one line per case and a summary; exits 1 when any case disagrees, else 0.
"""

from __future__ import annotations

import importlib.util
import inspect
import json
import math
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np
import torch

ATOL = 1e-4
RTOL = 1e-3

CaseFn = Callable[..., dict[str, Any]]


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


def load_cases(hw: str) -> dict[str, CaseFn]:
    """Imports <hw>.py from this folder by path (it is not a package) and returns its CASES."""
    path = Path(__file__).with_name(f"{hw}.py")
    if not path.exists():
        sys.exit(f"verify:torch: no torch recomputation for {hw} ({path} does not exist)")
    # Loading by path would leave a __pycache__ in the repository.
    sys.dont_write_bytecode = True
    spec = importlib.util.spec_from_file_location(f"verify_{hw}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.CASES


def to_torch(array: np.ndarray) -> torch.Tensor:
    """A fixture array as torch computes on it: floats as float64, int32 indices as int64."""
    if array.dtype.kind == "f":
        return torch.from_numpy(array.astype(np.float64))
    if array.dtype == np.int32:
        return torch.from_numpy(array.astype(np.int64))
    return torch.from_numpy(array.copy())


def to_numpy(value: Any) -> np.ndarray:
    """A returned output (tensor or number) as a float64 numpy array."""
    if isinstance(value, torch.Tensor):
        return value.detach().to(torch.float64).cpu().numpy()
    return np.asarray(value, dtype=np.float64)


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


def check_variant(fn: CaseFn, entry: dict, folder: Path, result: CaseResult) -> None:
    """Recomputes one fixture with `fn` and records how each output compares."""
    variant = f"{entry['kind']}{entry['index']}"
    with np.load(folder / entry["file"]) as npz:
        arrays = {key: npz[key] for key in npz.files}
    inputs = {k[3:]: to_torch(v) for k, v in arrays.items() if k.startswith("in.")}
    expected = {k[4:]: v for k, v in arrays.items() if k.startswith("out.")}
    kwargs = {}
    if "expected" in inspect.signature(fn).parameters:
        kwargs["expected"] = {k: to_torch(v) for k, v in expected.items()}
    result.variants += 1
    try:
        outputs = fn(inputs, dict(entry["size"]), **kwargs)
    except Exception as err:  # a failed recomputation is reported, and the next case still runs
        where = traceback.extract_tb(err.__traceback__)[-1]
        result.failures.append(f"{variant}: {type(err).__name__}: {err} ({Path(where.filename).name}:{where.lineno})")
        return
    for name in sorted(set(expected) - set(outputs)):
        result.failures.append(f"{variant}: torch computed no output {name!r}")
    for name in sorted(set(outputs) - set(expected)):
        result.failures.append(f"{variant}: the fixture has no output {name!r}")
    for name in sorted(set(outputs) & set(expected)):
        result.errors.append(compare(name, variant, to_numpy(outputs[name]), expected[name].astype(np.float64)))


def report_line(result: CaseResult, width: int) -> str:
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


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python3 autograder/verify/verify_torch.py <hw> <fixture dir>", file=sys.stderr)
        return 2
    hw, folder = argv[0], Path(argv[1])
    manifest = json.loads((folder / "manifest.json").read_text())
    cases = load_cases(hw)
    torch.set_grad_enabled(True)

    # The manifest's cases in order, each with its variants.
    entries: dict[str, list[dict]] = {}
    for entry in manifest["fixtures"]:
        entries.setdefault(entry["case"], []).append(entry)
    width = max(map(len, entries), default=0)

    print(f"verify:torch {hw}: {sum(map(len, entries.values()))} fixtures of {len(entries)} cases, torch {torch.__version__}, tolerance atol {ATOL:g} + rtol {RTOL:g}")
    results: list[CaseResult] = []
    skipped: list[str] = []
    for case, variants in entries.items():
        fn = cases.get(case)
        if fn is None:
            skipped.append(case)
            print(f"  {case:<{width}}  {len(variants):>2} variants  SKIPPED (no torch recomputation)")
            continue
        result = CaseResult(case)
        for entry in variants:
            check_variant(fn, entry, folder, result)
        results.append(result)
        print(report_line(result, width))
        if not result.ok:
            print("\n".join(mismatch_details(result)))

    agree = sum(r.ok for r in results)
    mismatch = len(results) - agree
    largest = max((r.max_abs for r in results), default=0.0)
    if skipped:
        print(f"skipped (no torch recomputation): {', '.join(skipped)}")
    print(f"verify:torch {hw}: {agree} cases agree, {mismatch} mismatch, {len(skipped)} skipped; largest error {largest:.3e}")
    return 1 if mismatch else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
