"""The engine's U-Net 2D and MLP in PyTorch, layer for layer and name for name (state_dict keys
equal the engine's tensor names), and its Dice + BCE loss. Used by make-train-reference.py and
bench-train.py; needs torch."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class DoubleConv(nn.Module):
    def __init__(self, cin, cout, groups):
        super().__init__()
        g = cout if groups == 0 else groups
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=1, bias=False)
        self.norm1 = nn.GroupNorm(g, cout, eps=1e-5, affine=True)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1, bias=False)
        self.norm2 = nn.GroupNorm(g, cout, eps=1e-5, affine=True)

    def forward(self, x):
        x = F.relu(self.norm1(self.conv1(x)))
        return F.relu(self.norm2(self.conv2(x)))


class Up(nn.Module):
    def __init__(self, c, groups):
        super().__init__()
        self.up = nn.ConvTranspose2d(2 * c, c, 2, stride=2)
        self.conv1 = nn.Conv2d(2 * c, c, 3, padding=1, bias=False)
        g = c if groups == 0 else groups
        self.norm1 = nn.GroupNorm(g, c)
        self.conv2 = nn.Conv2d(c, c, 3, padding=1, bias=False)
        self.norm2 = nn.GroupNorm(g, c)

    def forward(self, x, skip):
        x = torch.cat([self.up(x), skip], dim=1)
        x = F.relu(self.norm1(self.conv1(x)))
        return F.relu(self.norm2(self.conv2(x)))


class UNet2D(nn.Module):
    def __init__(self, depth=3, base=16, cin=1, cout=1, groups=0):
        super().__init__()
        self.depth = depth
        for l in range(depth):
            setattr(self, f"enc{l}", DoubleConv(cin if l == 0 else base << (l - 1), base << l, groups))
        self.bottleneck = DoubleConv(base << (depth - 1), base << depth, groups)
        for l in range(depth - 1, -1, -1):
            setattr(self, f"dec{l}", Up(base << l, groups))
        self.head = nn.Conv2d(base, cout, 1)

    def forward(self, x):
        skips = []
        for l in range(self.depth):
            x = getattr(self, f"enc{l}")(x)
            skips.append(x)
            x = F.max_pool2d(x, 2)
        x = self.bottleneck(x)
        for l in range(self.depth - 1, -1, -1):
            x = getattr(self, f"dec{l}")(x, skips[l])
        return self.head(x)


class MLP(nn.Module):
    def __init__(self, fin, hidden, classes):
        super().__init__()
        self.n = len(hidden)
        for i, h in enumerate(hidden):
            setattr(self, f"fc{i}", nn.Linear(fin, h))
            fin = h
        self.head = nn.Linear(fin, classes)

    def forward(self, x):
        for i in range(self.n):
            x = F.relu(getattr(self, f"fc{i}")(x))
        return self.head(x)


def dice_bce(z, t, smooth=1e-5):
    """Mean over (sample, channel) of 1 - (2 I + s) / (P + T + s) on sigmoid(z), plus mean BCE."""
    p = torch.sigmoid(z)
    dims = tuple(range(2, z.dim()))
    inter = (p * t).sum(dims)
    den = p.sum(dims) + t.sum(dims)
    dice = 1 - (2 * inter + smooth) / (den + smooth)
    return dice.mean() + F.binary_cross_entropy_with_logits(z, t)
