#!/usr/bin/env python3
"""Makes the MulT reference that CrossModalAttentionReferenceTest compares Fusion4J against.

Needs Debian's python3-torch (torch 1.13) and libopenblas0-pthread:
    apt-get install python3-torch libopenblas0-pthread
    /usr/bin/python3 make_mult_reference.py
Writes mult_reference.json next to this script: for each case its settings, every parameter under
Fusion4J's name and layout (a linear layer's weight as [in, out]), and the fused output of a batch
of four samples with padding and absent modalities, which the JSON also holds.

The Multimodal Transformer as Tsai et al. (ACL 2019) describe it, written here with PyTorch's own
modules (nn.MultiheadAttention, nn.LayerNorm, nn.Linear) in float64, on weights and inputs rounded
to float32 so that the output is the exact answer for what the float32 Java side holds:

  Z_m^0       = X_m W_m + b_m + PE                 projection and sinusoidal positions (§3.2)
  Z_{j→i}^l   = Z + MHA(LN(Z), LN(Z_j^0))           cross-modal layer, pre-norm as in MulT's code,
              + FFN(LN(...))                        L layers from Z_{j→i}^0 = Z_i^0 (§3.2, eq. 4)
  Z_i         = [Z_{j→i}^L ; ...]                   concatenated over the sources j ≠ i (§3.3)
  Z_i         = LN(SelfAttention^S(Z_i))            S pre-norm self-attention layers (§3.3)
  h           = [pool(Z_i) ; ...]                   one vector per target
  out         = h + W_2 ReLU(h W_1 + b_1) + b_2     the residual block before the output layer

Where Fusion4J deliberately differs from MulT's code, the reference follows Fusion4J's documented
choices, so the comparison checks the wiring, masks and arithmetic: the feed-forward sublayer is
Linear(d, 4d), GELU, Linear(4d, d); the projected sequence is not scaled by sqrt(d); a target's
sequence is mean-pooled over its valid steps instead of taking the last step (wrong for padded
sequences); padded keys get zero attention weight; a query with no valid key at all (an absent
source) attends to nothing and gets the attention's output bias (nn.MultiheadAttention would
give NaN); an absent target's pooled vector is replaced by its learned null embedding.
"""
import json
import math
import os

import torch
import torch.nn.functional as F
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
DTYPE = torch.float64
MODALITIES = [("text", 5), ("audio", 3), ("lidar", 4)]
WIDTH = 4
HEADS = 2
CASES = [
    {"name": "mult", "layers": 2, "selfAttentionLayers": 2, "residualBlock": True},
    {"name": "cross-only", "layers": 2, "selfAttentionLayers": 0, "residualBlock": False},
]
# steps per modality of each sample; None: the sample lacks that modality
LENGTHS = [
    {"text": 3, "audio": 5, "lidar": 2},
    {"text": 4, "audio": None, "lidar": 1},
    {"text": None, "audio": None, "lidar": 3},
    {"text": 1, "audio": 2, "lidar": None},
]


def f32(tensor):
    """Rounds to float32 and back: the values the Java side holds."""
    return tensor.float().to(DTYPE)


def positions(steps, width):
    """PE[t, 2i] = sin(t / 10000^(2i/d)), PE[t, 2i+1] = cos(t / 10000^(2i/d))."""
    pe = torch.zeros(steps, width, dtype=DTYPE)
    for t in range(steps):
        for i in range(0, width, 2):
            angle = t / 10000 ** (i / width)
            pe[t, i] = math.sin(angle)
            if i + 1 < width:
                pe[t, i + 1] = math.cos(angle)
    return pe


def attend(mha, q, kv, key_valid):
    """Multi-head attention with a key-padding mask; a query with no valid key gets the output bias."""
    has_key = key_valid.any(dim=1)
    usable = key_valid.clone()
    usable[~has_key] = True
    out, _ = mha(q, kv, kv, key_padding_mask=~usable, need_weights=False)
    return torch.where(has_key[:, None, None], out, mha.out_proj.bias.expand_as(out))


class Layer(nn.Module):
    """A pre-norm transformer layer; cross-modal layers normalise the keys with their own norm."""

    def __init__(self, width, heads, cross):
        super().__init__()
        self.norm_q = nn.LayerNorm(width)
        self.norm_kv = nn.LayerNorm(width) if cross else None
        self.attention = nn.MultiheadAttention(width, heads, batch_first=True)
        self.norm_ff = nn.LayerNorm(width)
        self.up = nn.Linear(width, 4 * width)
        self.down = nn.Linear(4 * width, width)

    def forward(self, x, kv, key_valid):
        q = self.norm_q(x)
        k = q if self.norm_kv is None else self.norm_kv(kv)
        x = x + attend(self.attention, q, k, key_valid)
        return x + self.down(F.gelu(self.up(self.norm_ff(x))))

    def export(self, name, out):
        d = self.norm_q.normalized_shape[0]
        norms = [("norm_q", self.norm_q), ("norm_kv", self.norm_kv), ("norm_ff", self.norm_ff)]
        for part, norm in norms:
            if norm is not None:
                out[f"{name}.{part}.gamma"] = norm.weight
                out[f"{name}.{part}.beta"] = norm.bias
        w, b = self.attention.in_proj_weight, self.attention.in_proj_bias
        for k, part in enumerate(["query", "key", "value"]):
            out[f"{name}.attention.{part}.weight"] = w[k * d:(k + 1) * d].T
            out[f"{name}.attention.{part}.bias"] = b[k * d:(k + 1) * d]
        linear(f"{name}.attention.output", self.attention.out_proj, out)
        linear(f"{name}.ff.up", self.up, out)
        linear(f"{name}.ff.down", self.down, out)


