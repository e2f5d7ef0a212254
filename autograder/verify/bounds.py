"""Stated properties for the cases torch cannot recompute ("bounds only").

Some outputs come from the kit's own seeded Generator, not from torch's RNG: the values a
layer's initialisation draws and the elements dropout drops. torch cannot produce those
numbers, so instead of an expected value these cases get a property, as plain JSON, that
any correct output satisfies and that verify_torch.py and the kit's oracle test
(test/reference/oracle.test.ts, which checks the same JSON) hold the outputs to:

- "uniform": each output has the shape torch's own module gives that parameter, every value
  lies in [−k, k] with k = 1/√fan_in as torch computes fan_in for the module, and the values
  are not all tiny (U(−k, k) draws are not all below k/10);
- "dropout": each output unit (one element, or for Dropout2d one channel's trailing axes) is
  either all 0 or its input times 1/(1 − p), and the number of dropped units is inside the
  central 1 − 2·10⁻⁶ of Binomial(units, p).

These are bounds, not an oracle: a wrong draw that stays inside them passes, which is why
every report names such a case "bounds only".
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import torch
from torch import nn

Spec = dict[str, Any]

# Probability left in each tail of Binomial(n, p) by the dropped-count range.
TAIL = 1e-6


def uniform_init(module: nn.Module, params: dict[str, str]) -> Spec:
    """The bound torch's `module` promises for the outputs named in `params` (output name →
    the module's parameter name): its shapes, and k = 1/√fan_in by torch's own fan_in."""
    fan_in, _ = nn.init._calculate_fan_in_and_fan_out(module.weight)
    k = 1 / math.sqrt(fan_in)
    tensors = {out: getattr(module, name) for out, name in params.items()}
    # torch's own freshly drawn module must respect the bound the kit is held to.
    assert all(float(t.abs().max()) <= k for t in tensors.values()), f"torch's own {type(module).__name__} init exceeds 1/sqrt(fan_in)"
    return {
        "kind": "uniform",
        "bound": k,
        "shapes": {out: list(t.shape) for out, t in tensors.items()},
        "why": f"torch.nn.{type(module).__name__} draws U(-k, k), k = 1/sqrt(fan_in {fan_in}); the kit draws from its own generator",
    }


def dropped_range(units: int, p: float) -> list[int]:
    """[lo, hi]: the dropped counts j with P(X ≤ j) ≥ TAIL and P(X ≥ j) ≥ TAIL, X ~ Binomial(units, p)."""
    pmf = [math.comb(units, j) * p**j * (1 - p) ** (units - j) for j in range(units + 1)]
    lo = next(j for j in range(units + 1) if sum(pmf[: j + 1]) >= TAIL)
    hi = next(j for j in range(units, -1, -1) if sum(pmf[j:]) >= TAIL)
    return [lo, hi]


def dropout(inputs: dict[str, torch.Tensor], pairs: list[tuple[str, str]], p: float, unit_axes: int) -> Spec:
    """Each output of `pairs` (input name, output name) is its input with whole units zeroed
    or scaled by 1/(1 − p); a unit is the trailing `unit_axes` axes (0: one element)."""
    described = []
    for x, y in pairs:
        shape = tuple(inputs[x].shape)
        units = math.prod(shape[: len(shape) - unit_axes])
        described.append({"input": x, "output": y, "units": units, "dropped": dropped_range(units, p)})
    what = "channel" if unit_axes else "element"
    return {
        "kind": "dropout",
        "p": p,
        "scale": 0.0 if p == 1 else 1 / (1 - p),
        "unitAxes": unit_axes,
        "pairs": described,
        "why": f"torch.nn.Dropout{'2d' if unit_axes else ''} keeps each {what} with probability 1 - p and scales it by 1/(1 - p); the kit's mask comes from its own generator",
    }


def check(spec: Spec, inputs: dict[str, np.ndarray], outputs: dict[str, np.ndarray], rtol: float) -> list[str]:
    """Every way `outputs` break the property, one line each (empty when they hold it).
    `rtol` is how far a kept value may be from input·scale, relatively."""
    if spec["kind"] == "uniform":
        return check_uniform(spec, outputs, rtol)
    if spec["kind"] == "dropout":
        return check_dropout(spec, inputs, outputs, rtol)
    return [f"unknown property kind {spec['kind']!r}"]


def check_uniform(spec: Spec, outputs: dict[str, np.ndarray], rtol: float) -> list[str]:
    k = spec["bound"]
    problems = []
    largest = 0.0
    for name, shape in spec["shapes"].items():
        if name not in outputs:
            problems.append(f"{name}: no such output")
            continue
        value = outputs[name]
        if list(value.shape) != shape:
            problems.append(f"{name}: shape {list(value.shape)}, torch's module has {shape}")
            continue
        top = float(np.abs(value).max(initial=0.0))
        largest = max(largest, top)
        if not top <= k * (1 + rtol):
            problems.append(f"{name}: |value| {top:.9g} exceeds k = {k:.9g}")
    if not problems and largest < k / 10:
        problems.append(f"every value is below k/10 = {k / 10:.3g}: not U(-k, k) draws")
    return problems


def check_dropout(spec: Spec, inputs: dict[str, np.ndarray], outputs: dict[str, np.ndarray], rtol: float) -> list[str]:
    problems = []
    for pair in spec["pairs"]:
        x, y = inputs[pair["input"]].astype(np.float64), outputs.get(pair["output"])
        name = pair["output"]
        if y is None:
            problems.append(f"{name}: no such output")
            continue
        if y.shape != x.shape:
            problems.append(f"{name}: shape {list(y.shape)}, input {pair['input']} has {list(x.shape)}")
            continue
        if not (x != 0).all():
            problems.append(f"{pair['input']} has an exact 0: the mask is ambiguous there")
            continue
        units = pair["units"]
        xs, ys = x.reshape(units, -1), y.astype(np.float64).reshape(units, -1)
        scaled = xs * spec["scale"]
        zero = (ys == 0).all(axis=1)
        kept = (np.abs(ys - scaled) <= rtol * np.abs(scaled)).all(axis=1)
        if not (zero | kept).all():
            bad = int(np.argmin(zero | kept))
            problems.append(f"{name}: unit {bad} is neither all 0 nor its input times {spec['scale']:.9g}")
            continue
        dropped = int(zero.sum())
        lo, hi = pair["dropped"]
        if not lo <= dropped <= hi:
            problems.append(f"{name}: {dropped} of {units} units dropped, outside [{lo}, {hi}] for p = {spec['p']}")
    return problems
