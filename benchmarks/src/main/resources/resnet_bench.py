"""PyTorch side of ImageEncoderComparison: torchvision's ResNet body (no avgpool/fc), eval, no_grad.

Prints one line per (depth, batch): "<depth> <batch> <images per second>", best of 3 timed runs.
"""
import sys
import time

import torch
import torchvision

torch.set_num_threads(int(sys.argv[1]))
for depth in ('resnet18', 'resnet50'):
    model = getattr(torchvision.models, depth)()
    body = torch.nn.Sequential(*list(model.children())[:-2]).eval()
    for batch in (1, 16, 64):
        x = torch.randn(batch, 3, 224, 224)
        runs = max(2, 64 // batch)
        with torch.no_grad():
            body(x)
            best = 0.0
            for _ in range(3):
                start = time.perf_counter()
                for _ in range(runs):
                    body(x)
                best = max(best, runs * batch / (time.perf_counter() - start))
        print(depth, batch, best, flush=True)
