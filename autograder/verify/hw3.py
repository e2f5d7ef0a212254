"""hw3 (sequences) recomputed with PyTorch, one function per suite case (autograder/suites/hw3/).

Each function gets a variant's inputs (float64 tensors, int64 indices) and its size and
returns the outputs the case's `run` returns, under the same names:

- the cells and the classifier are torch.nn.RNNCell, GRUCell, LSTMCell and a
  torch.nn.RNN(batch_first=True) followed by a Linear, with the fixture's parameters copied
  in; every gradient comes from autograd (`.backward(upstream)`, then `.grad`), and the
  parameter cases run two steps and read the gradients torch ACCUMULATED in `.grad`;
- CTCLoss is F.log_softmax followed by F.ctc_loss(reduction="mean"), its gradient
  autograd's through both;
- CTC's α, β and γ have no public torch function. They are computed here in matrix form
  (α_t = logsumexp over the CTC transition matrix of α_{t−1}, built from the allowed moves),
  and every variant is tied to torch twice: log P from α must equal −F.ctc_loss, and the
  per-symbol occupancy Σ_{s: ext[s]=k} γ_t(s) must equal exp(logProbs) − (torch's gradient
  of ctc_loss with respect to logProbs), which is what torch's backward computes;
- greedy search is torch.argmax and torch.unique_consecutive; beam search is the write-up's
  pseudocode ported, and on variants whose beam never prunes (k at least the number of
  possible labellings) its scores must equal the brute-force sums over all C^T paths.

The fixtures hold −∞ (log 0) as −1e30 (see autograder/suites/hw3/sequences.ts), so α and β
are clamped the same way here.
"""

from __future__ import annotations

import itertools
import math
from typing import Callable

import torch
import torch.nn.functional as F
from torch import nn

from torch_common import F64, Inputs, leaf, Outputs, Size, Tensor

LOG_ZERO = -1e30
NEG_INF = -math.inf


# §1, §3, §7 Cells ---------------------------------------------------------------------------

CELLS: dict[str, tuple[type[nn.Module], int]] = {"rnn": (nn.RNNCell, 1), "gru": (nn.GRUCell, 3), "lstm": (nn.LSTMCell, 4)}


