"""The evaluation's motion classifier (content + style heads).

Same architecture and input as quick_eval.py (`Classifier`, `clf_input`: root-relative joint
positions in the heading frame + root ground velocity + heading rate), trained with a fixed seed
on the *train* takes only (splits.json) and cached under .cache/eval/ (keyed by the data, the
split and the skeleton), so a second `npm run eval:model` skips training.
"""
from __future__ import annotations

import hashlib
import os
import time

import numpy as np
import torch
import torch.nn.functional as Fn

from labels import CONTENTS
from eval_data import Classifier, WIN

SEED = 4242
STEPS = 1200
BATCH = 64
NC = len(CONTENTS)


def cache_key(data_path: str, split_path: str, skeleton_sig: str) -> str:
    st = os.stat(data_path)
    with open(split_path, "rb") as f:
        split = f.read()
    h = hashlib.sha256(f"{st.st_size}:{int(st.st_mtime)}:{STEPS}:{BATCH}:{SEED}:{skeleton_sig}".encode() + split)
    return h.hexdigest()[:16]


def train_classifier(train: list[tuple[np.ndarray, int, int]], say=print) -> Classifier:
    """train: [(clf_input [T, D], content, style)] of train takes."""
    torch.manual_seed(SEED)
    rng = np.random.default_rng(SEED)
    allx = np.concatenate([x for x, _, _ in train])
    clf = Classifier(allx.shape[1], allx.mean(0), np.maximum(allx.std(0), 1e-3))
    opt = torch.optim.AdamW(clf.parameters(), lr=2e-3, weight_decay=1e-3)
    tr = [t for t in train if len(t[0]) >= WIN]
    lens = np.array([len(t[0]) for t in tr], float)
    cont = np.array([t[1] for t in tr])
    sty = np.array([t[2] for t in tr])
    w = lens / np.bincount(cont, weights=lens, minlength=NC)[cont]      # content-balanced
    w /= w.sum()
    t0 = time.time()
    for step in range(STEPS):
        ids = rng.choice(len(tr), BATCH, p=w)
        xb = np.stack([tr[i][0][o:o + WIN] for i in ids for o in [rng.integers(0, len(tr[i][0]) - WIN + 1)]])
        lc, ls = clf(torch.from_numpy(xb))
        loss = Fn.cross_entropy(lc, torch.from_numpy(cont[ids])) + Fn.cross_entropy(ls, torch.from_numpy(sty[ids]))
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % 300 == 0 or step == STEPS - 1:
            say(f"# classifier step {step} loss={loss.item():.3f} ({time.time() - t0:.0f}s)")
    clf.eval()
    return clf


def load_or_train(path: str, train_fn, dim: int, say=print) -> Classifier:
    if os.path.exists(path):
        state = torch.load(path, weights_only=True)
        clf = Classifier(dim, np.zeros(dim, np.float32), np.ones(dim, np.float32))
        clf.load_state_dict(state)
        clf.eval()
        say(f"# classifier: cached {path}")
        return clf
    clf = train_fn()
    os.makedirs(os.path.dirname(path), exist_ok=True)
    torch.save(clf.state_dict(), path)
    return clf


def classify(clf: Classifier, x: np.ndarray) -> tuple[int, int]:
    with torch.no_grad():
        lc, ls = clf(torch.from_numpy(np.ascontiguousarray(x, dtype=np.float32))[None])
    return int(lc.argmax()), int(ls.argmax())
