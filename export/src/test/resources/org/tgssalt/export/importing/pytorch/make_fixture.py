#!/usr/bin/python3
"""Makes the PyTorch fixture that ImportPyTorchFixtureTest imports and scores.

Run from this folder with Debian's PyTorch (apt-get install python3-torch python3-onnx; torch 1.13):

    /usr/bin/python3 make_fixture.py

It writes
  tiny_unet.onnx  a small U-shaped network (random weights from seed 16, eval mode) exported by torch.onnx.export,
                  opset 14, input "input" [N,1,129,129] with a dynamic batch, two outputs: "logits" [N,2,129,129]
                  and "aux" [N,2,33,33] (a training-style auxiliary head, as the reference's forward has)
  images.u8       3 test images, 101x101 8-bit levels, row-major, one after the other
  expected.f32    their salt probabilities as the reference's inference computes them (little-endian float32,
                  3 x 101 x 101): the image in [0, 1] padded symmetrically to 129, normalised (255 p - 123.03) / 255,
                  softmax over the logits, class 1, cropped to the centre; averaged with the same for the image's
                  left-right mirror (mirrored back): the reference's flip TTA, computed here in PyTorch and numpy only.
"""
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(16)


def cbr(cin, cout, dilation=1):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=dilation, dilation=dilation, bias=False),
                         nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class TinyUNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc1 = cbr(1, 8)
        self.enc2 = cbr(8, 16)
        self.enc3 = cbr(16, 16, dilation=2)
        self.dec2 = cbr(32, 8)
        self.dec1 = cbr(16, 8)
        self.classifier = nn.Conv2d(8, 2, 1)
        self.aux = nn.Conv2d(16, 2, 1)

    def forward(self, x):
        x1 = self.enc1(x)                                  # 129
        x2 = self.enc2(F.max_pool2d(x1, 2, ceil_mode=True))  # 65
        x3 = self.enc3(F.max_pool2d(x2, 2, ceil_mode=True))  # 33
        u2 = F.interpolate(x3, size=x2.shape[2:], mode="bilinear", align_corners=False)
        d2 = self.dec2(torch.cat([x2, u2], 1))
        u1 = F.interpolate(d2, size=x1.shape[2:], mode="bilinear", align_corners=False)
        d1 = self.dec1(torch.cat([x1, u1], 1))
        return self.classifier(d1), self.aux(x3)


model = TinyUNet()
# Batch-norm statistics that are not the identity, so the export must carry them.
with torch.no_grad():
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.uniform_(-0.2, 0.2)
            m.running_var.uniform_(0.5, 2.0)
            m.weight.uniform_(0.5, 1.5)
            m.bias.uniform_(-0.1, 0.1)
    # Larger head weights, so the probabilities spread over much of [0, 1] instead of sitting near 0.5.
    model.classifier.weight.mul_(12)
model.eval()

torch.onnx.export(model, torch.zeros(1, 1, 129, 129), "tiny_unet.onnx", input_names=["input"],
                  output_names=["logits", "aux"], opset_version=14,
                  dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}, "aux": {0: "N"}})

rng = np.random.default_rng(20181019)
noise = rng.integers(0, 256, size=(101, 101))
yy, xx = np.mgrid[0:101, 0:101]
layers = np.clip(np.round(127 + 100 * np.sin((yy + 0.3 * xx) / 9.0)), 0, 255)
blocks = np.where(xx < 40, np.where(yy % 2 == 0, 255, 0), np.where(yy < 60, 0, 255))
levels = np.stack([noise, layers, blocks]).astype(np.uint8)
levels.tofile("images.u8")


def probability(image01):
    padded = np.pad(image01, 14, mode="symmetric")
    x = torch.from_numpy(((255.0 * padded - 123.03) / 255.0).astype(np.float32))[None, None]
    with torch.no_grad():
        logits, _ = model(x)
    p = torch.softmax(logits.double(), dim=1)[0, 1].numpy()
    return p[14:115, 14:115]


expected = []
for image in levels.astype(np.float64) / 255.0:
    direct = probability(image)
    mirrored = probability(image[:, ::-1].copy())[:, ::-1]
    expected.append((direct + mirrored) / 2)
np.stack(expected).astype("<f4").tofile("expected.f32")
print("tiny_unet.onnx, images.u8, expected.f32 written; expected range %.4f .. %.4f"
      % (np.min(expected), np.max(expected)))
