"""hw1 (MLPs) recomputed with PyTorch, one function per suite case (autograder/suites/hw1/).

Each function gets a variant's inputs (float64 tensors, int64 class indices) and its size,
builds the real PyTorch object the case's `run` exercises in the kit (nn.Linear with the
fixture's W and b copied in, nn.BatchNorm1d, torch.optim.Adam, nn.CrossEntropyLoss, ...),
and returns the outputs `run` returns, under the same names. Gradients come from autograd:
where `run` feeds an upstream gradient (dLdA, dLdZ, ...) to backward(), the torch output is
`.backward(upstream)` and the gradient is read from `.grad`. So PyTorch is an independent
oracle: nothing here repeats the reference's formulas.

Two things torch cannot reproduce, because they come from the kit's own seeded Generator
rather than from torch's RNG, are "bounds only" (BOUNDS, see bounds.py): `linear.init` (the
drawn W and b) and the dropout masks of `dropout.forward` and `dropout.backward`. The bonus
`models.train_steps` needs the exact masks its Dropout layer drew, so it regenerates them
with a port of the kit's generator (seedrandom's Alea).
"""

from __future__ import annotations

import math
import warnings
from typing import Any, Callable

import torch
import torch.nn.functional as F
from torch import nn

import bounds
from bounds import Spec
from torch_common import F64, Inputs, KitGenerator, leaf, Outputs, Size, Tensor


def linear_layer(W: Tensor, b: Tensor) -> nn.Linear:
    """torch.nn.Linear(Cin, Cout) with the kit's W (Cout, Cin) and b (Cout) copied in."""
    cout, cin = W.shape
    layer = nn.Linear(cin, cout, dtype=F64)
    with torch.no_grad():
        layer.weight.copy_(W)
        layer.bias.copy_(b)
    return layer


# §1 Activations ---------------------------------------------------------------------------

# The kit's activation classes and their torch counterparts. GELU is the exact erf form,
# as the kit's (torch's default, approximate="none"); Softmax normalises the last axis.
ACTIVATIONS: dict[str, Callable[[Tensor], Tensor]] = {
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": F.relu,
    "gelu": lambda Z: F.gelu(Z, approximate="none"),
    "softmax": lambda Z: F.softmax(Z, dim=-1),
}


def activation_forward(act: Callable[[Tensor], Tensor]):
    def run(inputs: Inputs, size: Size) -> Outputs:
        return {"A": act(inputs["Z"])}

    return run


def activation_backward(act: Callable[[Tensor], Tensor]):
    def run(inputs: Inputs, size: Size) -> Outputs:
        Z = leaf(inputs["Z"])
        act(Z).backward(inputs["dLdA"])
        return {"dLdZ": Z.grad}

    return run


# §2 Linear --------------------------------------------------------------------------------


def linear_init(inputs: Inputs, size: Size) -> Spec:
    """W and b as drawn by the kit's Generator, which is not torch's RNG: the values cannot
    be recomputed, so the case is bounds only: the shapes and the bound k = 1/√Cin of
    torch.nn.Linear(Cin, Cout)'s own initialisation (kaiming_uniform_ with a = √5, and the
    bias rule)."""
    return bounds.uniform_init(nn.Linear(size["Cin"], size["Cout"], dtype=F64), {"W": "weight", "b": "bias"})


def linear_forward(inputs: Inputs, size: Size) -> Outputs:
    return {"Z": linear_layer(inputs["W"], inputs["b"])(inputs["A"])}


def linear_backward(inputs: Inputs) -> tuple[Tensor, nn.Linear]:
    """Z = layer(A), then Z.backward(dLdZ): A.grad is dLdA, weight.grad dLdW, bias.grad dLdb."""
    layer = linear_layer(inputs["W"], inputs["b"])
    A = leaf(inputs["A"])
    layer(A).backward(inputs["dLdZ"])
    return A, layer


def linear_backward_input(inputs: Inputs, size: Size) -> Outputs:
    A, _ = linear_backward(inputs)
    return {"dLdA": A.grad}


def linear_backward_weight(inputs: Inputs, size: Size) -> Outputs:
    _, layer = linear_backward(inputs)
    return {"dLdW": layer.weight.grad}


def linear_backward_bias(inputs: Inputs, size: Size) -> Outputs:
    _, layer = linear_backward(inputs)
    return {"dLdb": layer.bias.grad}


# §3 Losses (reduction "mean", torch's default) --------------------------------------------


def loss_and_grad(loss: nn.Module, inputs: Inputs) -> tuple[Tensor, Tensor]:
    """L = loss(A, Y) and dL/dA by L.backward() (the kit's backward() takes no argument)."""
    A = leaf(inputs["A"])
    L = loss(A, inputs["Y"])
    L.backward()
    return L.detach(), A.grad


def mse_forward(inputs: Inputs, size: Size) -> Outputs:
    return {"L": nn.MSELoss()(inputs["A"], inputs["Y"])}


def mse_backward(inputs: Inputs, size: Size) -> Outputs:
    return {"dLdA": loss_and_grad(nn.MSELoss(), inputs)[1]}


