"""hw0 (warm-up) recomputed with PyTorch, one function per suite case (autograder/suites/hw0/).

Each function gets a variant's inputs (float64 tensors, int64 labels) and its size and
returns the outputs the case's `run` returns, under the same names. The losses and their
gradients come from torch.nn.functional.cross_entropy and autograd, so nothing here
repeats the reference's formulas; the two SGD epochs replay torch.optim.SGD minibatch by
minibatch. The IDX files are parsed by Python's own gzip and struct modules: torch has no
IDX reader, and these are independent of the kit's.
"""

from __future__ import annotations

import gzip
import math
import struct
import zlib
from typing import Callable

import torch
import torch.nn.functional as F

from torch_common import F64, Inputs, leaf, Outputs, Size, Tensor


# §1 NDArray practice ----------------------------------------------------------------------


def onehot(inputs: Inputs, size: Size) -> Outputs:
    return {"Y": F.one_hot(inputs["y"], size["k"]).to(F64)}


def standardize(inputs: Inputs, size: Size) -> Outputs:
    return {"out": F.batch_norm(inputs["X"], None, None, training=True, eps=1e-5)}


def distances(inputs: Inputs, size: Size) -> Outputs:
    return {"out": torch.cdist(inputs["A"], inputs["B"]) ** 2}


def error_rate(inputs: Inputs, size: Size) -> Outputs:
    wrong = inputs["Z"].argmax(dim=1) != inputs["y"]
    return {"error": wrong.to(F64).mean().item()}


# §2 IDX parsing, §3 normalisation ---------------------------------------------------------


class BadIdx(Exception):
    """The file is not a well-formed IDX file of unsigned bytes with the expected ndim."""


def parse_idx(raw: bytes, ndim: int) -> Tensor:
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (EOFError, OSError, zlib.error) as err:
            raise BadIdx(f"gzip: {err}") from err
    if len(raw) < 4 or raw[:4] != bytes([0, 0, 0x08, ndim]):
        raise BadIdx("magic number")
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise BadIdx("short header")
    dims = struct.unpack(f">{ndim}I", raw[4:header])
    if len(raw) - header != math.prod(dims):
        raise BadIdx("data size")
    return torch.tensor(list(raw[header:]), dtype=torch.int64).reshape(dims)


def file_bytes(inputs: Inputs) -> bytes:
    return bytes(inputs["file"].to(torch.uint8).tolist())


def ndim_of(size: Size) -> int:
    return len(size["dims"].split("x"))


def idx_parse(inputs: Inputs, size: Size) -> Outputs:
    return {"out": parse_idx(file_bytes(inputs), ndim_of(size))}


def idx_rejects(inputs: Inputs, size: Size) -> Outputs:
    try:
        parse_idx(file_bytes(inputs), ndim_of(size))
    except BadIdx:
        return {"rejected": 1.0}
    return {"rejected": 0.0}


def normalize(inputs: Inputs, size: Size) -> Outputs:
    # torchvision's ToTensor (÷255) then Normalize((mean,), (std,)), then flatten.
    images = inputs["images"].to(F64) / 255
    return {"X": ((images - size["mean"]) / size["std"]).flatten(1)}


# §4 softmax loss ---------------------------------------------------------------------------


def softmax_loss(inputs: Inputs, size: Size) -> Outputs:
    return {"loss": F.cross_entropy(inputs["Z"], inputs["y"]).item()}


def softmax_gradient(inputs: Inputs, size: Size) -> Outputs:
    Z = leaf(inputs["Z"])
    F.cross_entropy(Z, inputs["y"]).backward()
    return {"dLdZ": Z.grad}


# §5 softmax regression, §6 two-layer network ------------------------------------------------


def regression_loss(X: Tensor, y: Tensor, theta: Tensor) -> Tensor:
    return F.cross_entropy(X @ theta, y)


def two_layer_loss(X: Tensor, y: Tensor, W1: Tensor, W2: Tensor) -> Tensor:
    return F.cross_entropy(F.relu(X @ W1) @ W2, y)


def regression_gradient(inputs: Inputs, size: Size) -> Outputs:
    theta = leaf(inputs["theta"])
    regression_loss(inputs["X"], inputs["y"], theta).backward()
    return {"dLdtheta": theta.grad}


def sgd_epoch(loss: Callable[..., Tensor], params: list[Tensor], inputs: Inputs, size: Size) -> None:
    """torch.optim.SGD over the minibatches of (X, y) in order, the last one possibly smaller."""
    X, y = inputs["X"], inputs["y"]
    opt = torch.optim.SGD(params, lr=size["lr"])
    for start in range(0, X.shape[0], size["batch"]):
        rows = slice(start, start + size["batch"])
        opt.zero_grad()
        loss(X[rows], y[rows], *params).backward()
        opt.step()


def regression_epoch(inputs: Inputs, size: Size) -> Outputs:
    theta = leaf(inputs["theta"])
    sgd_epoch(regression_loss, [theta], inputs, size)
    return {"theta": theta.detach()}


def two_layer_forward(inputs: Inputs, size: Size) -> Outputs:
    return {"Z": F.relu(inputs["X"] @ inputs["W1"]) @ inputs["W2"]}


def two_layer_gradients(inputs: Inputs, size: Size) -> Outputs:
    W1, W2 = leaf(inputs["W1"]), leaf(inputs["W2"])
    two_layer_loss(inputs["X"], inputs["y"], W1, W2).backward()
    return {"dLdW1": W1.grad, "dLdW2": W2.grad}


def two_layer_epoch(inputs: Inputs, size: Size) -> Outputs:
    W1, W2 = leaf(inputs["W1"]), leaf(inputs["W2"])
    sgd_epoch(two_layer_loss, [W1, W2], inputs, size)
    return {"W1": W1.detach(), "W2": W2.detach()}


# §7 numerical gradient check: the exact gradient by autograd ---------------------------------


def objective(x: Tensor, inputs: Inputs, size: Size) -> Tensor:
    if size["fn"] == "softmax":
        return F.cross_entropy(x, inputs["y"])
    return (inputs["c"] * x * x).sum() + torch.sin(x).sum()


def gradcheck_values(inputs: Inputs, size: Size) -> Outputs:
    x = leaf(inputs["x"])
    objective(x, inputs, size).backward()
    return {"grad": x.grad}


def gradcheck_unchanged(inputs: Inputs, size: Size) -> Outputs:
    return {"x": inputs["x"]}


CASES: dict[str, Callable[..., Outputs]] = {
    "practice.onehot": onehot,
    "practice.standardize": standardize,
    "practice.distances": distances,
    "practice.error_rate": error_rate,
    "idx.parse": idx_parse,
    "idx.gzip": idx_parse,
    "idx.bad_magic": idx_rejects,
    "idx.bad_size": idx_rejects,
    "normalize.images": normalize,
    "softmax.loss": softmax_loss,
    "softmax.loss_stable": softmax_loss,
    "softmax.gradient": softmax_gradient,
    "softmaxreg.gradient": regression_gradient,
    "softmaxreg.epoch": regression_epoch,
    "twolayer.forward": two_layer_forward,
    "twolayer.gradients": two_layer_gradients,
    "twolayer.epoch": two_layer_epoch,
    "gradcheck.values": gradcheck_values,
    "gradcheck.float32_input": gradcheck_values,
    "gradcheck.input_unchanged": gradcheck_unchanged,
}
