"""PyTorch side of TrainingThroughput: the quickstart's three models written from Fusion4J's
formulas, trained with the same loop (Adam, learning rate 3e-3, batch 32, shuffled, modality
dropout 0.2, dropout 0.1) on samples of the same shapes.

Arguments: threads, samples, epochs. Prints "build <torch version> <BLAS library>" and one line per
model: "<name>\t<samples per second>", over the epochs after the first (which warms up).
"""
import math
import sys
import time

import torch
from torch import nn

torch.set_num_threads(int(sys.argv[1]))
torch.manual_seed(7)
SAMPLES, EPOCHS = int(sys.argv[2]), int(sys.argv[3])
CLASSES, BATCH = 10, 32
TEXT, AUDIO, IMAGE, TOKENS = 384, 13, 128, 4

labels = torch.randint(0, CLASSES, (SAMPLES,))
text = torch.randn(SAMPLES, 1, TEXT)
lengths = torch.randint(40, 91, (SAMPLES,))
audio = torch.randn(SAMPLES, 90, AUDIO)
image = torch.randn(SAMPLES, TOKENS, IMAGE)


def batches():
    order = torch.randperm(SAMPLES)
    for start in range(0, SAMPLES, BATCH):
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
        x = x + self.drop(self.attention(q, k, k, key_padding_mask=key_mask == 0, need_weights=False)[0])
        return x + self.drop(self.ff(self.norm_ff(x)))


class MulT(nn.Module):
    def __init__(self, width=32, heads=4):
        super().__init__()
        self.project = nn.ModuleList(nn.Linear(w, width) for w in (TEXT, AUDIO, IMAGE))
        self.cross = nn.ModuleList(Block(width, heads, True) for _ in range(6))
        self.self_attention = nn.ModuleList(Block(2 * width, heads, False) for _ in range(3))
        self.final_norm = nn.ModuleList(nn.LayerNorm(2 * width) for _ in range(3))
        self.residual = nn.Sequential(nn.Linear(6 * width, 6 * width), nn.ReLU(), nn.Dropout(0.1),
                                      nn.Linear(6 * width, 6 * width))
        self.out = nn.Linear(6 * width, CLASSES)
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
            # a sample whose keys are all absent attends to nothing (Fusion4J zeroes those rows)
            h = self.final_norm[i](self.self_attention[i](torch.cat(joined, -1), torch.cat(joined, -1),
                                                          torch.ones_like(masks[i])))
            pooled_targets.append(pooled(h, masks[i]))
        h = torch.cat(pooled_targets, -1)
        h = h + self.residual(h)
        return torch.log_softmax(self.out(h), -1)


print('build', torch.__version__, ', '.join(sorted({line.split()[-1].rsplit('/', 1)[-1] for line in
                                                      open('/proc/self/maps') if 'blas' in line})) or '?',
      flush=True)
for name, model in (('early fusion', Early()), ('cross-attention', MulT()),
                    ('late fusion (product of experts)', Late())):
    optimiser = torch.optim.Adam(model.parameters(), lr=3e-3)
    model.train()
    seconds = 0.0
    for epoch in range(EPOCHS):
        start = time.perf_counter()
        for xs, masks, present, y in batches():
            optimiser.zero_grad()
            loss = nn.functional.nll_loss(model(xs, masks, present), y)
            loss.backward()
            optimiser.step()
        if epoch > 0:
            seconds += time.perf_counter() - start
    print(name, SAMPLES * (EPOCHS - 1) / seconds, sep='\t', flush=True)
