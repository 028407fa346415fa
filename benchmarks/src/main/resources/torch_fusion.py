"""PyTorch side of the fusion comparisons: Fusion4J's models written from its formulas.

  torch_fusion.py training THREADS SAMPLES EPOCHS   (TrainingThroughput)
      the quickstart's three models trained with the same loop (Adam, learning rate 3e-3, batch
      32, shuffled, modality dropout 0.2, dropout 0.1) on samples of the same shapes; one line per
      model: "<name>\t<samples per second>", over the epochs after the first (which warms up).
  torch_fusion.py operators THREADS                 (BackendComparison)
      the cross-attention (MulT) and self-attention operators at B = 64, T = 25..50, width 128,
      3 modalities, 8 heads; one line per operator: "<name>\t<forward batches/s>\t<forward +
      backward batches/s>", best of 3 rounds of 1 s after a warm-up round.

Both first print "build <torch version> <BLAS libraries loaded>".
"""
import math
import sys
import time

import torch
from torch import nn

torch.set_num_threads(int(sys.argv[2]))
torch.manual_seed(7)
CLASSES, BATCH = 10, 32
TEXT, AUDIO, IMAGE, TOKENS = 384, 13, 128, 4


def batches(text, audio, image, lengths, labels):
    order = torch.randperm(len(labels))
    for start in range(0, len(labels), BATCH):
        idx = order[start:start + BATCH]
        longest = int(lengths[idx].max())
        audio_mask = (torch.arange(longest)[None, :] < lengths[idx][:, None]).float()
        masks = [torch.ones(len(idx), 1), audio_mask, torch.ones(len(idx), TOKENS)]
        # modality dropout: each modality of each sample is absent with probability 0.2, one kept
        present = (torch.rand(len(idx), 3) >= 0.2).float()
        present[present.sum(1) == 0, 0] = 1
        yield [text[idx], audio[idx, :longest], image[idx]], masks, present, labels[idx]


def pooled(x, mask):
    return (x * mask[..., None]).sum(1) / mask.sum(1, keepdim=True).clamp(min=1)


class Early(nn.Module):
    def __init__(self):
        super().__init__()
        self.out = nn.Linear(TEXT + AUDIO + IMAGE, CLASSES)

    def forward(self, xs, masks, present):
        return torch.log_softmax(self.out(torch.cat([pooled(x, m) * p[:, None] for x, m, p in
                                                    zip(xs, masks, present.T)], -1)), -1)


class Late(nn.Module):
    def __init__(self):
        super().__init__()
        self.heads = nn.ModuleList(nn.Linear(w, CLASSES) for w in (TEXT, AUDIO, IMAGE))

    def forward(self, xs, masks, present):
        logp = sum(torch.log_softmax(h(pooled(x, m)), -1) * p[:, None]
                   for h, x, m, p in zip(self.heads, xs, masks, present.T))
        return torch.log_softmax(logp, -1)   # product of experts, renormalised


def positions(steps, width):
    pos = torch.arange(steps)[:, None]
    div = torch.exp(torch.arange(0, width, 2) * (-math.log(10000.0) / width))
    pe = torch.zeros(steps, width)
    pe[:, 0::2], pe[:, 1::2] = torch.sin(pos * div), torch.cos(pos * div)
    return pe


class Block(nn.Module):
    """Pre-norm transformer layer: x + MHA(LN(x), LN(kv)), then x + FFN(LN(x))."""

    def __init__(self, width, heads, cross):
        super().__init__()
        self.norm_q, self.norm_ff = nn.LayerNorm(width), nn.LayerNorm(width)
        self.norm_kv = nn.LayerNorm(width) if cross else None
        self.attention = nn.MultiheadAttention(width, heads, dropout=0.1, batch_first=True)
        self.ff = nn.Sequential(nn.Linear(width, 4 * width), nn.GELU(), nn.Dropout(0.1), nn.Linear(4 * width, width))
        self.drop = nn.Dropout(0.1)

    def forward(self, x, kv, key_mask):
        q = self.norm_q(x)
        k = self.norm_kv(kv) if self.norm_kv is not None else q
        # a sample without any key (an absent modality) attends to nothing, as in Fusion4J
        empty = key_mask.sum(1) == 0
        key_mask = key_mask.masked_fill(empty[:, None], 1)
        attended = self.attention(q, k, k, key_padding_mask=key_mask == 0, need_weights=False)[0]
        x = x + self.drop(attended * (~empty).float()[:, None, None])
        return x + self.drop(self.ff(self.norm_ff(x)))


