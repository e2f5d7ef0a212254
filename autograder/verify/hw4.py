"""hw4 (attention) recomputed with PyTorch, one function per suite case (autograder/suites/hw4/).

torch here may be older than 2.0 (no F.scaled_dot_product_attention), so:

- Attention is checked against nn.MultiheadAttention wherever shapes allow it: one head,
  identity projections and no biases make it compute exactly softmax(Q·Kᵀ/√E)·V, with the
  batch and head axes folded into its batch axis. Its masks have the kit's sense
  (True = masked out), so they are passed as they are.
- Where a query row is fully masked, torch ≤ 2.4 returns NaN; the kit follows PyTorch ≥ 2.5
  and returns zeros. Those variants, and those with Ev ≠ E, are computed with explicit
  torch ops (masked_fill with −∞, softmax, and the fully masked rows zeroed), and autograd
  gives the gradients.
- Multi-head attention, LayerNorm, Embedding, GELU and Linear are the torch.nn modules
  with the kit's weights copied in.

The decoder block, the language model and sampling draw from the kit's own Generator
(seedrandom's Alea): its weights at construction, its dropout masks, its sampling
uniforms. They are regenerated with the port of that generator in torch_common.py (KitGenerator,
bit-identical), following the draw order the reference's doc comments pin.
"""

from __future__ import annotations

import math
from typing import Any, Callable

import torch
import torch.nn.functional as F
from torch import nn

from torch_common import F64, Inputs, KitGenerator, leaf, Outputs, Size, Tensor


def masks_of(inputs: Inputs) -> tuple[Tensor | None, Tensor | None]:
    return inputs.get("attnMask"), inputs.get("keyPaddingMask")


# §1 Softmax ---------------------------------------------------------------------------------


def softmax_zero_rows(Z: Tensor, dim: int) -> Tensor:
    """F.softmax, except that a slice of all −∞ gives zeros (torch's F.softmax gives NaN):
    such slices are replaced by 0 before the softmax and their result zeroed after, so
    autograd sends them no gradient."""
    empty = torch.isneginf(Z).all(dim=dim, keepdim=True)
    return F.softmax(Z.masked_fill(empty, 0.0), dim=dim).masked_fill(empty, 0.0)


def softmax_forward(inputs: Inputs, size: Size) -> Outputs:
    return {"A": F.softmax(inputs["Z"], dim=size["axis"])}


def softmax_backward(inputs: Inputs, size: Size) -> Outputs:
    Z = leaf(inputs["Z"])
    F.softmax(Z, dim=size["axis"]).backward(inputs["dLdA"])
    return {"dLdZ": Z.grad}


def softmax_masked_rows(inputs: Inputs, size: Size) -> Outputs:
    Z = leaf(inputs["Z"])
    A = softmax_zero_rows(Z, size["axis"])
    A.backward(inputs["dLdA"])
    return {"A": A, "dLdZ": Z.grad}


# §2 Masks, §3 attention --------------------------------------------------------------------


def masks_causal(inputs: Inputs, size: Size) -> Outputs:
    T = size["T"]
    return {"mask": torch.triu(torch.ones(T, T, dtype=torch.bool), diagonal=1)}


def combined_mask(Q: Tensor, K: Tensor, attn_mask: Tensor | None, kpm: Tensor | None) -> Tensor:
    """The (N, H, L, S) bool mask the kit applies: attnMask broadcast, or keyPaddingMask per key."""
    N, H, L, _ = Q.shape
    M = torch.zeros(N, H, L, K.shape[-2], dtype=torch.bool)
    if attn_mask is not None:
        M = M | attn_mask
    if kpm is not None:
        M = M | kpm[:, None, None, :]
    return M


def attention_by_mha(Q: Tensor, K: Tensor, V: Tensor, attn_mask: Tensor | None, kpm: Tensor | None) -> Tensor:
    """nn.MultiheadAttention with one head, identity projections and no biases, over the
    batch and head axes folded together: softmax(Q·Kᵀ/√E)·V with the masks as torch reads them."""
    N, H, L, E = Q.shape
    S = K.shape[-2]
    mha = nn.MultiheadAttention(E, 1, bias=False, batch_first=True, dtype=F64)
    with torch.no_grad():
        mha.in_proj_weight.copy_(torch.eye(E, dtype=F64).repeat(3, 1))
        mha.out_proj.weight.copy_(torch.eye(E, dtype=F64))
    fold = lambda X: X.reshape(N * H, X.shape[-2], E)  # noqa: E731
    kpm_folded = None if kpm is None else kpm.repeat_interleave(H, dim=0)
    O, _ = mha(fold(Q), fold(K), fold(V), key_padding_mask=kpm_folded, attn_mask=attn_mask, need_weights=False)
    return O.reshape(N, H, L, E)