# Y holds int64 class indices here (int32 in the fixture), a float (N, C) distribution
# in crossentropy.probabilities: nn.CrossEntropyLoss takes both.
def crossentropy_forward(inputs: Inputs, size: Size) -> Outputs:
    return {"L": nn.CrossEntropyLoss()(inputs["A"], inputs["Y"])}


def crossentropy_backward(inputs: Inputs, size: Size) -> Outputs:
    return {"dLdA": loss_and_grad(nn.CrossEntropyLoss(), inputs)[1]}


def crossentropy_probabilities(inputs: Inputs, size: Size) -> Outputs:
    L, dLdA = loss_and_grad(nn.CrossEntropyLoss(), inputs)
    return {"L": L, "dLdA": dLdA}


# §4 Optimisers ----------------------------------------------------------------------------


def trajectory(inputs: Inputs, size: Size, make_optimiser: Callable[[list[nn.Parameter]], torch.optim.Optimizer]) -> Outputs:
    """As the suite's trajectory(): before step t the gradients are set to gW[t] and gb[t]
    (as a backward pass would leave them); W_steps[t] and b_steps[t] are W and b after it.
    With `lateBias` the bias has no gradient at the first step: torch skips a parameter whose
    .grad is None, and its Adam step count starts at its own first step."""
    W = nn.Parameter(inputs["W"].clone())
    b = nn.Parameter(inputs["b"].clone())
    opt = make_optimiser([W, b])
    Ws, bs = [], []
    for t in range(inputs["gW"].shape[0]):
        W.grad = inputs["gW"][t].clone()
        b.grad = None if t == 0 and size.get("lateBias") is True else inputs["gb"][t].clone()
        opt.step()
        Ws.append(W.detach().clone())
        bs.append(b.detach().clone())
    return {"W_steps": torch.stack(Ws), "b_steps": torch.stack(bs)}


def sgd(inputs: Inputs, size: Size) -> Outputs:
    """torch.optim.SGD with the variant's momentum, Nesterov flag and weight decay (absent = off)."""
    return trajectory(
        inputs,
        size,
        lambda params: torch.optim.SGD(
            params,
            lr=size["lr"],
            momentum=size.get("momentum", 0),
            nesterov=size.get("nesterov", False),
            weight_decay=size.get("weightDecay", 0),
        ),
    )


def adam_options(size: Size) -> dict[str, Any]:
    return {
        "lr": size["lr"],
        "betas": (size["beta1"], size["beta2"]),
        "eps": size["eps"],
        "weight_decay": size["weightDecay"],
    }


def adam(inputs: Inputs, size: Size) -> Outputs:
    # torch.optim.Adam's weight_decay is the coupled L2 form (λ·θ added to g), as the kit's Adam.
    return trajectory(inputs, size, lambda params: torch.optim.Adam(params, **adam_options(size)))


def adamw(inputs: Inputs, size: Size) -> Outputs:
    return trajectory(inputs, size, lambda params: torch.optim.AdamW(params, **adam_options(size)))


# §5 BatchNorm1d ---------------------------------------------------------------------------


def batchnorm(inputs: Inputs, size: Size) -> nn.BatchNorm1d:
    """nn.BatchNorm1d(C) in training mode with the variant's momentum (eps 1e-5, both
    defaults as the kit's) and W, b copied in as weight and bias."""
    bn = nn.BatchNorm1d(inputs["W"].shape[0], momentum=size["momentum"], dtype=F64)
    with torch.no_grad():
        bn.weight.copy_(inputs["W"])
        bn.bias.copy_(inputs["b"])
    return bn


def batchnorm_train_forward(inputs: Inputs, size: Size) -> Outputs:
    return {"BZ": batchnorm(inputs, size)(inputs["Z"])}


def batchnorm_running_stats(inputs: Inputs, size: Size) -> Outputs:
    # torch keeps the unbiased batch variance in running_var, as the kit does.
    bn = batchnorm(inputs, size)
    for Z in inputs["Zs"]:
        bn(Z)
    return {"runningMean": bn.running_mean, "runningVar": bn.running_var}


def batchnorm_eval_forward(inputs: Inputs, size: Size) -> Outputs:
    """One training forward, then the running statistics set from inputs and eval mode."""
    bn = batchnorm(inputs, size)
    bn(inputs["Z"])
    with torch.no_grad():
        bn.running_mean.copy_(inputs["runningMean"])
        bn.running_var.copy_(inputs["runningVar"])
    bn.eval()
    return {"BZ": bn(inputs["Zeval"])}


def batchnorm_backward(inputs: Inputs, size: Size) -> tuple[Tensor, nn.BatchNorm1d]:
    """A training forward and BZ.backward(dLdBZ): the gradient flows through the batch statistics."""
    bn = batchnorm(inputs, size)
    Z = leaf(inputs["Z"])
    bn(Z).backward(inputs["dLdBZ"])
    return Z, bn


def batchnorm_dLdZ(inputs: Inputs, size: Size) -> Outputs:
    Z, _ = batchnorm_backward(inputs, size)
    return {"dLdZ": Z.grad}


