#!/usr/bin/env python3
"""Makes the TorchScript ResNet-18 the fusion-image tests load offline, and its reference output.

Needs Debian's torchvision:  apt-get install python3-torchvision python3-torch libopenblas0-pthread
then  /usr/bin/python3 make_resnet18.py  (torch 1.13, torchvision 0.14).

Writes resnet18-narrow/resnet18-narrow.pt: torchvision's ResNet-18 (its own ResNet class, BasicBlock and
_make_layer, so the module and parameter names are torchvision's) at 1/8 of the width (stages of 8, 16,
32 and 64 channels, 0.7 MB instead of 45 MB), random weights with non-trivial batch-norm statistics,
without its pooling and classifier, in eval mode, traced. The folder is a local DJL model repository:
a file: URL to it loads the model offline.

And resnet18-narrow.json: the feature map [1, 64, 2, 2] for the test image of ../torchscript/make_model.py
at 64x64: r = (7x + 3y) mod 256, g = (x * y) mod 256, b = (255 - 5x) mod 256, scaled to [0, 1] (no other
normalisation).
"""
import json
import os
import sys

import torch
import torchvision
from torch import nn
from torchvision.models.resnet import BasicBlock

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'torchscript'))
from make_model import test_image  # noqa: E402  (the same test image, at 64 x 64)
NAME = 'resnet18-narrow'
WIDTH = 8   # torchvision's is 64


def narrow_resnet18():
    model = torchvision.models.resnet18(weights=None)
    model.inplanes = WIDTH
    model.conv1 = nn.Conv2d(3, WIDTH, kernel_size=7, stride=2, padding=3, bias=False)
    model.bn1 = nn.BatchNorm2d(WIDTH)
    model.layer1 = model._make_layer(BasicBlock, WIDTH, 2)
    model.layer2 = model._make_layer(BasicBlock, 2 * WIDTH, 2, stride=2)
    model.layer3 = model._make_layer(BasicBlock, 4 * WIDTH, 2, stride=2)
    model.layer4 = model._make_layer(BasicBlock, 8 * WIDTH, 2, stride=2)
    for m in model.modules():   # torchvision's initialisation, plus batch-norm statistics to check eval mode
        if isinstance(m, nn.Conv2d):
            nn.init.kaiming_normal_(m.weight, mode='fan_out', nonlinearity='relu')
        elif isinstance(m, nn.BatchNorm2d):
            with torch.no_grad():
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.2, 0.2)
                m.running_mean.uniform_(-0.2, 0.2)
                m.running_var.uniform_(0.5, 2.0)
    return nn.Sequential(*list(model.children())[:-2])   # drop avgpool and fc: the feature map


def main():
    torch.manual_seed(18)
    features = narrow_resnet18().eval()
    image = test_image(64)
    traced = torch.jit.trace(features, image)
    os.makedirs(os.path.join(HERE, NAME), exist_ok=True)
    traced.save(os.path.join(HERE, NAME, NAME + '.pt'))
    with torch.no_grad():
        out = traced(image)
    with open(os.path.join(HERE, NAME + '.json'), 'w') as f:
        json.dump({'shape': list(out.shape), 'values': out.flatten().double().tolist(),
                   'torch': torch.__version__, 'torchvision': torchvision.__version__}, f)


if __name__ == '__main__':
    main()
