#!/usr/bin/env python3
"""Writes Tests/FlockTrainTests/Resources/torch_reference.json: forward and backward of small
U-Nets and an MLP in PyTorch (scripts/torch_unet.py, the engine's architecture layer for layer),
with weights and inputs from a fixed formula, so the Swift tests can check the C engine against
PyTorch without needing torch. Run once after changing the architecture:

    scripts/install-deps.sh --bench && .venv/bin/python scripts/make-train-reference.py
"""
import json
import math
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_unet import MLP, UNet2D, dice_bce  # noqa: E402

torch.set_default_dtype(torch.float64)   # the reference in double; the engine runs float32


def formula(n, k, scale, offset=0.0):
    return [offset + scale * math.sin(0.7 * i + 1.3 * k + 0.1 * i * i % 7) for i in range(n)]


def set_weights(model):
    for k, (name, p) in enumerate(model.state_dict().items()):
        n = p.numel()
        if name.endswith("norm1.weight") or name.endswith("norm2.weight"):
            vals = formula(n, k, 0.2, 1.0)
        elif name.endswith(".bias"):
            vals = formula(n, k, 0.1)
        else:
            fan_in = n // p.shape[0] if "up" not in name else p.shape[0]
            vals = formula(n, k, 1.5 / math.sqrt(fan_in))
        p.copy_(torch.tensor(vals).reshape(p.shape))


def r(xs):
    return [float("%.9g" % v) for v in xs]


def case_unet(name, depth, base, cout, hw, n, groups, loss):
    torch.manual_seed(0)
    model = UNet2D(depth, base, 1, cout, groups)
    with torch.no_grad():
        set_weights(model)
    x = torch.tensor(formula(n * hw * hw, 99, 1.0)).reshape(n, 1, hw, hw)
    if loss == "dice_bce":
        y = (torch.tensor(formula(n * cout * hw * hw, 7, 1.0)).reshape(n, cout, hw, hw) > 0.3).double()
    else:
        y = torch.tensor([int(abs(v) * 2.99) for v in formula(n * hw * hw, 5, 1.0)]).reshape(n, hw, hw)
    z = model(x)
    l = dice_bce(z, y) if loss == "dice_bce" else F.cross_entropy(z, y)
    l.backward()
    return {
        "name": name, "model": "unet2d", "depth": depth, "base_channels": base, "out_channels": cout,
        "size": hw, "batch": n, "norm_groups": groups, "loss": loss,
        "x": r(x.flatten().tolist()), "y": r(y.double().flatten().tolist()),
        "order": list(model.state_dict().keys()),
        "weights": {k: {"shape": list(v.shape), "values": r(v.flatten().tolist())} for k, v in model.state_dict().items()},
        "expected_loss": l.item(), "expected_logits": r(z.detach().flatten().tolist()),
        "expected_grads": {k: r(p.grad.flatten().tolist()) for k, p in model.named_parameters()},
    }


def case_mlp():
    model = MLP(5, [7, 6], 3)
    with torch.no_grad():
        set_weights(model)
    n = 4
    x = torch.tensor(formula(n * 5, 3, 1.0)).reshape(n, 5)
    y = torch.tensor([0, 2, 1, 2])
    z = model(x)
    l = F.cross_entropy(z, y)
    l.backward()
    return {
        "name": "mlp", "model": "mlp", "in_features": 5, "hidden": [7, 6], "classes": 3, "batch": n,
        "loss": "ce", "x": r(x.flatten().tolist()), "y": r(y.double().tolist()),
        "order": list(model.state_dict().keys()),
        "weights": {k: {"shape": list(v.shape), "values": r(v.flatten().tolist())} for k, v in model.state_dict().items()},
        "expected_loss": l.item(), "expected_logits": r(z.detach().flatten().tolist()),
        "expected_grads": {k: r(p.grad.flatten().tolist()) for k, p in model.named_parameters()},
    }


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "FlockTrainTests",
                       "Resources", "torch_reference.json")
    cases = [
        case_unet("unet_instance_dice_bce", 2, 4, 1, 16, 2, 0, "dice_bce"),
        case_unet("unet_group_ce", 1, 4, 3, 8, 2, 2, "ce"),
        case_mlp(),
    ]
    doc = {"generator": "scripts/make-train-reference.py", "torch": torch.__version__, "cases": cases}
    with open(out, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
    print(f"wrote {os.path.relpath(out)} ({os.path.getsize(out)} bytes)")


if __name__ == "__main__":
    main()