def batchnorm_param_grads(inputs: Inputs, size: Size) -> Outputs:
    _, bn = batchnorm_backward(inputs, size)
    return {"dLdW": bn.weight.grad, "dLdb": bn.bias.grad}


# §6 Dropout -------------------------------------------------------------------------------
#
# The kit draws its mask from its own seeded Generator; torch's nn.Dropout draws from
# torch's RNG, so the masks cannot agree. The training-mode cases are bounds only: every
# element of the output is 0 or its input times 1/(1 − p) (the inputs are N(0, 1) draws,
# never exactly 0), and the count dropped is plausible for p. dropout.forward runs two
# forwards on one layer, each with its own mask; dropout.backward's only output, dLdX, is
# dLdY through the forward's mask.


def dropout_with_mask(x: Tensor, mask: Tensor, p: float) -> Tensor:
    """Inverted dropout as torch.nn.Dropout computes it, with the given mask: x·mask/(1 − p),
    and zeros for p = 1 (torch's F.dropout returns x·0 there, not x/0)."""
    scale = 0.0 if p == 1 else 1 / (1 - p)
    return x * mask * scale


def dropout_forward(inputs: Inputs, size: Size) -> Spec:
    return bounds.dropout(inputs, [("X", "Y"), ("X2", "Y2")], size["p"], unit_axes=0)


def dropout_backward(inputs: Inputs, size: Size) -> Spec:
    return bounds.dropout(inputs, [("dLdY", "dLdX")], size["p"], unit_axes=0)


def dropout_eval(inputs: Inputs, size: Size) -> Outputs:
    """torch.nn.Dropout itself: in eval mode it draws nothing, so it is the oracle here."""
    layer = nn.Dropout(size["p"]).eval()
    X = leaf(inputs["X"])
    Y = layer(X)
    Y.backward(inputs["dLdY"])
    return {"Y": Y, "dLdX": X.grad}


# §7 Models --------------------------------------------------------------------------------

# The layer widths of each model (reference/hw1/models.ts): Linear, ReLU after every one.
WIDTHS = {"mlp0": [2, 3], "mlp1": [2, 3, 2], "mlp4": [2, 4, 8, 8, 4, 2]}


def mlp(widths: list[int], inputs: Inputs) -> tuple[nn.Sequential, list[nn.Linear]]:
    """nn.Sequential(Linear, ReLU, Linear, ReLU, ...) with W0, b0, W1, ... copied in."""
    linears = [linear_layer(inputs[f"W{l}"], inputs[f"b{l}"]) for l in range(len(widths) - 1)]
    assert [lin.in_features for lin in linears] == widths[:-1] and linears[-1].out_features == widths[-1]
    return nn.Sequential(*(m for lin in linears for m in (lin, nn.ReLU()))), linears


def mlp_forward(widths: list[int]):
    def run(inputs: Inputs, size: Size) -> Outputs:
        model, _ = mlp(widths, inputs)
        return {"Y": model(inputs["A"])}

    return run


def mlp_backward(widths: list[int]):
    def run(inputs: Inputs, size: Size) -> Outputs:
        model, linears = mlp(widths, inputs)
        A = leaf(inputs["A"])
        model(A).backward(inputs["dLdY"])
        out: Outputs = {"dLdA": A.grad}
        for l, lin in enumerate(linears):
            out[f"dLdW{l}"] = lin.weight.grad
            out[f"dLdb{l}"] = lin.bias.grad
        return out

    return run


class MaskedDropout(nn.Module):
    """Inverted dropout as nn.Dropout, but with the kit's masks, one per training forward
    (nn.Dropout would draw its own from torch's RNG). Identity in eval mode."""

    def __init__(self, p: float, rng: KitGenerator):
        super().__init__()
        self.p = p
        self.rng = rng

    def forward(self, x: Tensor) -> Tensor:
        if not self.training:
            return x
        # The kit draws bernoulli(1 − p) of x's shape for every training forward, also p = 0.
        return dropout_with_mask(x, self.rng.bernoulli(1 - self.p, tuple(x.shape)), self.p)


def models_train_steps(inputs: Inputs, size: Size) -> Outputs:
    """BatchNorm1d → Linear → ReLU → Dropout → Linear → ReLU → Linear, trained by
    torch.optim.Adam (lr from the size, other options default as the kit's) on
    nn.CrossEntropyLoss for `steps` steps, then evaluated on the same A."""
    cin = size["Cin"]
    bn = nn.BatchNorm1d(cin, dtype=F64)
    with torch.no_grad():
        bn.weight.copy_(inputs["bnW"])
        bn.bias.copy_(inputs["bnb"])
    linears = [linear_layer(inputs[f"W{l}"], inputs[f"b{l}"]) for l in range(3)]
    dropout = MaskedDropout(size["p"], KitGenerator(size["seed"]))
    model = nn.Sequential(bn, linears[0], nn.ReLU(), dropout, linears[1], nn.ReLU(), linears[2])
    loss = nn.CrossEntropyLoss()
    opt = torch.optim.Adam(model.parameters(), lr=size["lr"])
    losses = []
    for _ in range(size["steps"]):
        # The kit's backward() overwrites each gradient: zero torch's accumulated ones.
        opt.zero_grad()
        L = loss(model(inputs["A"]), inputs["Y"])
        L.backward()
        opt.step()
        losses.append(L.detach())
    model.eval()
    with torch.no_grad():
        out: Outputs = {"L": torch.stack(losses), "bnW": bn.weight, "bnb": bn.bias, "Y_eval": model(inputs["A"])}
    for l, lin in enumerate(linears):
        out[f"W{l}"] = lin.weight
        out[f"b{l}"] = lin.bias
    return out


