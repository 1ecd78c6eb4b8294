"""Data access and classifier definition for evaluate.py.

Self-contained on purpose (no import of train.py / quick_eval.py, which are edited while the
model trains): the same split rule as train.train_segments (splits.json) and the same
classifier input and architecture as quick_eval.py (`clf_input`, `Classifier`).
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

HERE = os.path.dirname(os.path.abspath(__file__))
NC, NS = len(CONTENTS), len(STYLES)
WIN = 64


def load_data():
    d = np.load(os.path.join(HERE, "data", "dataset.npz"))
    with open(os.path.join(HERE, "splits.json")) as f:
        split = json.load(f)
    return d, split


def train_segments(d, split, heldout=False):
    """[(start, len, content, style, file)] of train (or held-out) frame ranges (splits.json rule)."""
    held = set(split["heldout_takes"])
    tail = set(split.get("heldout_tail_takes", []))
    frac = split.get("heldout_tail_fraction", 0.25)
    segs = []
    for s, n, c, st, f in zip(d["clip_start"], d["clip_len"], d["clip_content"], d["clip_style"], d["clip_file"]):
        f = str(f)
        if f in tail:
            cut = int(round(n * (1 - frac)))
            seg = (s + cut, n - cut) if heldout else (s, cut)
        elif (f in held) == heldout:
            seg = (s, n)
        else:
            continue
        segs.append((int(seg[0]), int(seg[1]), int(c), int(st), f))
    return segs


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
