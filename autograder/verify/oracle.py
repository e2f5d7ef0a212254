"""Writes a homework's PyTorch oracle, the expected values the kit's own tests hold the
reference to (test/reference/oracle.test.ts).

    python3 -B autograder/verify/oracle.py <hw> <input dir> <out dir>

(`npm run oracle -- <hw>` draws the inputs and runs this; see autograder/src/oracle-cli.ts.)

<input dir> is a fixture folder (autograder/src/fixtures.ts's format) holding inputs only:
no reference ran to make it. For each of its variants this writes <out dir>/<same file>
with the same `in.<name>` arrays and torch's outputs as `out.<name>` (float64; integer
outputs int32 and booleans bool, compared exactly), computed by the recomputations
verify_torch.py runs (<hw>.py's CASES). A case in BOUNDS (bounds.py) has no torch value:
its file holds the inputs only and the manifest states the property its outputs must
have, labelled "bounds only".

<out dir>/manifest.json lists every variant: file, case, kind, index, seed, size, check
("torch" or "bounds only") and, for bounds only, the property. Exits 1 when a case has
neither a recomputation nor a property, or when one fails; the caller then keeps the
oracle it had.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import torch

from recompute import load_recomputation, read_manifest, read_variant, Recomputation, save_npz, to_stored, to_torch, variant_name

FORMAT = 1


def manifest_text(hw: str, listed: list[dict]) -> str:
    """The manifest as JSON with one line per variant: small, and a regenerated oracle diffs by variant."""
    variants = ",\n".join(f"  {json.dumps(v, ensure_ascii=False)}" for v in listed)
    return f'{{"hw": {json.dumps(hw)}, "format": {FORMAT}, "torch": {json.dumps(torch.__version__)}, "variants": [\n{variants}\n]}}\n'


def oracle_variant(recomputation: Recomputation, case: str, folder: Path, entry: dict) -> tuple[dict[str, np.ndarray], dict]:
    """One variant's arrays to store (its inputs, and torch's outputs unless bounds only) and its manifest line."""
    arrays, _ = read_variant(folder, entry)
    inputs = {k: to_torch(v) for k, v in arrays.items()}
    size = dict(entry["size"])
    stored = {f"in.{k}": v for k, v in arrays.items()}
    described = {k: entry[k] for k in ("file", "case", "kind", "index", "seed", "size")}
    if case in recomputation.bounds:
        return stored, described | {"check": "bounds only", "property": recomputation.bounds[case](inputs, size)}
    outputs = recomputation.cases[case](inputs, size)
    return stored | {f"out.{k}": to_stored(v) for k, v in outputs.items()}, described | {"check": "torch"}


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: python3 -B autograder/verify/oracle.py <hw> <input dir> <out dir>", file=sys.stderr)
        return 2
    hw, folder, out = argv[0], Path(argv[1]), Path(argv[2])
    entries = read_manifest(folder)
    recomputation = load_recomputation(hw)
    unknown = [case for case in entries if case not in recomputation.known()]
    if unknown:
        print(f"oracle {hw}: no torch recomputation and no stated property for {', '.join(unknown)}; add them to autograder/verify/{hw}.py", file=sys.stderr)
        return 1
    torch.set_grad_enabled(True)
    width = max(map(len, entries), default=0)
    listed: list[dict] = []
    for case, variants in entries.items():
        for entry in variants:
            try:
                stored, described = oracle_variant(recomputation, case, folder, entry)
            except Exception as err:  # one line naming the variant, and nothing of this homework is kept
                print(f"oracle {hw}: {case} {variant_name(entry)}: {type(err).__name__}: {err}", file=sys.stderr)
                return 1
            save_npz(out / entry["file"], stored)
            listed.append(described)
        label = "bounds only (a stated property; torch cannot draw the kit's random numbers)" if case in recomputation.bounds else "torch"
        print(f"  {case:<{width}}  {len(variants):>2} variants  {label}")
    (out / "manifest.json").write_text(manifest_text(hw, listed))
    bounded = sum(v["check"] == "bounds only" for v in listed)
    print(f"oracle {hw}: {len(listed)} variants of {len(entries)} cases written, {bounded} of them bounds only; torch {torch.__version__}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
