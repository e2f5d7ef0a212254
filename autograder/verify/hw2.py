"""hw2 (CNNs) recomputed with PyTorch, one function per suite case (autograder/suites/hw2/).

Each function gets a variant's inputs (float64 tensors) and its size, builds what the case's
`run` builds out of real torch operations (nn.Conv1d/2d, nn.ConvTranspose1d/2d, nn.MaxPool2d,
nn.AvgPool2d, nn.Flatten, nn.BatchNorm2d, nn.Linear, ...) with the fixture's parameters
copied in, and returns the outputs `run` returns, under the same names. Gradients come from
autograd: the output's `.backward(upstream)`, then `.grad`. Nothing here repeats the
reference's construction (no zero insertion plus flipped kernels, no im2col): torch is an
independent oracle.

- Resampling has no module of its own in torch; it is written with torch ops that mean the
  same thing: downsampling is average pooling with a 1-wide window and stride k, upsampling
  is a transposed convolution with an identity 1-wide kernel and stride k.
- The scanning MLPs are checked against the MLP itself: torch runs the Linear layers on
  every window (Tensor.unfold), and the expected Conv1d weights are the Jacobians of the
  Linear layers with respect to a window laid out as (channels, steps).
- What torch cannot reproduce because the kit's own Generator drew it is "bounds only", as in
  hw1.py (BOUNDS, see bounds.py): the `*.init` cases against torch's own bound (fan_in from
  nn.init._calculate_fan_in_and_fan_out), the Dropout2d outputs by whole channels kept
  (scaled by 1/(1 − p)) or zeroed, in a plausible number.
"""

from __future__ import annotations

import math
from typing import Any, Callable

import torch
import torch.nn.functional as F
from torch import nn

import bounds
from bounds import Spec
from torch_common import F64, Inputs, KitGenerator, leaf, Outputs, Size, Tensor


def set_params(module: nn.Module, **params: Tensor) -> nn.Module:
    """Copies the given tensors into the module's parameters of the same names; returns it."""
    with torch.no_grad():
        for name, value in params.items():
            getattr(module, name).copy_(value)
    return module


def forward_backward(module: Callable[[Tensor], Tensor], A: Tensor, upstream: Tensor) -> tuple[Tensor, Tensor]:
    """Y = module(A) and, after Y.backward(upstream), the leaf A whose .grad is dLdA."""
    A = leaf(A)
    Y = module(A)
    Y.backward(upstream)
    return Y, A


# §1 Resampling ----------------------------------------------------------------------------


def upsample(dim: int):
    """Zero insertion by k as torch computes it: conv_transpose with an identity kernel of
    width 1 and stride k puts A[i] at k·i and nothing in between."""

    def op(A: Tensor, k: int) -> Tensor:
        C = A.shape[1]
        eye = torch.eye(C, dtype=F64).reshape(C, C, *([1] * dim))
        return (F.conv_transpose1d if dim == 1 else F.conv_transpose2d)(A, eye, stride=k)

    return op


def downsample(dim: int):
    """Keep-every-k-th as torch computes it: average pooling over 1-wide windows at stride k."""

    def op(A: Tensor, k: int) -> Tensor:
        return (F.avg_pool1d if dim == 1 else F.avg_pool2d)(A, kernel_size=1, stride=k)

    return op


def resample_forward(op: Callable[[Tensor, int], Tensor]):
    def run(inputs: Inputs, size: Size) -> Outputs:
        return {"Z": op(inputs["A"], size["k"])}

    return run


def resample_backward(op: Callable[[Tensor, int], Tensor]):
    def run(inputs: Inputs, size: Size) -> Outputs:
        _, A = forward_backward(lambda x: op(x, size["k"]), inputs["A"], inputs["dLdZ"])
        return {"dLdA": A.grad}

    return run


# §2–§4 Convolutions -------------------------------------------------------------------------


def init_case(make: Callable[[int, int, int], nn.Module]):
    """The kit's drawn W and b, bounds only (bounds.py): torch's own shapes for the same
    layer, every value in [−k, k] with k = 1/√fan_in as torch computes fan_in for the
    module's weight (for a transposed convolution torch takes the weight's second axis,
    out_channels), and not all tiny."""

    def run(inputs: Inputs, size: Size) -> Spec:
        return bounds.uniform_init(make(size["Cin"], size["Cout"], size["K"]).to(F64), {"W": "weight", "b": "bias"})

    return run