# The case table -----------------------------------------------------------------------------


def _activation_cases() -> dict[str, Callable[..., Outputs]]:
    cases: dict[str, Callable[..., Outputs]] = {}
    for name, act in ACTIVATIONS.items():
        cases[f"{name}.forward"] = activation_forward(act)
        cases[f"{name}.backward"] = activation_backward(act)
    return cases


def _model_cases() -> dict[str, Callable[..., Outputs]]:
    cases: dict[str, Callable[..., Outputs]] = {}
    for name, widths in WIDTHS.items():
        cases[f"{name}.forward"] = mlp_forward(widths)
        cases[f"{name}.backward"] = mlp_backward(widths)
    return cases


CASES: dict[str, Callable[..., Outputs]] = {
    **_activation_cases(),
    "linear.forward": linear_forward,
    "linear.backward_input": linear_backward_input,
    "linear.backward_weight": linear_backward_weight,
    "linear.backward_bias": linear_backward_bias,
    "mse.forward": mse_forward,
    "mse.backward": mse_backward,
    "crossentropy.forward": crossentropy_forward,
    "crossentropy.backward": crossentropy_backward,
    "crossentropy.probabilities": crossentropy_probabilities,
    "sgd.plain": sgd,
    "sgd.momentum": sgd,
    "sgd.nesterov": sgd,
    "sgd.weight_decay": sgd,
    "adam.steps": adam,
    "adamw.steps": adamw,
    "batchnorm.train_forward": batchnorm_train_forward,
    "batchnorm.running_stats": batchnorm_running_stats,
    "batchnorm.eval_forward": batchnorm_eval_forward,
    "batchnorm.backward": batchnorm_dLdZ,
    "batchnorm.param_grads": batchnorm_param_grads,
    "dropout.eval": dropout_eval,
    **_model_cases(),
    "models.train_steps": models_train_steps,
}


# §8 Autograd (bonus) ------------------------------------------------------------------------
#
# Each case recomputed with torch's own autograd: the same op on leaves that require grad,
# Y.backward(G), the gradients read from .grad. Outputs are named as the suite's opOutputs
# names them: Y_<op> and dLd<operand>_<op>.


def autograd_op(name: str, args: Inputs, G: Tensor, f: Callable[..., Tensor]) -> Outputs:
    """f applied to leaf copies of `args` (in their order), backpropagated from G."""
    leaves = {k: leaf(v) for k, v in args.items()}
    Y = f(*leaves.values())
    Y.backward(G)
    out: Outputs = {f"Y_{name}": Y.detach()}
    for k, t in leaves.items():
        out[f"dLd{k}_{name}"] = t.grad
    return out


def autograd_elementwise(inputs: Inputs, size: Size) -> Outputs:
    A, B, P, G = inputs["A"], inputs["B"], inputs["P"], inputs["G"]
    return {
        **autograd_op("sub", {"A": A, "B": B}, G, lambda A, B: A - B),
        **autograd_op("mul", {"A": A, "B": B}, G, lambda A, B: A * B),
        **autograd_op("div", {"A": A, "B": B}, G, lambda A, B: A / B),
        **autograd_op("neg", {"A": A}, G, lambda A: -A),
        **autograd_op("pow", {"P": P}, G, lambda P: torch.pow(P, size["p"])),
    }


def autograd_broadcasting(inputs: Inputs, size: Size) -> Outputs:
    Z, b, c, G, s = inputs["Z"], inputs["b"], inputs["c"], inputs["G"], size["s"]
    return {
        **autograd_op("add", {"Z": Z, "b": b}, G, lambda Z, b: Z + b),
        **autograd_op("sub", {"c": c, "Z": Z}, G, lambda c, Z: c - Z),
        **autograd_op("mul", {"b": b, "c": c}, G, lambda b, c: b * c),
        **autograd_op("div", {"Z": Z, "c": c}, G, lambda Z, c: Z / c),
        **autograd_op("scalar", {"Z": Z}, G, lambda Z: (s - Z * s) / s),
    }


def autograd_unary(inputs: Inputs, size: Size) -> Outputs:
    A, P, G = inputs["A"], inputs["P"], inputs["G"]
    return {
        **autograd_op("exp", {"A": A}, G, torch.exp),
        **autograd_op("log", {"P": P}, G, torch.log),
        **autograd_op("relu", {"A": A}, G, torch.relu),
        **autograd_op("tanh", {"A": A}, G, torch.tanh),
        **autograd_op("sigmoid", {"A": A}, G, torch.sigmoid),
    }