class MulT(nn.Module):
    """Cross-modal layers for every ordered pair, self-attention layers per target, mean pooling,
    the residual block; with a classifier on top unless classes is None."""

    def __init__(self, widths=(TEXT, AUDIO, IMAGE), width=32, heads=4, self_layers=1, classes=CLASSES):
        super().__init__()
        self.project = nn.ModuleList(nn.Linear(w, width) for w in widths)
        self.cross = nn.ModuleList(Block(width, heads, True) for _ in range(6))
        self.self_attention = nn.ModuleList(nn.ModuleList(Block(2 * width, heads, False) for _ in range(self_layers))
                                            for _ in range(3))
        self.final_norm = nn.ModuleList(nn.LayerNorm(2 * width) for _ in range(3))
        self.residual = nn.Sequential(nn.Linear(6 * width, 6 * width), nn.ReLU(), nn.Dropout(0.1),
                                      nn.Linear(6 * width, 6 * width))
        self.out = nn.Linear(6 * width, classes) if classes else None
        self.width = width

    def forward(self, xs, masks, present):
        masks = [m * p[:, None] for m, p in zip(masks, present.T)]
        seqs = [proj(x) + positions(x.shape[1], self.width) for proj, x in zip(self.project, xs)]
        pooled_targets, pair = [], 0
        for i in range(3):
            joined = []
            for j in range(3):
                if i != j:
                    joined.append(self.cross[pair](seqs[i], seqs[j], masks[j]))
                    pair += 1
            h = torch.cat(joined, -1)
            for layer in self.self_attention[i]:
                h = layer(h, h, masks[i])
            pooled_targets.append(pooled(self.final_norm[i](h), masks[i]))
        h = torch.cat(pooled_targets, -1)
        h = h + self.residual(h)
        return h if self.out is None else torch.log_softmax(self.out(h), -1)


class SelfAttention(nn.Module):
    """Fusion4J's self-attention fusion: every modality's tokens (projected, with positions and a
    type embedding) in one sequence, pre-norm layers, a final norm, the masked mean."""

    def __init__(self, widths, width, heads, layers):
        super().__init__()
        self.project = nn.ModuleList(nn.Linear(w, width) for w in widths)
        self.types = nn.Parameter(torch.randn(len(widths), width) * 0.02)
        self.layers = nn.ModuleList(Block(width, heads, False) for _ in range(layers))
        self.norm = nn.LayerNorm(width)
        self.width = width

    def forward(self, xs, masks, present):
        masks = [m * p[:, None] for m, p in zip(masks, present.T)]
        h = torch.cat([proj(x) + positions(x.shape[1], self.width) + t for proj, x, t in
                       zip(self.project, xs, self.types)], 1)
        mask = torch.cat(masks, 1)
        for layer in self.layers:
            h = layer(h, h, mask)
        return pooled(self.norm(h), mask)


def training(samples, epochs):
    labels = torch.randint(0, CLASSES, (samples,))
    data = (torch.randn(samples, 1, TEXT), torch.randn(samples, 90, AUDIO), torch.randn(samples, TOKENS, IMAGE),
            torch.randint(40, 91, (samples,)), labels)
    for name, model in (('early fusion', Early()), ('cross-attention', MulT()),
                        ('late fusion (product of experts)', Late())):
        optimiser = torch.optim.Adam(model.parameters(), lr=3e-3)
        model.train()
        seconds = 0.0
        for epoch in range(epochs):
            start = time.perf_counter()
            for xs, masks, present, y in batches(*data):
                optimiser.zero_grad()
                loss = nn.functional.nll_loss(model(xs, masks, present), y)
                loss.backward()
                optimiser.step()
            if epoch > 0:
                seconds += time.perf_counter() - start
        print(name, samples * (epochs - 1) / seconds, sep='\t', flush=True)


def rate(step):
    best = 0.0
    for round in range(4):
        start, passes = time.perf_counter(), 0
        while time.perf_counter() - start < 1.0:
            step()
            passes += 1
        best = 0.0 if round == 0 else max(best, passes / (time.perf_counter() - start))
    return best


def operators():
    batch, steps, width = 64, 50, 128
    xs = [torch.randn(batch, steps, width) for _ in range(3)]
    lengths = [torch.randint(steps // 2, steps + 1, (batch,)) for _ in range(3)]
    masks = [(torch.arange(steps)[None, :] < n[:, None]).float() for n in lengths]
    present = torch.ones(batch, 3)
    for name, model in (('cross-attention', MulT((width,) * 3, width, 8, 2, None)),
                        ('self-attention', SelfAttention((width,) * 3, width, 8, 1))):
        def forward():
            model.eval()
            with torch.no_grad():
                model(xs, masks, present)

        def training_step():
            model.train()
            model.zero_grad()
            out = model(xs, masks, present)
            (out * out).mean().backward()

        print(name, rate(forward), rate(training_step), sep='\t', flush=True)


print('build', torch.__version__, ', '.join(sorted({line.split()[-1].rsplit('/', 1)[-1] for line in
                                                      open('/proc/self/maps') if 'blas' in line})) or '?',
      flush=True)
if sys.argv[1] == 'training':
    training(int(sys.argv[3]), int(sys.argv[4]))
else:
    operators()
