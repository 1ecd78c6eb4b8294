"""Data access and classifier definition for evaluate.py.

The split rule is train.train_segments (splits.json); the classifier input (`clf_input`) and
architecture (`Classifier`) defined here are shared with quick_eval.py.
"""
from __future__ import annotations

import json
import os

import numpy as np
import torch
from torch import nn
import torch.nn.functional as Fn

from features import FPS
from labels import CONTENTS, STYLES
from train import train_segments  # noqa: F401  (the split rule lives in train.py; re-exported here)

HERE = os.path.dirname(os.path.abspath(__file__))
NC, NS = len(CONTENTS), len(STYLES)
WIN = 64


def load_data():
    d = np.load(os.path.join(HERE, "data", "dataset.npz"))
    with open(os.path.join(HERE, "splits.json")) as f:
        split = json.load(f)
    return d, split


def clf_input(sk, P: np.ndarray) -> np.ndarray:
    """World joint positions [T,J,3] -> classifier input [T, 3J+3]: joint positions relative to the
    root's ground projection in the heading frame, root ground velocity (heading frame), heading rate."""
    i = sk.names.index
    a = (P[:, i("LeftUpperLeg")] - P[:, i("RightUpperLeg")]) + (P[:, i("LeftUpperArm")] - P[:, i("RightUpperArm")])
    h = np.arctan2(-a[:, 2], a[:, 0])
    c, s = np.cos(h)[:, None], np.sin(h)[:, None]
    root = P[:, 0] * np.array([1, 0, 1])
    rel = P - root[:, None]
    x = c * rel[..., 0] - s * rel[..., 2]
    z = s * rel[..., 0] + c * rel[..., 2]
    pos = np.stack([x, rel[..., 1], z], -1).reshape(len(P), -1)
    d = np.diff(root, axis=0) * FPS
    d = np.concatenate([d, d[-1:]])
    vx = c[:, 0] * d[:, 0] - s[:, 0] * d[:, 2]
    vz = s[:, 0] * d[:, 0] + c[:, 0] * d[:, 2]
    dh = np.angle(np.exp(1j * np.diff(h))) * FPS
    dh = np.concatenate([dh, dh[-1:]])
    return np.concatenate([pos, vx[:, None], vz[:, None], dh[:, None]], 1).astype(np.float32)


class Classifier(nn.Module):
    """Temporal conv net, mean-pooled over time, content and style heads."""

    def __init__(self, D, mean, std, hid=128):
        super().__init__()
        self.register_buffer("mean", torch.as_tensor(mean, dtype=torch.float32).reshape(1, 1, -1))
        self.register_buffer("std", torch.as_tensor(std, dtype=torch.float32).reshape(1, 1, -1))
        self.c1 = nn.Conv1d(D, hid, 5, padding=2)
        self.c2 = nn.Conv1d(hid, hid, 5, stride=2, padding=2)
        self.c3 = nn.Conv1d(hid, hid, 5, padding=4, dilation=2)
        self.head = nn.Linear(hid, NC + NS)

    def forward(self, x):  # [B,T,D] -> content logits [B,NC], style logits [B,NS]
        h = ((x - self.mean) / self.std).transpose(1, 2)
        h = Fn.gelu(self.c3(Fn.gelu(self.c2(Fn.gelu(self.c1(h))))))
        y = self.head(h.mean(-1))
        return y[:, :NC], y[:, NC:]