def make_cell(kind: str, inputs: Inputs) -> nn.Module:
    """torch's cell of the fixture's sizes with weight_ih, weight_hh, bias_ih, bias_hh copied in."""
    cls, gates = CELLS[kind]
    rows, in_size = inputs["W_ih"].shape
    cell = cls(in_size, rows // gates, dtype=F64)
    with torch.no_grad():
        cell.weight_ih.copy_(inputs["W_ih"])
        cell.weight_hh.copy_(inputs["W_hh"])
        cell.bias_ih.copy_(inputs["b_ih"])
        cell.bias_hh.copy_(inputs["b_hh"])
    return cell


def cell_step(kind: str, cell: nn.Module, inputs: Inputs, s: str) -> Outputs:
    """One forward and backward of the step with suffix s; returns the input gradients."""
    x, h = leaf(inputs[f"x{s}"]), leaf(inputs[f"h{s}"])
    if kind == "lstm":
        c = leaf(inputs[f"c{s}"])
        h_new, c_new = cell(x, (h, c))
        torch.autograd.backward([h_new, c_new], [inputs[f"dLdhNew{s}"], inputs[f"dLdcNew{s}"]])
        return {"dLdx": x.grad, "dLdh": h.grad, "dLdc": c.grad}
    cell(x, h).backward(inputs[f"dLdhNew{s}"])
    return {"dLdx": x.grad, "dLdh": h.grad}


def cell_forward(kind: str):
    def run(inputs: Inputs, size: Size) -> Outputs:
        cell = make_cell(kind, inputs)
        if kind == "lstm":
            h_new, c_new = cell(inputs["x"], (inputs["h"], inputs["c"]))
            return {"hNew": h_new, "cNew": c_new}
        return {"hNew": cell(inputs["x"], inputs["h"])}

    return run


def cell_backward_input(kind: str):
    def run(inputs: Inputs, size: Size) -> Outputs:
        return cell_step(kind, make_cell(kind, inputs), inputs, "")

    return run


def cell_backward_params(kind: str):
    def run(inputs: Inputs, size: Size) -> Outputs:
        cell = make_cell(kind, inputs)
        cell_step(kind, cell, inputs, "")
        cell_step(kind, cell, inputs, "2")  # .grad accumulates over the two steps
        return {"dLdW_ih": cell.weight_ih.grad, "dLdW_hh": cell.weight_hh.grad, "dLdb_ih": cell.bias_ih.grad, "dLdb_hh": cell.bias_hh.grad}

    return run


# §2 RNN classifier --------------------------------------------------------------------------


def classifier(inputs: Inputs) -> tuple[nn.RNN, nn.Linear]:
    """nn.RNN(I, H, L, batch_first=True) and nn.Linear(H, O) with the fixture's parameters."""
    L, _, H = inputs["h0"].shape
    rnn = nn.RNN(inputs["x"].shape[2], H, L, nonlinearity="tanh", batch_first=True, dtype=F64)
    out_w = inputs["W_out"]
    linear = nn.Linear(H, out_w.shape[0], dtype=F64)
    with torch.no_grad():
        for l in range(L):
            getattr(rnn, f"weight_ih_l{l}").copy_(inputs[f"W_ih{l}"])
            getattr(rnn, f"weight_hh_l{l}").copy_(inputs[f"W_hh{l}"])
            getattr(rnn, f"bias_ih_l{l}").copy_(inputs[f"b_ih{l}"])
            getattr(rnn, f"bias_hh_l{l}").copy_(inputs[f"b_hh{l}"])
        linear.weight.copy_(out_w)
        linear.bias.copy_(inputs["b_out"])
    return rnn, linear


def classifier_logits(rnn: nn.RNN, linear: nn.Linear, x: Tensor, h0: Tensor) -> Tensor:
    output, _ = rnn(x, h0)
    return linear(output[:, -1])  # the top layer's state after the last step


def classifier_forward(inputs: Inputs, size: Size) -> Outputs:
    rnn, linear = classifier(inputs)
    return {"logits": classifier_logits(rnn, linear, inputs["x"], inputs["h0"])}


def classifier_backward(inputs: Inputs) -> tuple[Tensor, Tensor, nn.RNN, nn.Linear]:
    rnn, linear = classifier(inputs)
    x, h0 = leaf(inputs["x"]), leaf(inputs["h0"])
    classifier_logits(rnn, linear, x, h0).backward(inputs["dLdlogits"])
    return x, h0, rnn, linear


def classifier_backward_input(inputs: Inputs, size: Size) -> Outputs:
    x, h0, _, _ = classifier_backward(inputs)
    return {"dLdx": x.grad, "dLdh0": h0.grad}


def classifier_backward_params(inputs: Inputs, size: Size) -> Outputs:
    _, _, rnn, linear = classifier_backward(inputs)
    out: Outputs = {"dLdW_out": linear.weight.grad, "dLdb_out": linear.bias.grad}
    for l in range(rnn.num_layers):
        for mine, torchs in (("dLdW_ih", "weight_ih"), ("dLdW_hh", "weight_hh"), ("dLdb_ih", "bias_ih"), ("dLdb_hh", "bias_hh")):
            out[f"{mine}{l}"] = getattr(rnn, f"{torchs}_l{l}").grad
    return out


# §4 CTC -------------------------------------------------------------------------------------


def extend(target: Tensor, blank: int) -> tuple[Tensor, Tensor]:
    """[b, l1, b, …, lL, b] and the flags of the allowed skips s−2 → s."""
    ext = torch.full((2 * target.numel() + 1,), blank, dtype=torch.int64)
    ext[1::2] = target
    skip = torch.zeros_like(ext)
    for s in range(2, ext.numel()):
        skip[s] = int(ext[s] != blank and ext[s] != ext[s - 2])
    return ext, skip


def transitions(skip: Tensor) -> Tensor:
    """log of the CTC transition matrix: A[s', s] = 0 when s' → s is allowed (stay, next, skip), else −∞."""
    S = skip.numel()
    idx = torch.arange(S)
    allowed = (idx[None, :] == idx[:, None]) | (idx[None, :] == idx[:, None] + 1) | ((idx[None, :] == idx[:, None] + 2) & (skip[None, :] == 1))
    return torch.where(allowed, torch.zeros((), dtype=F64), torch.full((), NEG_INF, dtype=F64))


def ctc_tables(inputs: Inputs, size: Size) -> tuple[Tensor, Tensor, Tensor]:
    """α, β (exclusive of frame t's emission) and γ, checked against torch's ctc_loss."""
    lp, target, blank = inputs["logProbs"], inputs["target"], int(size["blank"])
    ext, skip = extend(target, blank)
    T, S = lp.shape[0], ext.numel()
    A = transitions(skip)
    emit = lp[:, ext]  # (T, S): y_t(ext[s])
    start = torch.full((S,), NEG_INF, dtype=F64)
    start[: min(S, 2)] = 0
    alpha = [start + emit[0]]
    for t in range(1, T):
        alpha.append(torch.logsumexp(alpha[-1][:, None] + A, dim=0) + emit[t])
    end = torch.full((S,), NEG_INF, dtype=F64)
    end[max(S - 2, 0) :] = 0
    beta = [end]
    for t in range(T - 2, -1, -1):
        beta.insert(0, torch.logsumexp(A + (emit[t + 1] + beta[0])[None, :], dim=1))
    alpha_t, beta_t = torch.stack(alpha), torch.stack(beta)
    log_p = torch.logsumexp(alpha_t[-1, max(S - 2, 0) :], dim=0)
    gamma = torch.exp(alpha_t + beta_t - log_p)

    # Tie the tables to torch: the likelihood, and the occupancy torch's gradient implies.
    lp_leaf = leaf(lp)
    nll = F.ctc_loss(lp_leaf, target, torch.tensor([T]), torch.tensor([target.numel()]), blank=blank, reduction="sum")
    assert torch.allclose(-nll.detach(), log_p, rtol=1e-9, atol=1e-9), f"log P {log_p.item()} but torch's ctc_loss says {-nll.item()}"
    nll.backward()
    occupancy = torch.zeros_like(lp).index_add_(1, ext, gamma)
    assert torch.allclose(torch.exp(lp) - lp_leaf.grad, occupancy, atol=1e-9), "γ disagrees with torch's ctc_loss gradient"
    return alpha_t, beta_t, gamma


def ctc_extended(inputs: Inputs, size: Size) -> Outputs:
    ext, skip = extend(inputs["target"], int(size["blank"]))
    return {"extended": ext, "skipConnect": skip}


def ctc_alpha(inputs: Inputs, size: Size) -> Outputs:
    return {"alpha": ctc_tables(inputs, size)[0].clamp(min=LOG_ZERO)}


def ctc_beta(inputs: Inputs, size: Size) -> Outputs:
    return {"beta": ctc_tables(inputs, size)[1].clamp(min=LOG_ZERO)}


def ctc_posteriors(inputs: Inputs, size: Size) -> Outputs:
    return {"gamma": ctc_tables(inputs, size)[2]}


# §5 CTC loss --------------------------------------------------------------------------------


def ctc_loss(logits: Tensor, inputs: Inputs, size: Size) -> Tensor:
    return F.ctc_loss(
        F.log_softmax(logits, dim=2), inputs["targets"], inputs["inputLengths"], inputs["targetLengths"], blank=int(size["blank"]), reduction="mean"
    )


def ctcloss_forward(inputs: Inputs, size: Size) -> Outputs:
    return {"L": ctc_loss(inputs["logits"], inputs, size)}


def ctcloss_backward(inputs: Inputs, size: Size) -> Outputs:
    logits = leaf(inputs["logits"])
    ctc_loss(logits, inputs, size).backward()
    return {"dLdlogits": logits.grad}


# §6 Decoding --------------------------------------------------------------------------------


def greedy_decode(inputs: Inputs, size: Size) -> Outputs:
    lp, blank = inputs["logProbs"], int(size["blank"])
    best = torch.argmax(lp, dim=1)  # first maximal index on ties, as the kit pins
    merged = torch.unique_consecutive(best)
    return {"labels": merged[merged != blank], "logProb": lp.max(dim=1).values.sum()}


def logaddexp(a: float, b: float) -> float:
    return torch.logaddexp(torch.tensor(a, dtype=F64), torch.tensor(b, dtype=F64)).item()


def beam_search(lp: Tensor, k: int, blank: int) -> list[tuple[tuple[int, ...], float]]:
    """The write-up's pseudocode (handouts/hw3.md §6), ported: [(labelling, log score)], best first."""
    beams: dict[tuple[int, ...], list[float]] = {(): [0.0, NEG_INF]}  # prefix -> [P_b, P_nb]
    for t in range(lp.shape[0]):
        nxt: dict[tuple[int, ...], list[float]] = {}
        for prefix, (pb, pnb) in beams.items():
            score = logaddexp(pb, pnb)
            same = nxt.setdefault(prefix, [NEG_INF, NEG_INF])
            same[0] = logaddexp(same[0], score + lp[t, blank].item())
            for c in range(lp.shape[1]):
                if c == blank:
                    continue
                p = lp[t, c].item()
                ext = nxt.setdefault(prefix + (c,), [NEG_INF, NEG_INF])
                if prefix and prefix[-1] == c:
                    same[1] = logaddexp(same[1], pnb + p)
                    ext[1] = logaddexp(ext[1], pb + p)
                else:
                    ext[1] = logaddexp(ext[1], score + p)
        possible = [item for item in nxt.items() if logaddexp(*item[1]) > NEG_INF]
        ranked = sorted(possible, key=lambda item: (-logaddexp(*item[1]), item[0]))
        beams = dict(ranked[:k])
    return [(prefix, logaddexp(*scores)) for prefix, scores in beams.items()]


def brute_force(lp: Tensor, blank: int) -> dict[tuple[int, ...], float]:
    """log P(labelling) for every labelling, summing exp(path score) over all C^T paths."""
    T, C = lp.shape
    sums: dict[tuple[int, ...], Tensor] = {}
    for path in itertools.product(range(C), repeat=T):
        labels = tuple(c for i, c in enumerate(path) if c != blank and (i == 0 or c != path[i - 1]))
        score = lp[torch.arange(T), torch.tensor(path)].sum()
        sums[labels] = torch.logaddexp(sums[labels], score) if labels in sums else score
    return {labels: s.item() for labels, s in sums.items()}


def beam_result(inputs: Inputs, size: Size) -> list[tuple[tuple[int, ...], float]]:
    lp, k, blank = inputs["logProbs"], int(size["k"]), int(size["blank"])
    kept = beam_search(lp, k, blank)
    T, C = lp.shape
    if k >= sum((C - 1) ** n for n in range(T + 1)):  # never prunes: the scores are exact
        exact = brute_force(lp, blank)
        best = max(exact, key=lambda labels: exact[labels])
        assert kept[0][0] == best, f"beam's best {kept[0][0]} but brute force's {best}"
        for labels, score in kept:
            assert math.isclose(score, exact[labels], rel_tol=1e-9), f"{labels}: beam {score}, brute force {exact[labels]}"
    return kept


def beam_best(inputs: Inputs, size: Size) -> Outputs:
    labels, score = beam_result(inputs, size)[0]
    return {"best": torch.tensor(labels, dtype=torch.int64), "bestLogProb": score}


def beam_kept(inputs: Inputs, size: Size) -> Outputs:
    kept = beam_result(inputs, size)
    T = int(size["T"])
    packed = torch.full((len(kept), T), -1, dtype=torch.int64)
    for i, (labels, _) in enumerate(kept):
        packed[i, : len(labels)] = torch.tensor(labels, dtype=torch.int64)
    return {"labellings": packed, "logProbs": torch.tensor([score for _, score in kept], dtype=F64)}


CASES: dict[str, Callable[..., Outputs]] = {
    "rnnclassifier.forward": classifier_forward,
    "rnnclassifier.backward_input": classifier_backward_input,
    "rnnclassifier.backward_params": classifier_backward_params,
    "ctc.extended": ctc_extended,
    "ctc.alpha": ctc_alpha,
    "ctc.beta": ctc_beta,
    "ctc.posteriors": ctc_posteriors,
    "ctcloss.forward": ctcloss_forward,
    "ctcloss.backward": ctcloss_backward,
    "decoding.greedy": greedy_decode,
    "decoding.beam_best": beam_best,
    "decoding.beam_kept": beam_kept,
}
for _id, _kind in (("rnncell", "rnn"), ("grucell", "gru"), ("lstmcell", "lstm")):
    CASES[f"{_id}.forward"] = cell_forward(_kind)
    CASES[f"{_id}.backward_input"] = cell_backward_input(_kind)
    CASES[f"{_id}.backward_params"] = cell_backward_params(_kind)