def attention_explicit(Q: Tensor, K: Tensor, V: Tensor, M: Tensor) -> Tensor:
    """softmax(Q·Kᵀ/√E masked with −∞)·V, fully masked query rows giving zeros."""
    P = Q @ K.transpose(-2, -1) / math.sqrt(Q.shape[-1])
    return softmax_zero_rows(P.masked_fill(M, -math.inf), -1) @ V


def attention(inputs: Inputs) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """O and the leaves Q, K, V; nn.MultiheadAttention where it applies, explicit ops elsewhere."""
    Q, K, V = leaf(inputs["Q"]), leaf(inputs["K"]), leaf(inputs["V"])
    attn_mask, kpm = masks_of(inputs)
    M = combined_mask(Q, K, attn_mask, kpm)
    if M.all(dim=-1).any() or V.shape[-1] != Q.shape[-1]:
        O = attention_explicit(Q, K, V, M)
    else:
        O = attention_by_mha(Q, K, V, attn_mask, kpm)
    return O, Q, K, V


def attention_forward(inputs: Inputs, size: Size) -> Outputs:
    return {"O": attention(inputs)[0]}


def attention_grads(inputs: Inputs) -> dict[str, Tensor]:
    O, Q, K, V = attention(inputs)
    O.backward(inputs["dLdO"])
    return {"O": O.detach(), "dLdQ": Q.grad, "dLdK": K.grad, "dLdV": V.grad}


def attention_backward(name: str) -> Callable[[Inputs, Size], Outputs]:
    def run(inputs: Inputs, size: Size) -> Outputs:
        return {name: attention_grads(inputs)[name]}

    return run


def attention_masked_rows(inputs: Inputs, size: Size) -> Outputs:
    # Every variant has fully masked rows: check that torch's own explicit computation
    # agrees, and that the kit's zeros are where PyTorch ≥ 2.5 puts them.
    return attention_grads(inputs)


# §4 Multi-head attention ---------------------------------------------------------------------


def multihead_module(inputs: Inputs, size: Size) -> nn.MultiheadAttention:
    """nn.MultiheadAttention(E, H, batch_first=True) with the kit's projections copied in."""
    mha = nn.MultiheadAttention(size["E"], size["H"], batch_first=True, dtype=F64)
    with torch.no_grad():
        mha.in_proj_weight.copy_(torch.cat([inputs["Wq"], inputs["Wk"], inputs["Wv"]]))
        mha.in_proj_bias.copy_(torch.cat([inputs["bq"], inputs["bk"], inputs["bv"]]))
        mha.out_proj.weight.copy_(inputs["Wo"])
        mha.out_proj.bias.copy_(inputs["bo"])
    return mha


def multihead_run(inputs: Inputs, size: Size) -> tuple[Tensor, nn.MultiheadAttention, list[Tensor]]:
    mha = multihead_module(inputs, size)
    leaves = [leaf(inputs[k]) for k in ("query", "key", "value")]
    attn_mask, kpm = masks_of(inputs)
    Y, _ = mha(*leaves, key_padding_mask=kpm, attn_mask=attn_mask, need_weights=False)
    return Y, mha, leaves


def multihead_forward(inputs: Inputs, size: Size) -> Outputs:
    return {"Y": multihead_run(inputs, size)[0]}


def multihead_backward(inputs: Inputs, size: Size) -> tuple[nn.MultiheadAttention, list[Tensor]]:
    Y, mha, leaves = multihead_run(inputs, size)
    Y.backward(inputs["dLdY"])
    return mha, leaves


def multihead_backward_input(inputs: Inputs, size: Size) -> Outputs:
    _, (q, k, v) = multihead_backward(inputs, size)
    return {"dLdQuery": q.grad, "dLdKey": k.grad, "dLdValue": v.grad}


def multihead_backward_in_proj(inputs: Inputs, size: Size) -> Outputs:
    mha, _ = multihead_backward(inputs, size)
    dW = mha.in_proj_weight.grad.chunk(3)
    db = mha.in_proj_bias.grad.chunk(3)
    out: Outputs = {}
    for i, p in enumerate("qkv"):
        out[f"dLdW{p}"] = dW[i]
        out[f"dLdb{p}"] = db[i]
    return out


def multihead_backward_out_proj(inputs: Inputs, size: Size) -> Outputs:
    mha, _ = multihead_backward(inputs, size)
    return {"dLdWo": mha.out_proj.weight.grad, "dLdbo": mha.out_proj.bias.grad}