def conv_module(dim: int, inputs: Inputs, size: Size, stride1: bool) -> nn.Module:
    """nn.Conv1d/Conv2d with the fixture's W (out, in, k…) and b; stride 1, no padding for the stride-1 cases."""
    W = inputs["W"]
    cls = nn.Conv1d if dim == 1 else nn.Conv2d
    s, p = (1, 0) if stride1 else (size["s"], size["p"])
    module = cls(W.shape[1], W.shape[0], W.shape[2], stride=s, padding=p, dtype=F64)
    return set_params(module, weight=W, bias=inputs["b"])


def convtranspose_module(dim: int, inputs: Inputs, size: Size) -> nn.Module:
    """nn.ConvTranspose1d/2d with the fixture's W (in, out, k…) and b."""
    W = inputs["W"]
    cls = nn.ConvTranspose1d if dim == 1 else nn.ConvTranspose2d
    module = cls(W.shape[0], W.shape[1], W.shape[2], stride=size["s"], padding=size["p"], dtype=F64)
    return set_params(module, weight=W, bias=inputs["b"])


def layer_case(build: Callable[[Inputs, Size], nn.Module], outputs: tuple[str, ...]):
    """Runs the module forward (and backward with dLdZ) and returns the named outputs:
    Z, dLdA, dLdW (weight.grad), dLdb (bias.grad)."""

    def run(inputs: Inputs, size: Size) -> Outputs:
        module = build(inputs, size)
        Z, A = forward_backward(module, inputs["A"], inputs["dLdZ"])
        every = {"Z": Z, "dLdA": A.grad, "dLdW": module.weight.grad, "dLdb": module.bias.grad}
        return {name: every[name] for name in outputs}

    return run


def conv_init(dim: int) -> Callable[[Inputs, Size], Spec]:
    cls = nn.Conv1d if dim == 1 else nn.Conv2d
    return init_case(lambda cin, cout, k: cls(cin, cout, k))


def conv_cases(dim: int) -> dict[str, Callable[..., Outputs]]:
    s1 = lambda inputs, size: conv_module(dim, inputs, size, stride1=True)  # noqa: E731
    strided = lambda inputs, size: conv_module(dim, inputs, size, stride1=False)  # noqa: E731
    name = f"conv{dim}d"
    return {
        f"{name}.stride1_forward": layer_case(s1, ("Z",)),
        f"{name}.stride1_backward_input": layer_case(s1, ("dLdA",)),
        f"{name}.stride1_backward_weight": layer_case(s1, ("dLdW",)),
        f"{name}.stride1_backward_bias": layer_case(s1, ("dLdb",)),
        f"{name}.forward": layer_case(strided, ("Z",)),
        f"{name}.backward_input": layer_case(strided, ("dLdA",)),
        f"{name}.backward_params": layer_case(strided, ("dLdW", "dLdb")),
    }


def convtranspose_cases(dim: int) -> dict[str, Callable[..., Outputs]]:
    build = lambda inputs, size: convtranspose_module(dim, inputs, size)  # noqa: E731
    return {
        f"convtranspose.{dim}d_forward": layer_case(build, ("Z",)),
        f"convtranspose.{dim}d_backward_input": layer_case(build, ("dLdA",)),
        f"convtranspose.{dim}d_backward_params": layer_case(build, ("dLdW", "dLdb")),
    }


# §5 Flatten, §6 pooling -----------------------------------------------------------------


def flatten(inputs: Inputs, size: Size) -> Outputs:
    Z, A = forward_backward(nn.Flatten(), inputs["A"], inputs["dLdZ"])
    return {"Z": Z, "dLdA": A.grad}


def pool_case(kind: str, output: str):
    """nn.MaxPool2d / nn.AvgPool2d with the variant's window and stride (1 when the size has none)."""

    def run(inputs: Inputs, size: Size) -> Outputs:
        assert kind != "max" or inputs["A"].flatten().unique().numel() == inputs["A"].numel(), "the input holds a tie"
        cls = nn.MaxPool2d if kind == "max" else nn.AvgPool2d
        Z, A = forward_backward(cls(size["K"], stride=size.get("s", 1)), inputs["A"], inputs["dLdZ"])
        return {output: Z if output == "Z" else A.grad}

    return run


# §7 CNN as a scanning MLP -----------------------------------------------------------------