def autograd_matmul(inputs: Inputs, size: Size) -> Outputs:
    return {
        **autograd_op("matmul", {"A": inputs["A"], "B": inputs["B"]}, inputs["G"], torch.matmul),
        **autograd_op("batched", {"A3": inputs["A3"], "B": inputs["B"]}, inputs["G3"], torch.matmul),
    }


def autograd_reductions(inputs: Inputs, size: Size) -> Outputs:
    A = {"A": inputs["A"]}
    return {
        **autograd_op("sum_all", A, inputs["G_all"], lambda A: A.sum()),
        **autograd_op("sum_axis", A, inputs["G_axis"], lambda A: A.sum(1)),
        **autograd_op("sum_keep", A, inputs["G_keep"], lambda A: A.sum((0, 2), keepdim=True)),
        **autograd_op("mean_axis", A, inputs["G_mean"], lambda A: A.mean(-1)),
        **autograd_op("mean_all", A, inputs["G_all"], lambda A: A.mean()),
    }


def autograd_shapes(inputs: Inputs, size: Size) -> Outputs:
    A = {"A": inputs["A"]}
    shape = (size["N"], size["C"], size["D"])
    return {
        **autograd_op("reshape", A, inputs["G_reshape"], lambda A: A.reshape(-1, size["D"])),
        **autograd_op("swap", A, inputs["G_swap"], lambda A: A.transpose(0, 2)),
        **autograd_op("reverse", A, inputs["G_reverse"], lambda A: A.transpose(0, 1).permute(2, 1, 0)),
        **autograd_op("bcast", {"b": inputs["b"]}, inputs["G_bcast"], lambda b: torch.broadcast_to(b, shape)),
    }


def autograd_logsumexp(inputs: Inputs, size: Size) -> Outputs:
    A = {"A": inputs["A"]}
    return {
        **autograd_op("rows", A, inputs["G"], lambda A: torch.logsumexp(A, -1)),
        **autograd_op("cols", A, inputs["G_keep"], lambda A: torch.logsumexp(A, 0, keepdim=True)),
    }


def autograd_diamond(inputs: Inputs, size: Size) -> Outputs:
    def f(X: Tensor, W: Tensor) -> Tensor:
        Y = torch.sigmoid(X * W)
        return Y * Y - Y * X

    return autograd_op("diamond", {"X": inputs["X"], "W": inputs["W"]}, inputs["G"], f)


def autograd_no_grad(inputs: Inputs, size: Size) -> Outputs:
    consts: list[Tensor] = []

    def f(X: Tensor) -> Tensor:
        with torch.no_grad():
            consts.append(torch.exp(X))
        return X * consts[0]

    out = autograd_op("no_grad", {"X": inputs["X"]}, inputs["G"], f)
    after = torch.exp(leaf(inputs["X"]))
    return {**out, "c_requires_grad": float(consts[0].requires_grad), "after_requires_grad": float(after.requires_grad)}


def autograd_mlp_step(inputs: Inputs, size: Size) -> Outputs:
    """nn.Linear → ReLU → nn.Linear with the fixture's weights, nn.CrossEntropyLoss, one
    torch.optim.SGD step, then the loss again under torch.no_grad()."""
    first = linear_layer(inputs["W0"], inputs["b0"])
    second = linear_layer(inputs["W1"], inputs["b1"])
    model = nn.Sequential(first, nn.ReLU(), second)
    loss = nn.CrossEntropyLoss()
    L = loss(model(inputs["X"]), inputs["Y"])
    L.backward()
    grads = {"dLdW0": first.weight.grad.clone(), "dLdb0": first.bias.grad.clone(), "dLdW1": second.weight.grad.clone(), "dLdb1": second.bias.grad.clone()}
    torch.optim.SGD(model.parameters(), lr=size["lr"]).step()
    with torch.no_grad():
        L_next = loss(model(inputs["X"]), inputs["Y"])
    return {"L": L.detach(), **grads, "L_next": L_next}


def autograd_log_softmax(inputs: Inputs, size: Size) -> Outputs:
    A = {"A": inputs["A"]}
    return {
        **autograd_op("last", A, inputs["G"], lambda A: torch.log_softmax(A, -1)),
        **autograd_op("rows", A, inputs["G"], lambda A: torch.log_softmax(A, 0)),
    }


# Second order: torch.autograd.grad with create_graph=True, then torch.autograd.grad of a
# function of that gradient (materialize_grads's zeros are never needed: every case's second
# derivative reaches every input). The kit's backward(G, { createGraph: true }) is torch's
# backward(create_graph=True); the suite reads .grad where this reads autograd.grad's result.


def second_derivative(name: str, x0: Tensor, f: Callable[[Tensor], Tensor]) -> Outputs:
    x = leaf(x0)
    (g,) = torch.autograd.grad(f(x).sum(), x, create_graph=True)
    (d2,) = torch.autograd.grad(g.sum(), x)
    return {f"dfdx_{name}": g.detach(), f"d2fdx2_{name}": d2}


