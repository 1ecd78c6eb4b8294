"""Unpack the dataset, convert every clip to features, write the train/held-out split.

Outputs: model/data/dataset.npz (gitignored) and model/splits.json (committed).
"""
import glob
import json
import os
import random
import subprocess
import sys
import time

import numpy as np

from bvh import read_bvh
from features import clip_features
from labels import CONTENTS, STYLES, parse_name
from skeleton import Canonical

HERE = os.path.dirname(os.path.abspath(__file__))
WORK = os.path.join(HERE, "work")
DATASET = os.path.join(WORK, "dataset")
ARCHIVE = os.path.join(HERE, "..", "..", "shared", "data", "bandai-namco", "bandai-namco-motion.tar.xz")
SEED = 1234
HOLDOUT = 0.10


def unpack():
    if os.path.isdir(os.path.join(DATASET, "Bandai-Namco-Research-Motiondataset-2", "data")):
        print("dataset already unpacked at", DATASET)
        return
    os.makedirs(WORK, exist_ok=True)
    archive = os.environ.get("BN_ARCHIVE", ARCHIVE)
    print("unpacking", archive)
    subprocess.run(["tar", "-xJf", archive, "-C", WORK], check=True)


def make_split(clips):
    """Held-out takes: 10% per (content, style) group with >= 5 takes; smaller groups pooled per
    content (10%, at least 1 when the pool has >= 3 takes); contents with < 3 takes in total hold
    out the last 25% of frames of each take instead."""
    rng = random.Random(SEED)
    groups = {}
    for c in clips:
        groups.setdefault((c["content"], c["style"]), []).append(c["file"])
    held, pools = [], {}
    for (content, _style), files in sorted(groups.items()):
        files = sorted(files)
        if len(files) >= 5:
            held += rng.sample(files, max(1, round(HOLDOUT * len(files))))
        else:
            pools.setdefault(content, []).extend(files)
    tail = []
    for content, files in sorted(pools.items()):
        files = sorted(files)
        if len(files) >= 3:
            held += rng.sample(files, max(1, round(HOLDOUT * len(files))))
        else:
            tail += files
    return {"seed": SEED, "rule": make_split.__doc__.strip().replace("\n    ", " "),
            "heldout_takes": sorted(held), "heldout_tail_fraction": 0.25, "heldout_tail_takes": sorted(tail)}


def main():
    t0 = time.time()
    unpack()
    sk = Canonical(DATASET)
    files = sorted(glob.glob(os.path.join(DATASET, "*", "data", "*.bvh")))
    clips, feats, speed, turn = [], [], [], []
    start = 0
    for i, path in enumerate(files):
        lab = parse_name(os.path.basename(path))
        if lab is None:
            continue
        with open(path[:-4] + ".json") as f:
            js = json.load(f)
        b = read_bvh(path)
        root, local, P = sk.to_mmcp(b)
        F, sp, tu = clip_features(sk, root, local, P)
        name = os.path.basename(path)[:-4]
        clips.append({"file": name, "content": lab[1], "style": lab[2], "start": start, "len": len(F),
                      "orig_label": js})
        feats.append(F); speed.append(sp); turn.append(tu)
        start += len(F)
        if i % 500 == 0:
            print(f"{i}/{len(files)} {time.time() - t0:.0f}s", flush=True)
    split = make_split(clips)
    with open(os.path.join(HERE, "splits.json"), "w") as f:
        json.dump(split, f, indent=1)
    os.makedirs(os.path.join(HERE, "data"), exist_ok=True)
    np.savez(os.path.join(HERE, "data", "dataset.npz"), feats=np.concatenate(feats), speed=np.concatenate(speed),
             turn=np.concatenate(turn),
             clip_start=np.array([c["start"] for c in clips]), clip_len=np.array([c["len"] for c in clips]),
             clip_content=np.array([CONTENTS.index(c["content"]) for c in clips]),
             clip_style=np.array([STYLES.index(c["style"]) for c in clips]),
             clip_file=np.array([c["file"] for c in clips]))
    n = sum(c["len"] for c in clips)
    print(f"clips={len(clips)} frames={n} heldout_takes={len(split['heldout_takes'])} "
          f"tail_takes={len(split['heldout_tail_takes'])} time={time.time() - t0:.0f}s")


if __name__ == "__main__":
    sys.exit(main())
