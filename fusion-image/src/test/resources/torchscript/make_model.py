#!/usr/bin/env python3
"""Makes the small TorchScript feature extractor the fusion-image tests load, and its reference output.

Needs Debian's python3-torch (torch 1.13):  apt-get install python3-torch && python3 make_model.py
Writes tiny-extractor.pt (a 2-stage conv net in eval mode, traced) and reference.json: the feature map
for a 32x32 RGB test image whose pixels are r = (7x + 3y) mod 256, g = (x * y) mod 256,
b = (255 - 5x) mod 256, scaled to [0, 1] (no other normalisation).
"""
import json
import os

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))


def test_image(size):
    """The size x size test image of the docstring, [1, 3, size, size]."""
    image = torch.zeros(1, 3, size, size)
    for y in range(size):
        for x in range(size):
            image[0, 0, y, x] = ((7 * x + 3 * y) % 256) / 255.0
            image[0, 1, y, x] = ((x * y) % 256) / 255.0
            image[0, 2, y, x] = ((255 - 5 * x) % 256) / 255.0
    return image


def main():
    torch.manual_seed(3)
    model = nn.Sequential(
        nn.Conv2d(3, 8, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(8), nn.ReLU(),
        nn.Conv2d(8, 16, 3, stride=2, padding=1), nn.ReLU())
    with torch.no_grad():   # non-trivial batch-norm statistics, so eval mode is checked too
        model[1].running_mean.uniform_(-0.5, 0.5)
        model[1].running_var.uniform_(0.5, 2.0)
    model.eval()
    image = test_image(32)
    traced = torch.jit.trace(model, image)
    traced.save(os.path.join(HERE, 'tiny-extractor.pt'))
    with torch.no_grad():
        out = traced(image)
    with open(os.path.join(HERE, 'reference.json'), 'w') as f:
        json.dump({'shape': list(out.shape), 'values': out.flatten().double().tolist(),
                   'torch': torch.__version__}, f)


if __name__ == '__main__':
    main()