def autograd_second_derivative(inputs: Inputs, size: Size) -> Outputs:
    x, P = inputs["x"], inputs["P"]
    # .grad accumulation as torch does it: x.grad.sum().backward() adds f″ into x.grad = f′.
    acc = leaf(x)
    with warnings.catch_warnings():
        # backward(create_graph=True) warns of the cycle parameter ↔ .grad; this leaf is dropped at once.
        warnings.simplefilter("ignore", UserWarning)
        (acc * acc * acc).sum().backward(create_graph=True)
    acc.grad.sum().backward()
    return {
        **second_derivative("cube", x, lambda t: t * t * t),
        **second_derivative("tanh", x, torch.tanh),
        **second_derivative("expsig", x, lambda t: torch.exp(t * 0.5) * torch.sigmoid(t)),
        **second_derivative("ratio", P, lambda t: torch.pow(t, 1.5) / (t + 1)),
        **second_derivative("xlogx", P, lambda t: t * torch.log(t)),
        "accumulated_cube": acc.grad.detach(),
    }


def autograd_hvp(inputs: Inputs, size: Size) -> Outputs:
    W1, W2 = leaf(inputs["W1"]), leaf(inputs["W2"])
    L = torch.sigmoid(torch.tanh(inputs["X"] @ W1) @ W2).sum()
    g1, g2 = torch.autograd.grad(L, [W1, W2], create_graph=True)
    Hv1, Hv2 = torch.autograd.grad((g1 * inputs["V1"]).sum() + (g2 * inputs["V2"]).sum(), [W1, W2])
    return {"L": L.detach(), "dLdW1": g1.detach(), "dLdW2": g2.detach(), "Hv_W1": Hv1, "Hv_W2": Hv2}


def autograd_grad_penalty(inputs: Inputs, size: Size) -> Outputs:
    names = ["X", "W0", "b0", "W1", "b1"]
    t = {n: leaf(inputs[n]) for n in names}
    hidden = torch.tanh(F.linear(t["X"], t["W0"], t["b0"]))
    L = F.nll_loss(torch.log_softmax(F.linear(hidden, t["W1"], t["b1"]), -1), inputs["Y"])
    (gX,) = torch.autograd.grad(L, t["X"], create_graph=True)
    R = (gX * gX).sum()
    grads = torch.autograd.grad(R, [t[n] for n in names])
    return {"L": L.detach(), "dLdX": gX.detach(), "R": R.detach(), **{f"dRd{n}": g for n, g in zip(names, grads)}}


CASES.update(
    {
        "autograd.elementwise": autograd_elementwise,
        "autograd.broadcasting": autograd_broadcasting,
        "autograd.unary": autograd_unary,
        "autograd.matmul": autograd_matmul,
        "autograd.reductions": autograd_reductions,
        "autograd.shapes": autograd_shapes,
        "autograd.logsumexp": autograd_logsumexp,
        "autograd.diamond": autograd_diamond,
        "autograd.no_grad": autograd_no_grad,
        "autograd.mlp_step": autograd_mlp_step,
        "autograd.log_softmax": autograd_log_softmax,
        "autograd.second_derivative": autograd_second_derivative,
        "autograd.hvp": autograd_hvp,
        "autograd.grad_penalty": autograd_grad_penalty,
    }
)


# §9 Weight initialisation (bonus) -------------------------------------------------------------
#
# The values come from the kit's Generator, whose stream KitGenerator reproduces; the bound or
# σ they are scaled by comes from torch itself: torch.nn.init's own function runs on a tensor
# whose uniform_/normal_ hand the arguments torch computed to the kit's draws. So the fans,
# the gains and the formulas are torch's, and only the stream is the kit's.


def kit_uniform(gen: KitGenerator, low: float, high: float, shape: tuple[int, ...]) -> Tensor:
    """rng.uniform(low, high, shape): low + (high − low)·u, one uniform per element, row-major."""
    n = math.prod(shape)
    return torch.tensor([low + (high - low) * gen.uniform_double() for _ in range(n)], dtype=F64).reshape(shape)


def kit_normal(gen: KitGenerator, mean: float, std: float, shape: tuple[int, ...]) -> Tensor:
    """rng.normal(mean, std, shape): mean + std·z, z by Box–Muller from u1 then u2 (cosine branch)."""

    def z() -> float:
        u1 = gen.uniform_double()
        u2 = gen.uniform_double()
        return math.sqrt(-2 * math.log(1 - u1)) * math.cos(2 * math.pi * u2)

    n = math.prod(shape)
    return torch.tensor([mean + std * z() for _ in range(n)], dtype=F64).reshape(shape)


class KitDraws(torch.Tensor):
    """A weight that torch.nn.init fills: its uniform_ and normal_ draw from the kit's stream."""

    gen: KitGenerator

    def uniform_(self, a: float = 0.0, b: float = 1.0, generator: Any = None) -> Tensor:
        with torch.no_grad():
            return self.copy_(kit_uniform(self.gen, a, b, tuple(self.shape)))

    def normal_(self, mean: float = 0.0, std: float = 1.0, generator: Any = None) -> Tensor:
        with torch.no_grad():
            return self.copy_(kit_normal(self.gen, mean, std, tuple(self.shape)))


