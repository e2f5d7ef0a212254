"""What every homework's torch recomputation shares: the types of a case function, float64,
autograd leaves, and a port of the kit's random generator. verify_torch.py's folder is on
sys.path, so the hwN.py modules it loads import this one by name."""

from __future__ import annotations

import math
from typing import Any, Callable

import torch

Tensor = torch.Tensor
Inputs = dict[str, Tensor]
Size = dict[str, Any]
Outputs = dict[str, Any]

F64 = torch.float64


def leaf(x: Tensor) -> Tensor:
    """A float64 copy of x that autograd tracks, so that its gradient can be read from `.grad`."""
    return x.to(F64).clone().requires_grad_(True)


class KitGenerator:
    """The kit's Generator stream (ndarray/generator.ts): seedrandom's Alea seeded with
    String(seed), each uniform one `prng.double()`. A line-by-line port of seedrandom's
    lib/alea.js; JavaScript numbers are IEEE doubles, as Python floats, so the stream is
    bit-identical. Used where a case's outputs depend on the kit's random draws (dropout
    masks, seeded weights, sampling)."""

    def __init__(self, seed: int | str):
        mash = self._mash()
        self.c = 1.0
        self.s0, self.s1, self.s2 = mash(" "), mash(" "), mash(" ")
        key = str(seed)
        self.s0 = self._wrap(self.s0 - mash(key))
        self.s1 = self._wrap(self.s1 - mash(key))
        self.s2 = self._wrap(self.s2 - mash(key))

    @staticmethod
    def _wrap(s: float) -> float:
        return s + 1 if s < 0 else s

    @staticmethod
    def _mash() -> Callable[[str], float]:
        n = float(0xEFC8249D)

        def mash(data: str) -> float:
            nonlocal n
            units = data.encode("utf-16-le")  # charCodeAt gives UTF-16 code units
            for i in range(0, len(units), 2):
                n += units[i] | units[i + 1] << 8
                h = 0.02519603282416938 * n
                n = float(int(h) % 2**32)  # h >>> 0
                h -= n
                h *= n
                n = float(int(h) % 2**32)
                h -= n
                n += h * 4294967296.0
            return (int(n) % 2**32) * 2.3283064365386963e-10

        return mash

    def _next(self) -> float:
        t = 2091639 * self.s0 + self.c * 2.3283064365386963e-10
        self.s0, self.s1 = self.s1, self.s2
        self.c = float(int(t))  # t | 0, with 0 ≤ t < 2³¹
        self.s2 = t - self.c
        return self.s2

    def uniform_double(self) -> float:
        hi = self._next()
        return hi + int(self._next() * 0x200000) * 1.1102230246251565e-16

    def bernoulli(self, p: float, shape: tuple[int, ...]) -> Tensor:
        """rng.bernoulli(p, shape): one uniform per element in row-major order, 1 where u < p."""
        n = math.prod(shape)
        return torch.tensor([1.0 if self.uniform_double() < p else 0.0 for _ in range(n)], dtype=F64).reshape(shape)