# The MLP: 8 steps × 24 channels, time-major, → 8 → 16 → 4; the scan's step is 4.
CHANNELS, WINDOW, STEP = 24, 8, 4


def mlp(W: list[Tensor], b: list[Tensor]) -> nn.Sequential:
    """Linear → ReLU → Linear → ReLU → Linear with the given (out, in) weights."""
    linears = [set_params(nn.Linear(w.shape[1], w.shape[0], dtype=F64), weight=w, bias=bb) for w, bb in zip(W, b)]
    return nn.Sequential(linears[0], nn.ReLU(), linears[1], nn.ReLU(), linears[2])


def scan(model: nn.Module, A: Tensor) -> Tensor:
    """Y[n, :, t] = model(window t of A, flattened time-major): (N, 4, T)."""
    N = A.shape[0]
    windows = A.unfold(2, WINDOW, STEP)  # (N, C, T, WINDOW)
    T = windows.shape[2]
    flat = windows.permute(0, 2, 3, 1).reshape(N, T, WINDOW * CHANNELS)
    return model(flat).permute(0, 2, 1)


def mlp_weights(inputs: Inputs) -> tuple[list[Tensor], list[Tensor]]:
    return [inputs["W1"], inputs["W2"], inputs["W3"]], [inputs["b1"], inputs["b2"], inputs["b3"]]


def shared_mlp(inputs: Inputs) -> tuple[list[Tensor], list[Tensor]]:
    """The distributed MLP's full weights, built from the shared blocks: 4 copies of the
    2-neuron unit (each on its 2 steps), 2 copies of the 8-neuron unit (each on 2 layer-1
    copies), and the 4-neuron output layer on both layer-2 copies."""
    W, b = mlp_weights(inputs)
    W1 = torch.block_diag(*[W[0][:2, :48]] * 4)
    W2 = torch.block_diag(*[W[1][:8, :4]] * 2)
    b1, b2 = b[0][:2].repeat(4), b[1][:8].repeat(2)
    return [W1, W2, W[2]], [b1, b2, b[2]]


def conv_weight_of(W: Tensor, channels: int, steps: int) -> Tensor:
    """The Conv1d weight (out, channels, steps) equal to a Linear layer over `steps` time-major
    steps of `channels` channels: the Jacobian of the Linear's output with respect to the
    window laid out as (channels, steps)."""
    linear = lambda x: F.linear(x.t().reshape(-1), W)  # noqa: E731
    return torch.autograd.functional.jacobian(linear, torch.zeros(channels, steps, dtype=F64))


def simple_weights(inputs: Inputs, size: Size) -> Outputs:
    W, b = mlp_weights(inputs)
    shapes = [(24, 8), (8, 1), (16, 1)]
    out = {f"conv{i + 1}W": conv_weight_of(W[i], *shapes[i]) for i in range(3)}
    out.update({f"conv{i + 1}b": b[i] for i in range(3)})
    return out


def distributed_weights(inputs: Inputs, size: Size) -> Outputs:
    # Each conv is one copy of its layer's unit: the first `out` rows of the shared MLP's
    # layer, over the inputs of that copy (2 steps of the layer below's channels).
    W, b = shared_mlp(inputs)
    units = [(2, 24, 2), (8, 2, 2), (4, 8, 2)]
    out = {}
    for i, (n_out, channels, steps) in enumerate(units):
        out[f"conv{i + 1}W"] = conv_weight_of(W[i][:n_out, : channels * steps], channels, steps)
        out[f"conv{i + 1}b"] = b[i][:n_out]
    return out


def simple_forward(inputs: Inputs, size: Size) -> Outputs:
    return {"Y": scan(mlp(*mlp_weights(inputs)), inputs["A"])}


def distributed_forward(inputs: Inputs, size: Size) -> Outputs:
    return {"Y": scan(mlp(*shared_mlp(inputs)), inputs["A"])}


# §8 The CNN model -------------------------------------------------------------------------

# autograder/suites/hw2/cnn.suite.ts's ARCHS, repeated.
ARCHS: dict[str, dict[str, Any]] = {
    "small": dict(inChannels=1, channels=[3, 4], kernelSizes=[3, 3], strides=[1, 2], paddings=[0, 1], activations=["ReLU", "Tanh"]),
    "wide": dict(inChannels=2, channels=[4], kernelSizes=[3], strides=[2], paddings=[1], activations=["Sigmoid"]),
    "deep": dict(inChannels=2, channels=[4, 3, 2], kernelSizes=[3, 1, 2], strides=[2, 1, 1], paddings=[1, 0, 0], activations=["Tanh", "ReLU", "Sigmoid"]),
    "strided": dict(inChannels=3, channels=[2, 3], kernelSizes=[2, 3], strides=[3, 1], paddings=[0, 1], activations=["ReLU", "ReLU"]),
}