def linear(name, layer, out):
    out[f"{name}.weight"] = layer.weight.T
    out[f"{name}.bias"] = layer.bias


class MulT(nn.Module):
    def __init__(self, layers, self_layers, residual):
        super().__init__()
        names = [m for m, _ in MODALITIES]
        target_width = (len(names) - 1) * WIDTH
        self.names = names
        self.proj = nn.ModuleDict({m: nn.Linear(w, WIDTH) for m, w in MODALITIES})
        self.cross = nn.ModuleDict({f"{i}_from_{j}": nn.ModuleList([Layer(WIDTH, HEADS, True) for _ in range(layers)])
                                    for i in names for j in names if i != j})
        self.self_layers = nn.ModuleDict({i: nn.ModuleList([Layer(target_width, HEADS, False)
                                                            for _ in range(self_layers)]) for i in names})
        self.self_norm = nn.ModuleDict({i: nn.LayerNorm(target_width) for i in names}) if self_layers else None
        self.null = nn.ParameterDict({m: nn.Parameter(torch.randn(target_width) * 0.5) for m in names})
        out_width = len(names) * target_width
        self.residual = nn.ModuleList([nn.Linear(out_width, out_width), nn.Linear(out_width, out_width)]) \
            if residual else None

    def forward(self, values, valid, present):
        z0 = {m: self.proj[m](values[m]) + positions(values[m].shape[1], WIDTH) for m in self.names}
        pooled = []
        for i in self.names:
            outs = []
            for j in self.names:
                if i != j:
                    z = z0[i]
                    for layer in self.cross[f"{i}_from_{j}"]:
                        z = layer(z, z0[j], valid[j])
                    outs.append(z)
            z = torch.cat(outs, dim=-1)
            if self.self_norm is not None:
                for layer in self.self_layers[i]:
                    z = layer(z, z, valid[i])
                z = self.self_norm[i](z)
            m = valid[i].to(DTYPE)
            mean = (z * m[:, :, None]).sum(1) / m.sum(1, keepdim=True).clamp(min=1)
            pooled.append(torch.where(present[i][:, None], mean, self.null[i].expand_as(mean)))
        h = torch.cat(pooled, dim=-1)
        if self.residual is not None:
            h = h + self.residual[1](F.relu(self.residual[0](h)))
        return h

    def export(self):
        out = {}
        for m in self.names:
            linear(f"proj.{m}.linear", self.proj[m], out)
        for pair, stack in self.cross.items():
            for l, layer in enumerate(stack):
                layer.export(f"cross.{pair}.{l}", out)
        if self.self_norm is not None:
            for i in self.names:
                for l, layer in enumerate(self.self_layers[i]):
                    layer.export(f"self.{i}.{l}", out)
                out[f"self.{i}.norm.gamma"] = self.self_norm[i].weight
                out[f"self.{i}.norm.beta"] = self.self_norm[i].bias
        for m in self.names:
            out[f"null.{m}"] = self.null[m]
        if self.residual is not None:
            linear("residual.up", self.residual[0], out)
            linear("residual.down", self.residual[1], out)
        return out


def randomise(model):
    """Non-trivial norms and biases (PyTorch starts them at 1 and 0), all rounded to float32."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("bias") or "norm" in name and name.endswith("weight"):
                p.add_(torch.randn_like(p) * 0.2)
            p.copy_(f32(p))


def batch(samples):
    values, valid, present = {}, {}, {}
    for m, width in MODALITIES:
        steps = max([len(s[m]) for s in samples if s[m] is not None] or [1])
        v = torch.zeros(len(samples), steps, width, dtype=DTYPE)
        mask = torch.zeros(len(samples), steps, dtype=torch.bool)
        for b, s in enumerate(samples):
            if s[m] is not None:
                rows = torch.tensor(s[m], dtype=DTYPE)
                v[b, :len(rows)] = rows
                mask[b, :len(rows)] = True
        values[m], valid[m] = v, mask
        present[m] = torch.tensor([s[m] is not None for s in samples])
    return values, valid, present


def main():
    torch.manual_seed(2019)
    samples = []
    for lengths in LENGTHS:
        samples.append({m: None if lengths[m] is None else f32(torch.randn(lengths[m], w, dtype=DTYPE)).tolist()
                        for m, w in MODALITIES})
    values, valid, present = batch(samples)
    cases = []
    for case in CASES:
        model = MulT(case["layers"], case["selfAttentionLayers"], case["residualBlock"]).to(DTYPE).eval()
        randomise(model)
        with torch.no_grad():
            output = model(values, valid, present)
        parameters = {name: {"shape": list(p.shape), "values": p.detach().contiguous().view(-1).tolist()}
                      for name, p in model.export().items()}
        cases.append(dict(case, width=WIDTH, heads=HEADS, parameters=parameters,
                          output={"shape": list(output.shape), "values": output.view(-1).tolist()}))
    reference = {"made_by": "make_mult_reference.py, torch " + torch.__version__,
                 "modalities": [{"name": m, "width": w} for m, w in MODALITIES],
                 "samples": samples, "cases": cases}
    with open(os.path.join(HERE, "mult_reference.json"), "w") as f:
        json.dump(reference, f)
        f.write("\n")


if __name__ == "__main__":
    main()