def init_shape(size: Size) -> tuple[int, ...]:
    shape = (size["out"], size["in"])
    return shape + (size["k"], size["k"]) if "k" in size else shape


def torch_init(gen: KitGenerator, shape: tuple[int, ...], init: Callable[[Tensor], Any]) -> Tensor:
    """torch.nn.init's `init` applied to a fresh weight of `shape` filled from `gen`."""
    weight = torch.empty(shape, dtype=F64).as_subclass(KitDraws)
    weight.gen = gen
    init(weight)
    return weight.as_subclass(torch.Tensor).detach().clone()


def init_fans_gain(inputs: Inputs, size: Size) -> Outputs:
    fan_in, fan_out = nn.init._calculate_fan_in_and_fan_out(torch.empty(init_shape(size)))
    gain = nn.init.calculate_gain
    gains = [gain("linear"), gain("sigmoid"), gain("tanh"), gain("relu"), gain("leaky_relu"), gain("leaky_relu", 0.2)]
    return {"fanIn": float(fan_in), "fanOut": float(fan_out), "gains": torch.tensor(gains, dtype=F64)}


def init_xavier(inputs: Inputs, size: Size) -> Outputs:
    gen = KitGenerator(size["seed"])
    gain = nn.init.calculate_gain(size["gain"])
    shape = init_shape(size)
    U = torch_init(gen, shape, lambda w: nn.init.xavier_uniform_(w, gain=gain))
    N = torch_init(gen, shape, lambda w: nn.init.xavier_normal_(w, gain=gain))
    return {"U": U, "N": N}


def init_kaiming(inputs: Inputs, size: Size) -> Outputs:
    gen = KitGenerator(size["seed"])
    opts = {"a": size["a"], "mode": size["mode"], "nonlinearity": size["nonlinearity"]}
    shape = init_shape(size)
    U = torch_init(gen, shape, lambda w: nn.init.kaiming_uniform_(w, **opts))
    N = torch_init(gen, shape, lambda w: nn.init.kaiming_normal_(w, **opts))
    return {"U": U, "N": N}


CASES.update({"init.fans_gain": init_fans_gain, "init.xavier": init_xavier, "init.kaiming": init_kaiming})


# §10 Module tree, §11 LayerNorm1d, §12 residual MLP (bonus) ----------------------------------
#
# torch.nn's own modules: nn.Sequential, nn.BatchNorm1d, nn.LayerNorm, nn.Linear, with
# needle's Residual as a two-line nn.Module. Where a case builds its layers from a seeded
# generator, the Linear layers take the kit's draws in its construction order (kit_linear)
# and the dropout layers its masks (MaskedDropout); torch's model.train()/eval() and
# model.parameters() are the oracle for the tree walk.


class Residual(nn.Module):
    """needle's nn.Residual: fn(x) + x."""

    def __init__(self, fn: nn.Module):
        super().__init__()
        self.fn = fn

    def forward(self, x: Tensor) -> Tensor:
        return self.fn(x) + x


def kit_linear(gen: KitGenerator, cin: int, cout: int) -> nn.Linear:
    """The kit's Linear(cin, cout, { rng }): W = uniform(−k, k, [cout, cin]) then b, k = 1/√cin."""
    k = 1 / math.sqrt(cin)
    return linear_layer(kit_uniform(gen, -k, k, (cout, cin)), kit_uniform(gen, -k, k, (cout,)))


def norm_layer(size: Size, features: int) -> nn.Module:
    return nn.LayerNorm(features, dtype=F64) if size["norm"] == "layernorm" else nn.BatchNorm1d(features, dtype=F64)


def residual_block(gen: KitGenerator, size: Size, dim: int, hidden: int) -> nn.Sequential:
    """needle's ResidualBlock, built in the kit's construction order (both Linears draw first,
    the dropout masks come later, at each training forward)."""
    first = kit_linear(gen, dim, hidden)
    second = kit_linear(gen, hidden, dim)
    branch = nn.Sequential(first, norm_layer(size, hidden), nn.ReLU(), MaskedDropout(size["dropP"], gen), second, norm_layer(size, dim))
    return nn.Sequential(Residual(branch), nn.ReLU())


def module_eval_nested(inputs: Inputs, size: Size) -> Outputs:
    H = size["H"]
    deepest = nn.Sequential(MaskedDropout(size["p"], KitGenerator(size["seed"])), nn.BatchNorm1d(H, dtype=F64))
    model = nn.Sequential(
        linear_layer(inputs["W0"], inputs["b0"]),
        nn.Sequential(nn.BatchNorm1d(H, dtype=F64), nn.ReLU(), Residual(deepest)),
        linear_layer(inputs["W1"], inputs["b1"]),
    )
    with torch.no_grad():
        Y_train = model(inputs["X"])
        Y_eval = model.eval()(inputs["X2"])
        Y_train2 = model.train()(inputs["X"])
    return {"Y_train": Y_train, "Y_eval": Y_eval, "Y_train2": Y_train2}