ACTIVATIONS = {"ReLU": nn.ReLU, "Tanh": nn.Tanh, "Sigmoid": nn.Sigmoid}


def cnn(inputs: Inputs, size: Size) -> tuple[nn.Sequential, list[nn.Conv2d], nn.Linear]:
    arch = ARCHS[size["arch"]]
    layers: list[nn.Module] = []
    convs: list[nn.Conv2d] = []
    cin = arch["inChannels"]
    for i, cout in enumerate(arch["channels"]):
        conv = nn.Conv2d(cin, cout, arch["kernelSizes"][i], stride=arch["strides"][i], padding=arch["paddings"][i], dtype=F64)
        convs.append(set_params(conv, weight=inputs[f"W{i}"], bias=inputs[f"b{i}"]))
        layers += [conv, ACTIVATIONS[arch["activations"][i]]()]
        cin = cout
    Wl = inputs["Wl"]
    linear = set_params(nn.Linear(Wl.shape[1], Wl.shape[0], dtype=F64), weight=Wl, bias=inputs["bl"])
    return nn.Sequential(*layers, nn.Flatten(), linear), convs, linear


def cnn_forward(inputs: Inputs, size: Size) -> Outputs:
    model, _, _ = cnn(inputs, size)
    return {"Y": model(inputs["A"])}


def cnn_backward(inputs: Inputs, size: Size) -> Outputs:
    model, convs, linear = cnn(inputs, size)
    _, A = forward_backward(model, inputs["A"], inputs["dLdY"])
    out = {"dLdA": A.grad, "dLdWl": linear.weight.grad, "dLdbl": linear.bias.grad}
    for i, conv in enumerate(convs):
        out[f"dLdW{i}"] = conv.weight.grad
        out[f"dLdb{i}"] = conv.bias.grad
    return out


# §9–§11 Bonus -------------------------------------------------------------------------------


def dropout2d_forward(inputs: Inputs, size: Size) -> Spec:
    """Bounds only: Dropout2d's channel masks come from the kit's generator; each channel of
    Y (and of Y2, a second forward with its own mask) is all 0 or X's times 1/(1 − p)."""
    return bounds.dropout(inputs, [("X", "Y"), ("X2", "Y2")], size["p"], unit_axes=2)


def dropout2d_backward(inputs: Inputs, size: Size) -> Spec:
    return bounds.dropout(inputs, [("dLdY", "dLdX")], size["p"], unit_axes=2)


def batchnorm2d(inputs: Inputs, size: Size) -> nn.BatchNorm2d:
    bn = nn.BatchNorm2d(inputs["W"].shape[0], momentum=size["momentum"], dtype=F64)
    return set_params(bn, weight=inputs["W"], bias=inputs["b"])


def batchnorm2d_train_forward(inputs: Inputs, size: Size) -> Outputs:
    bn = batchnorm2d(inputs, size)
    BZ = bn(inputs["Z"])
    return {"BZ": BZ, "runningMean": bn.running_mean, "runningVar": bn.running_var}


def batchnorm2d_eval_forward(inputs: Inputs, size: Size) -> Outputs:
    bn = batchnorm2d(inputs, size).eval()
    with torch.no_grad():
        bn.running_mean.copy_(inputs["runningMean"])
        bn.running_var.copy_(inputs["runningVar"])
    return {"BZ": bn(inputs["Z"])}


def batchnorm2d_backward(inputs: Inputs, size: Size) -> Outputs:
    bn = batchnorm2d(inputs, size)
    _, Z = forward_backward(bn, inputs["Z"], inputs["dLdBZ"])
    return {"dLdZ": Z.grad, "dLdW": bn.weight.grad, "dLdb": bn.bias.grad}


