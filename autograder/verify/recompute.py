"""What verify_torch.py and oracle.py share: a homework's recomputations, and fixture folders
(autograder/src/fixtures.ts's format: manifest.json and one .npz per variant, inputs as
`in.<name>`, outputs as `out.<name>`) read into torch and written back.

The module `<hw>.py` beside this file exposes

    CASES: dict[str, Callable[[Inputs, Size], Outputs]]    torch's outputs of a case
    BOUNDS: dict[str, Callable[[Inputs, Size], Spec]]      a stated property (bounds.py), for
                                                            the cases torch cannot recompute

keyed by suite case id; a case is in one of them, never both.
"""

from __future__ import annotations

import importlib.util
import io
import json
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np
import torch


@dataclass
class Recomputation:
    """One homework's torch recomputations and its bounds-only properties, by case id."""

    cases: dict[str, Callable[..., dict[str, Any]]]
    bounds: dict[str, Callable[..., dict[str, Any]]]

    def known(self) -> set[str]:
        return set(self.cases) | set(self.bounds)


def load_recomputation(hw: str) -> Recomputation:
    """Imports <hw>.py from this folder by path (it is not a package)."""
    path = Path(__file__).with_name(f"{hw}.py")
    if not path.exists():
        sys.exit(f"no torch recomputation for {hw} ({path} does not exist)")
    spec = importlib.util.spec_from_file_location(f"verify_{hw}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    both = set(module.CASES) & set(getattr(module, "BOUNDS", {}))
    assert not both, f"{hw}.py: {sorted(both)} in both CASES and BOUNDS"
    return Recomputation(module.CASES, getattr(module, "BOUNDS", {}))


def read_manifest(folder: Path) -> dict[str, list[dict]]:
    """The manifest's variants grouped by case, in its order."""
    manifest = json.loads((folder / "manifest.json").read_text())
    entries: dict[str, list[dict]] = {}
    for entry in manifest["fixtures"]:
        entries.setdefault(entry["case"], []).append(entry)
    return entries


def variant_name(entry: dict) -> str:
    return f"{entry['kind']}{entry['index']}"


def read_variant(folder: Path, entry: dict) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """A variant's inputs and outputs (the reference's, when a fixture holds any), by name."""
    with np.load(folder / entry["file"]) as npz:
        arrays = {key: npz[key] for key in npz.files}
    inputs = {k[3:]: v for k, v in arrays.items() if k.startswith("in.")}
    outputs = {k[4:]: v for k, v in arrays.items() if k.startswith("out.")}
    return inputs, outputs


def to_torch(array: np.ndarray) -> torch.Tensor:
    """An array as torch computes on it: floats as float64, int32 indices as int64."""
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


def to_stored(value: Any) -> np.ndarray:
    """A returned output as the kit stores it: integers as int32 (the kit has no int64; they are
    compared exactly), booleans as bool, everything else as float64."""
    if isinstance(value, torch.Tensor):
        value = value.detach().cpu()
        if value.dtype == torch.bool:
            return value.numpy()
        if not value.dtype.is_floating_point:
            return value.to(torch.int32).numpy()
    return to_numpy(value)


def save_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """np.savez, but byte-identical for the same arrays (fixed entry times, sorted names), so
    that rewriting an unchanged oracle leaves git nothing to show."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(arrays):
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.asarray(arrays[name], order="C"), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, buffer.getvalue())