# §5 Embedding and positional encoding ---------------------------------------------------------


def embedding_module(W: Tensor) -> nn.Embedding:
    emb = nn.Embedding(W.shape[0], W.shape[1], dtype=F64)
    with torch.no_grad():
        emb.weight.copy_(W)
    return emb


def embedding_forward(inputs: Inputs, size: Size) -> Outputs:
    return {"Y": embedding_module(inputs["W"])(inputs["idx"])}


def embedding_backward(inputs: Inputs, size: Size) -> Outputs:
    emb = embedding_module(inputs["W"])
    emb(inputs["idx"]).backward(inputs["dLdY"])
    return {"dLdW": emb.weight.grad}


def sinusoidal(T: int, E: int) -> Tensor:
    """PE[t, j] = sin(t·ω) for even j, cos(t·ω) for odd j, ω = 10000^(−2⌊j/2⌋/E)."""
    t = torch.arange(T, dtype=F64)[:, None]
    j = torch.arange(E)
    omega = torch.pow(torch.tensor(10000.0, dtype=F64), -(2 * (j // 2)).to(F64) / E)
    angles = t * omega
    return torch.where(j % 2 == 0, torch.sin(angles), torch.cos(angles))


def embedding_sinusoidal(inputs: Inputs, size: Size) -> Outputs:
    return {"PE": sinusoidal(size["T"], size["E"])}


# §6 LayerNorm ----------------------------------------------------------------------------------


def layernorm_run(inputs: Inputs) -> tuple[Tensor, Tensor, nn.LayerNorm]:
    """nn.LayerNorm(E) (eps 1e-5, biased variance, as the kit) with W and b copied in."""
    ln = nn.LayerNorm(inputs["W"].shape[0], dtype=F64)
    with torch.no_grad():
        ln.weight.copy_(inputs["W"])
        ln.bias.copy_(inputs["b"])
    X = leaf(inputs["X"])
    Y = ln(X)
    return Y, X, ln


def layernorm_forward(inputs: Inputs, size: Size) -> Outputs:
    return {"Y": layernorm_run(inputs)[0]}


def layernorm_backward(inputs: Inputs, size: Size) -> Outputs:
    Y, X, _ = layernorm_run(inputs)
    Y.backward(inputs["dLdY"])
    return {"dLdX": X.grad}


def layernorm_param_grads(inputs: Inputs, size: Size) -> Outputs:
    Y, _, ln = layernorm_run(inputs)
    Y.backward(inputs["dLdY"])
    return {"dLdW": ln.weight.grad, "dLdb": ln.bias.grad}


# The kit's Generator draws, as ndarray/generator.ts makes them ---------------------------------


def to_f32(values: list[float], shape: tuple[int, ...]) -> Tensor:
    """Values as the kit stores them in a float32 array, handed to torch as float64."""
    return torch.tensor(values, dtype=torch.float32).reshape(shape).to(F64)


def kit_uniform(gen: Any, low: float, high: float, shape: tuple[int, ...]) -> Tensor:
    """rng.uniform(low, high, shape): low + (high − low)·u per element, row-major."""
    return to_f32([low + (high - low) * gen.uniform_double() for _ in range(math.prod(shape))], shape)


def kit_randn(gen: Any, shape: tuple[int, ...]) -> Tensor:
    """rng.randn(shape): Box–Muller, u1 then u2 per element, the cosine branch."""
    values = []
    for _ in range(math.prod(shape)):
        u1, u2 = gen.uniform_double(), gen.uniform_double()
        values.append(math.sqrt(-2 * math.log(1 - u1)) * math.cos(2 * math.pi * u2))
    return to_f32(values, shape)


def kit_linear(gen: Any, cin: int, cout: int) -> nn.Linear:
    """The kit's Linear(cin, cout, rng): W = uniform(−k, k, [cout, cin]) then b, k = 1/√cin."""
    k = 1 / math.sqrt(cin)
    layer = nn.Linear(cin, cout, dtype=F64)
    with torch.no_grad():
        layer.weight.copy_(kit_uniform(gen, -k, k, (cout, cin)))
        layer.bias.copy_(kit_uniform(gen, -k, k, (cout,)))
    return layer


# §7 Decoder block ---------------------------------------------------------------------------------


class KitDropout(nn.Module):
    """Inverted dropout with the kit's mask: one gen.bernoulli(1 − p, x.shape) per training forward."""

    def __init__(self, p: float, gen: Any):
        super().__init__()
        self.p = p
        self.gen = gen

    def forward(self, x: Tensor) -> Tensor:
        if not self.training:
            return x
        scale = 0.0 if self.p == 1 else 1 / (1 - self.p)
        return x * self.gen.bernoulli(1 - self.p, tuple(x.shape)) * scale


class Block(nn.Module):
    """The pre-LN decoder block from torch.nn parts, built in the kit's construction order."""

    def __init__(self, E: int, H: int, Fdim: int, p: float, gen: Any):
        super().__init__()
        self.ln1 = nn.LayerNorm(E, dtype=F64)
        projections = [kit_linear(gen, E, E) for _ in range(4)]  # q, k, v, out
        self.attn = nn.MultiheadAttention(E, H, batch_first=True, dtype=F64)
        with torch.no_grad():
            self.attn.in_proj_weight.copy_(torch.cat([lin.weight for lin in projections[:3]]))
            self.attn.in_proj_bias.copy_(torch.cat([lin.bias for lin in projections[:3]]))
            self.attn.out_proj.weight.copy_(projections[3].weight)
            self.attn.out_proj.bias.copy_(projections[3].bias)
        self.ln2 = nn.LayerNorm(E, dtype=F64)
        self.ff1 = kit_linear(gen, E, Fdim)
        self.ff2 = kit_linear(gen, Fdim, E)
        self.drop1 = KitDropout(p, gen)
        self.drop2 = KitDropout(p, gen)

    def forward(self, X: Tensor, kpm: Tensor | None = None) -> Tensor:
        T = X.shape[1]
        causal = torch.triu(torch.ones(T, T, dtype=torch.bool), diagonal=1)
        h = self.ln1(X)
        a, _ = self.attn(h, h, h, attn_mask=causal, key_padding_mask=kpm, need_weights=False)
        H1 = X + self.drop1(a)
        return H1 + self.drop2(self.ff2(F.gelu(self.ff1(self.ln2(H1)))))

    def param_grads(self) -> Outputs:
        E = self.ln1.weight.shape[0]
        dW, db = self.attn.in_proj_weight.grad, self.attn.in_proj_bias.grad
        out: Outputs = {"dLdW_ln1": self.ln1.weight.grad, "dLdb_ln1": self.ln1.bias.grad}
        for i, p in enumerate("qkv"):
            out[f"dLdW_{p}"] = dW[i * E : (i + 1) * E]
            out[f"dLdb_{p}"] = db[i * E : (i + 1) * E]
        out["dLdW_o"], out["dLdb_o"] = self.attn.out_proj.weight.grad, self.attn.out_proj.bias.grad
        for name in ("ln2", "ff1", "ff2"):
            layer = getattr(self, name)
            out[f"dLdW_{name}"], out[f"dLdb_{name}"] = layer.weight.grad, layer.bias.grad
        return out


def block_run(inputs: Inputs, size: Size) -> tuple[Tensor, Tensor, Block]:
    block = Block(size["E"], size["H"], size["F"], size["p"], KitGenerator(size["seed"]))
    X = leaf(inputs["X"])
    return block(X, inputs.get("keyPaddingMask")), X, block


def block_forward(inputs: Inputs, size: Size) -> Outputs:
    return {"Y": block_run(inputs, size)[0]}


def block_backward_input(inputs: Inputs, size: Size) -> Outputs:
    Y, X, _ = block_run(inputs, size)
    Y.backward(inputs["dLdY"])
    return {"dLdX": X.grad}


def block_param_grads(inputs: Inputs, size: Size) -> Outputs:
    Y, _, block = block_run(inputs, size)
    Y.backward(inputs["dLdY"])
    return block.param_grads()


# §8 Sampling --------------------------------------------------------------------------------------


def sample_next(logits: Tensor, gen: Any, temperature: float, top_k: int | None) -> Tensor:
    """The pinned draw: per row, s = logits/temperature; tokens below the k-th largest s
    removed (torch.topk); p = softmax(s); one uniform u; the first i with u < cumsum(p)/sum(p)."""
    tokens = []
    for row in logits.to(F64):
        s = row / temperature
        if top_k is not None and top_k < s.numel():
            s = s.masked_fill(s < torch.topk(s, top_k).values[-1], -math.inf)
        p = torch.softmax(s, dim=0)
        cdf = torch.cumsum(p, dim=0) / p.sum()
        u = gen.uniform_double()
        tokens.append(int(torch.nonzero(u < cdf)[0]))
    return torch.tensor(tokens)


def top_k_of(size: Size) -> int | None:
    return None if size["topK"] == 0 else size["topK"]


def sampling_draws(inputs: Inputs, size: Size) -> Outputs:
    gen = KitGenerator(size["sampleSeed"])
    rows = [sample_next(inputs["logits"], gen, size["temperature"], top_k_of(size)) for _ in range(size["draws"])]
    return {"tokens": torch.stack(rows)}


# §9 Language model --------------------------------------------------------------------------------


class LM(nn.Module):
    """The kit's DecoderLM from torch.nn parts, built in its construction order."""

    def __init__(self, size: Size, gen: Any):
        super().__init__()
        V, E = size["V"], size["E"]
        self.max_len = size["maxLen"]
        self.tok_emb = nn.Embedding(V, E, dtype=F64)
        with torch.no_grad():
            self.tok_emb.weight.copy_(kit_randn(gen, (V, E)))
        self.blocks = nn.ModuleList(Block(E, size["H"], size["F"], size["p"], gen) for _ in range(size["layers"]))
        self.ln_f = nn.LayerNorm(E, dtype=F64)
        self.head = kit_linear(gen, E, V)

    def forward(self, idx: Tensor) -> Tensor:
        H = self.tok_emb(idx) + sinusoidal(idx.shape[1], self.tok_emb.weight.shape[1])
        for block in self.blocks:
            H = block(H)
        return self.head(self.ln_f(H))

    @torch.no_grad()
    def generate(self, prompt: Tensor, steps: int, pick: Callable[[Tensor], Tensor]) -> Tensor:
        self.eval()
        tokens = prompt
        for _ in range(steps):
            logits = self(tokens[:, -self.max_len :])[:, -1, :]
            tokens = torch.cat([tokens, pick(logits)[:, None]], dim=1)
        return tokens


def lm_forward(inputs: Inputs, size: Size) -> Outputs:
    return {"logits": LM(size, KitGenerator(size["seed"]))(inputs["idx"])}


def lm_backward(inputs: Inputs, size: Size) -> Outputs:
    lm = LM(size, KitGenerator(size["seed"]))
    lm(inputs["idx"]).backward(inputs["dLdLogits"])
    first = lm.blocks[0]
    E = size["E"]
    return {
        "dLdW_head": lm.head.weight.grad,
        "dLdb_head": lm.head.bias.grad,
        "dLdW_lnF": lm.ln_f.weight.grad,
        "dLdW_ff1": first.ff1.weight.grad,
        "dLdW_q": first.attn.in_proj_weight.grad[:E],
        "dLdW_emb": lm.tok_emb.weight.grad,
    }


def lm_generate_greedy(inputs: Inputs, size: Size) -> Outputs:
    lm = LM(size, KitGenerator(size["seed"]))
    return {"tokens": lm.generate(inputs["prompt"], size["steps"], lambda logits: logits.argmax(dim=-1))}


def lm_generate_sample(inputs: Inputs, size: Size) -> Outputs:
    lm = LM(size, KitGenerator(size["seed"]))
    gen = KitGenerator(size["sampleSeed"])
    pick = lambda logits: sample_next(logits, gen, size["temperature"], top_k_of(size))  # noqa: E731
    return {"tokens": lm.generate(inputs["prompt"], size["steps"], pick)}


# The case table ------------------------------------------------------------------------------------

CASES: dict[str, Callable[..., Outputs]] = {
    "softmax.forward": softmax_forward,
    "softmax.backward": softmax_backward,
    "softmax.masked_rows": softmax_masked_rows,
    "masks.causal": masks_causal,
    "attention.forward": attention_forward,
    "attention.causal": attention_forward,
    "attention.padding": attention_forward,
    "attention.both": attention_forward,
    "attention.masked_rows": attention_masked_rows,
    "attention.backward_query": attention_backward("dLdQ"),
    "attention.backward_key": attention_backward("dLdK"),
    "attention.backward_value": attention_backward("dLdV"),
    "multihead.forward": multihead_forward,
    "multihead.backward_input": multihead_backward_input,
    "multihead.backward_in_proj": multihead_backward_in_proj,
    "multihead.backward_out_proj": multihead_backward_out_proj,
    "embedding.forward": embedding_forward,
    "embedding.backward": embedding_backward,
    "embedding.sinusoidal": embedding_sinusoidal,
    "layernorm.forward": layernorm_forward,
    "layernorm.backward": layernorm_backward,
    "layernorm.param_grads": layernorm_param_grads,
    "block.forward": block_forward,
    "block.backward_input": block_backward_input,
    "block.param_grads": block_param_grads,
    "sampling.temperature": sampling_draws,
    "sampling.top_k": sampling_draws,
    "lm.forward": lm_forward,
    "lm.backward": lm_backward,
    "lm.generate_greedy": lm_generate_greedy,
    "lm.generate_sample": lm_generate_sample,
}