class BasicBlock(nn.Module):
    """torchvision's BasicBlock: conv3×3(s)–BN–ReLU–conv3×3–BN, plus the identity or a
    conv1×1(s)–BN projection, then ReLU. Convs without bias, BatchNorms in training mode."""

    def __init__(self, inputs: Inputs, size: Size):
        super().__init__()
        cin, cout, s = size["Cin"], size["Cout"], size["s"]
        self.units = nn.ModuleDict()
        specs = {"branch1": (cin, 3, s, 1), "branch2": (cout, 3, 1, 1), "projection": (cin, 1, s, 0)}
        for name, (c, k, stride, pad) in specs.items():
            if f"{name}W" not in inputs:
                continue
            conv = set_params(nn.Conv2d(c, cout, k, stride=stride, padding=pad, bias=False, dtype=F64), weight=inputs[f"{name}W"])
            bn = set_params(nn.BatchNorm2d(cout, dtype=F64), weight=inputs[f"{name}Gamma"], bias=inputs[f"{name}Beta"])
            self.units[name] = nn.Sequential(conv, bn)

    def forward(self, x: Tensor) -> Tensor:
        main = self.units["branch2"](F.relu(self.units["branch1"](x)))
        shortcut = self.units["projection"](x) if "projection" in self.units else x
        return F.relu(main + shortcut)


def resblock_forward(inputs: Inputs, size: Size) -> Outputs:
    return {"Y": BasicBlock(inputs, size)(inputs["A"])}


def resblock_backward(inputs: Inputs, size: Size) -> Outputs:
    block = BasicBlock(inputs, size)
    _, A = forward_backward(block, inputs["A"], inputs["dLdY"])
    out = {"dLdA": A.grad}
    for name, unit in block.units.items():
        conv, bn = unit[0], unit[1]
        out[f"{name}dLdW"] = conv.weight.grad
        out[f"{name}dLdGamma"] = bn.weight.grad
        out[f"{name}dLdBeta"] = bn.bias.grad
    return out


CASES: dict[str, Callable[..., Outputs]] = {
    "resampling.downsample1d_forward": resample_forward(downsample(1)),
    "resampling.downsample1d_backward": resample_backward(downsample(1)),
    "resampling.upsample2d_forward": resample_forward(upsample(2)),
    "resampling.upsample2d_backward": resample_backward(upsample(2)),
    "resampling.downsample2d_forward": resample_forward(downsample(2)),
    "resampling.downsample2d_backward": resample_backward(downsample(2)),
    **conv_cases(1),
    **conv_cases(2),
    **convtranspose_cases(1),
    **convtranspose_cases(2),
    "flatten.forward_backward": flatten,
    "pool.max_stride1_forward": pool_case("max", "Z"),
    "pool.max_stride1_backward": pool_case("max", "dLdA"),
    "pool.max_forward": pool_case("max", "Z"),
    "pool.max_backward": pool_case("max", "dLdA"),
    "pool.mean_stride1_forward": pool_case("mean", "Z"),
    "pool.mean_stride1_backward": pool_case("mean", "dLdA"),
    "pool.mean_forward": pool_case("mean", "Z"),
    "pool.mean_backward": pool_case("mean", "dLdA"),
    "scanning.simple_weights": simple_weights,
    "scanning.simple_forward": simple_forward,
    "scanning.distributed_weights": distributed_weights,
    "scanning.distributed_forward": distributed_forward,
    "cnn.forward": cnn_forward,
    "cnn.backward": cnn_backward,
    "batchnorm2d.train_forward": batchnorm2d_train_forward,
    "batchnorm2d.eval_forward": batchnorm2d_eval_forward,
    "batchnorm2d.backward": batchnorm2d_backward,
    "resblock.forward": resblock_forward,
    "resblock.backward": resblock_backward,
}

# Cases torch cannot recompute: a stated property each (bounds.py), not an expected value.
BOUNDS: dict[str, Callable[[Inputs, Size], Spec]] = {
    "conv1d.init": conv_init(1),
    "conv2d.init": conv_init(2),
    "convtranspose.1d_init": init_case(lambda cin, cout, k: nn.ConvTranspose1d(cin, cout, k)),
    "dropout2d.forward": dropout2d_forward,
    "dropout2d.backward": dropout2d_backward,
}


# §12 Data augmentation, §13 Dataset and DataLoader ------------------------------------------
#
# Every flip, shift and order here comes from the kit's generator, replayed with its port
# (KitGenerator) and the draw rules the handout pins, restated from ndarray/generator.ts:
# a flip is one uniform u (flip when u < p), a crop two integers floor(−P + u·(2P + 1)) (dy,
# then dx), a shuffle Fisher–Yates from the identity (for i = N−1 down to 1, j = floor(u·(i+1))).
# The images are then flipped with torch.flip and shifted with F.pad and a slice.