def module_parameters_shared(inputs: Inputs, size: Size) -> Outputs:
    shared = linear_layer(inputs["W0"], inputs["b0"])
    model = nn.Sequential(shared, nn.ReLU(), nn.Sequential(shared, nn.ReLU()), linear_layer(inputs["W1"], inputs["b1"]))
    with torch.no_grad():
        Y = model(inputs["X"])
        params = list(model.parameters())
        return {"Y": Y, "n": float(len(params)), "P": torch.cat([p.reshape(-1) for p in params])}


def residual_forward_backward(inputs: Inputs, size: Size) -> Outputs:
    fn = linear_layer(inputs["W0"], inputs["b0"])
    X = leaf(inputs["X"])
    Y = Residual(fn)(X)
    Y.backward(inputs["dLdY"])
    return {"Y": Y.detach(), "dLdX": X.grad, "dLdW": fn.weight.grad, "dLdb": fn.bias.grad}


def layernorm_run(inputs: Inputs) -> tuple[Tensor, Tensor, nn.LayerNorm]:
    """nn.LayerNorm(D) (eps 1e-5) with W and b copied in, on a leaf copy of Z, backpropagated from dLdY."""
    ln = nn.LayerNorm(inputs["W"].shape[0], dtype=F64)
    with torch.no_grad():
        ln.weight.copy_(inputs["W"])
        ln.bias.copy_(inputs["b"])
    Z = leaf(inputs["Z"])
    Y = ln(Z)
    Y.backward(inputs["dLdY"])
    return Y.detach(), Z, ln


def layernorm_forward(inputs: Inputs, size: Size) -> Outputs:
    return {"Y": layernorm_run(inputs)[0]}


def layernorm_backward(inputs: Inputs, size: Size) -> Outputs:
    _, Z, ln = layernorm_run(inputs)
    return {"dLdZ": Z.grad, "dLdW": ln.weight.grad, "dLdb": ln.bias.grad}


BLOCK_GRADS = ["dLdW1", "dLdb1", "dLdnormW1", "dLdnormb1", "dLdW2", "dLdb2", "dLdnormW2", "dLdnormb2"]


def resblock_forward(inputs: Inputs, size: Size) -> Outputs:
    block = residual_block(KitGenerator(size["seed"]), size, size["dim"], size["hidden"])
    with torch.no_grad():
        Y = block(inputs["X"])
        Y_eval = block.eval()(inputs["X2"])
    return {"Y": Y, "Y_eval": Y_eval}


def resblock_backward(inputs: Inputs, size: Size) -> Outputs:
    block = residual_block(KitGenerator(size["seed"]), size, size["dim"], size["hidden"])
    X = leaf(inputs["X"])
    block(X).backward(inputs["G"])
    out: Outputs = {"dLdX": X.grad}
    for name, p in zip(BLOCK_GRADS, block.parameters(), strict=True):
        out[name] = p.grad
    return out


def mlpresnet(size: Size) -> nn.Sequential:
    """needle's MLPResNet, its Linear layers drawing in the kit's construction order: the
    first Linear, each block's two, the last Linear."""
    gen = KitGenerator(size["seed"])
    hidden = size["hidden"]
    layers: list[nn.Module] = [kit_linear(gen, size["dim"], hidden), nn.ReLU()]
    layers += [residual_block(gen, size, hidden, hidden // 2) for _ in range(size["blocks"])]
    layers.append(kit_linear(gen, hidden, size["classes"]))
    return nn.Sequential(*layers)


def mlpresnet_forward(inputs: Inputs, size: Size) -> Outputs:
    net = mlpresnet(size)
    with torch.no_grad():
        Y = net(inputs["X"])
        Y_eval = net.eval()(inputs["X"])
    return {"layers": float(len(net)), "Y": Y, "Y_eval": Y_eval}


def mlpresnet_backward(inputs: Inputs, size: Size) -> Outputs:
    """One training forward (the dropout masks drawn block by block) and autograd from G; the
    parameter gradients in torch's parameters() order, named as the case names them."""
    net = mlpresnet(size)
    X = leaf(inputs["X"])
    net(X).backward(inputs["G"])
    blocks = [f"{g}_block{k + 1}" for k in range(size["blocks"]) for g in BLOCK_GRADS]
    names = ["dLdW_in", "dLdb_in", *blocks, "dLdW_out", "dLdb_out"]
    out: Outputs = {"dLdX": X.grad}
    for name, p in zip(names, net.parameters(), strict=True):
        out[name] = p.grad
    return out


CASES.update(
    {
        "module.eval_nested": module_eval_nested,
        "module.parameters_shared": module_parameters_shared,
        "resnet.residual": residual_forward_backward,
        "layernorm.forward": layernorm_forward,
        "layernorm.backward": layernorm_backward,
        "resnet.block_forward": resblock_forward,
        "resnet.block_backward": resblock_backward,
        "resnet.mlp_forward": mlpresnet_forward,
        "resnet.mlp_backward": mlpresnet_backward,
    }
)

# Cases torch cannot recompute: a stated property each (bounds.py), not an expected value.
BOUNDS: dict[str, Callable[[Inputs, Size], Spec]] = {
    "linear.init": linear_init,
    "dropout.forward": dropout_forward,
    "dropout.backward": dropout_backward,
}