def draw_integer(rng: KitGenerator, low: int, high: int) -> int:
    """rng.randint(low, high, ·) for one element: floor(low + u·(high − low)), at most high − 1."""
    return min(high - 1, math.floor(low + rng.uniform_double() * (high - low)))


def draw_permutation(rng: KitGenerator, n: int) -> list[int]:
    """rng.permutation(n): Fisher–Yates from the identity, N − 1 uniforms."""
    order = list(range(n))
    for i in range(n - 1, 0, -1):
        j = math.floor(rng.uniform_double() * (i + 1))
        order[i], order[j] = order[j], order[i]
    return order


def flip_image(image: Tensor, p: float, rng: KitGenerator) -> Tensor:
    """torchvision's RandomHorizontalFlip on (C, H, W) with the kit's draw: the last axis reversed when u < p."""
    return torch.flip(image, dims=[-1]) if rng.uniform_double() < p else image


def crop_image(image: Tensor, padding: int, rng: KitGenerator) -> Tensor:
    """needle's RandomCrop: zero-pad by `padding`, cut the H×W window at (padding + dy, padding + dx)."""
    dy = draw_integer(rng, -padding, padding + 1)
    dx = draw_integer(rng, -padding, padding + 1)
    H, W = image.shape[-2:]
    padded = F.pad(image, (padding, padding, padding, padding))
    return padded[:, padding + dy : padding + dy + H, padding + dx : padding + dx + W]


def transforms_flip(inputs: Inputs, size: Size) -> Outputs:
    rng = KitGenerator(size["seed"])
    return {"Y": torch.stack([flip_image(x, size["p"], rng) for x in inputs["X"]])}


def transforms_crop(inputs: Inputs, size: Size) -> Outputs:
    rng = KitGenerator(size["seed"])
    return {"Y": torch.stack([crop_image(x, size["padding"], rng) for x in inputs["X"]])}


def augmented(inputs: Inputs, size: Size, rng: KitGenerator, i: int) -> Tensor:
    """Sample i through [flip, crop], both drawing from `rng`."""
    return crop_image(flip_image(inputs["images"][i], size["p"], rng), size["padding"], rng)


def data_dataset(inputs: Inputs, size: Size) -> Outputs:
    rng = KitGenerator(size["seed"])
    order = inputs["order"].tolist()
    return {
        "length": inputs["images"].shape[0],
        "X": torch.stack([augmented(inputs, size, rng, i) for i in order]),
        "y": inputs["labels"][order],
    }


def loader_epoch(inputs: Inputs, size: Size, rng: KitGenerator | None, augment: bool, suffix: str) -> Outputs:
    """One epoch of the DataLoader: the order (a fresh permutation when shuffling), the batches
    of B (the short last one dropped with dropLast), each sample read as its batch is made."""
    N, B = inputs["images"].shape[0], size["B"]
    order = draw_permutation(rng, N) if rng is not None else list(range(N))
    batches = N // B if size["dropLast"] or N % B == 0 else N // B + 1
    read = order[: min(N, batches * B)]
    images = [augmented(inputs, size, rng, i) if augment and rng is not None else inputs["images"][i] for i in read]
    sizes = [min(B, len(read) - b * B) for b in range(batches)]
    return {f"X{suffix}": torch.stack(images), f"y{suffix}": inputs["labels"][read], f"sizes{suffix}": torch.tensor(sizes, dtype=torch.int32)}


def data_batches(inputs: Inputs, size: Size) -> Outputs:
    out = loader_epoch(inputs, size, None, False, "")
    return {"length": len(out["sizes"]), **out}


def data_epochs(augment: bool):
    """Two epochs of a shuffled loader whose generator the transforms share (when `augment`)."""

    def run(inputs: Inputs, size: Size) -> Outputs:
        rng = KitGenerator(size["seed"])
        return {**loader_epoch(inputs, size, rng, augment, "1"), **loader_epoch(inputs, size, rng, augment, "2")}

    return run


CASES.update(
    {
        "transforms.flip": transforms_flip,
        "transforms.crop": transforms_crop,
        "data.dataset": data_dataset,
        "data.batches": data_batches,
        "data.shuffle": data_epochs(augment=False),
        "data.pipeline": data_epochs(augment=True),
    }
)
