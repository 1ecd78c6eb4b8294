"""Python-side quick evaluation.

1. Trains a small motion classifier (content + style heads) on train takes (joint-position
   input, see model/eval/README.md), exports it to model/eval/classifier.onnx.
2. Ceiling: its accuracy on held-out real takes.
3. Generated: for each content, N samples (4 s) from the trained decoder (torch, N(0,1) noise x
   temperature), half with style `normal`, half with a style seen with that content; reports the
   per-content recognition, style recognition and foot skating (cm/s) real vs generated.

Usage: python3 quick_eval.py [checkpoint] [--temperature 1.0]   (writes logs/quick_eval.log)
"""
import json
import os
import sys
import time

import numpy as np
import torch
from torch import nn
import torch.nn.functional as Fn

from features import CONTACT_HEIGHT, FPS, decode_features
from labels import CONTENTS, STYLES
from net import CVAE, ExportDecoder, Prior
from skeleton import CONTACT_JOINTS, Canonical
from train import C_DIM, load_data, train_segments
from eval_data import Classifier, clf_input

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 99
WIN = 64
CLF_STEPS = 800
NC, NS = len(CONTENTS), len(STYLES)


QUICK_CLF_HID = 96  # hidden width of the quick classifier (eval_data.Classifier defaults to 128)


def skating(sk, P):
    """Mean horizontal speed (cm/s) of foot joints over frames below their contact height."""
    tot, n = 0.0, 0
    for name in CONTACT_JOINTS:
        j = sk.names.index(name)
        v = np.linalg.norm(np.diff(P[:, j, [0, 2]], axis=0), axis=-1) * FPS * 100
        m = P[:-1, j, 1] < CONTACT_HEIGHT[name]
        tot += v[m].sum(); n += m.sum()
    return tot / max(n, 1), n


def world_positions(sk, feats):
    P, _ = decode_features(sk, feats)
    return P


def load_classifier(path):
    ck = torch.load(path, weights_only=False)
    clf = Classifier(ck["dim"], np.zeros(ck["dim"]), np.ones(ck["dim"]), hid=QUICK_CLF_HID)
    clf.load_state_dict(ck["state"])
    clf.eval()
    return clf, ck["ceiling"]


def train_classifier(sk, d, split, feats, rng, say):
    t0 = time.time()
    data = {}
    for part in ("train", "heldout"):
        segs = train_segments(d, split, heldout=(part == "heldout"))
        data[part] = [(clf_input(sk, world_positions(sk, feats[s:s + n])), c, st) for s, n, c, st, _ in segs]
    say(f"classifier data: train takes={len(data['train'])} heldout takes={len(data['heldout'])} ({time.time() - t0:.0f}s)")
    allx = np.concatenate([x for x, _, _ in data["train"]])
    clf = Classifier(allx.shape[1], allx.mean(0), np.maximum(allx.std(0), 1e-3), hid=QUICK_CLF_HID)
    opt = torch.optim.AdamW(clf.parameters(), lr=2e-3, weight_decay=1e-3)
    tr = [t for t in data["train"] if len(t[0]) >= WIN]
    lens = np.array([len(t[0]) for t in tr], float)
    cont = np.array([t[1] for t in tr])
    w = lens / np.bincount(cont, weights=lens, minlength=NC)[cont]
    w /= w.sum()
    for step in range(CLF_STEPS):
        ids = rng.choice(len(tr), 32, p=w)
        xb = np.stack([tr[i][0][o:o + WIN] for i in ids for o in [rng.integers(0, len(tr[i][0]) - WIN + 1)]])
        lc, ls = clf(torch.from_numpy(xb))
        loss = Fn.cross_entropy(lc, torch.tensor(cont[ids])) + Fn.cross_entropy(ls, torch.tensor([tr[i][2] for i in ids]))
        opt.zero_grad(); loss.backward(); opt.step()
        if step % 200 == 0 or step == CLF_STEPS - 1:
            say(f"classifier step {step} loss={loss.item():.3f} ({time.time() - t0:.0f}s)")
    clf.eval()
    os.makedirs(os.path.join(HERE, "eval"), exist_ok=True)
    torch.onnx.export(clf, (torch.zeros(1, WIN, allx.shape[1]),), os.path.join(HERE, "eval", "classifier.onnx"),
                      input_names=["motion"], output_names=["content_logits", "style_logits"],
                      dynamic_axes={"motion": {0: "B", 1: "T"}}, opset_version=17, dynamo=False)

    def classify(x):
        with torch.no_grad():
            lc, ls = clf(torch.from_numpy(x[None]))
        return int(lc.argmax()), int(ls.argmax())

    real = {c: [0, 0] for c in range(NC)}
    real_style = [0, 0]
    for x, c, st in data["heldout"]:
        for o in range(0, max(1, len(x) - 120 + 1), 120):
            pc, ps = classify(x[o:o + 120])
            real[c][0] += int(pc == c); real[c][1] += 1
            real_style[0] += int(ps == st); real_style[1] += 1
    skate_real = [skating(sk, world_positions(sk, feats[s:s + n])) for s, n, *_ in train_segments(d, split, heldout=True)]
    skate_real = [(float(a), int(b)) for a, b in skate_real]
    return clf, {"real": real, "real_style": real_style, "skate_real": skate_real}


def main():
    ck_path = next((a for a in sys.argv[1:] if a.endswith(".pt")), os.path.join(HERE, "work", "ckpt-cpu", "final.pt"))
    temp = float(sys.argv[sys.argv.index("--temperature") + 1]) if "--temperature" in sys.argv else 1.0
    torch.set_num_threads(2)
    torch.manual_seed(SEED)
    rng = np.random.default_rng(SEED)
    t0 = time.time()
    out = open(os.path.join(HERE, "logs", "quick_eval.log"), "w")

    def say(m):
        print(m, flush=True); out.write(m + "\n"); out.flush()

    sk = Canonical(os.path.join(HERE, "work", "dataset"))
    d, split = load_data()
    feats = d["feats"]
    cache = os.path.join(HERE, "work", "classifier.pt")
    if os.path.exists(cache) and "--retrain" not in sys.argv:
        clf, ceiling = load_classifier(cache)
        say(f"classifier loaded from {cache} (delete it or pass --retrain to retrain)")
    else:
        clf, ceiling = train_classifier(sk, d, split, feats, rng, say)
        torch.save({"state": clf.state_dict(), "dim": clf.c1.in_channels, "ceiling": ceiling}, cache)
    real, real_style, skate_real = ceiling["real"], ceiling["real_style"], ceiling["skate_real"]
    if "--classifier-only" in sys.argv:
        return

    def classify(x):
        with torch.no_grad():
            lc, ls = clf(torch.from_numpy(x[None]))
        return int(lc.argmax()), int(ls.argmax())

    # generated
    ck = torch.load(ck_path, weights_only=False)
    cfg = ck["cfg"]
    model = CVAE(feats.shape[1], C_DIM, cfg["model"]); model.load_state_dict(ck["model"]); model.eval()
    mean, std = torch.from_numpy(ck["mean"]), torch.from_numpy(ck["std"])
    prior_path = os.path.join(os.path.dirname(ck_path), "prior.pt")
    prior = None
    if os.path.exists(prior_path) and "--no-prior" not in sys.argv:
        prior = Prior(NC, C_DIM, cfg["model"]["latent_dim"])
        prior.load_state_dict(torch.load(prior_path))
    gen_model = ExportDecoder(model.dec, mean, std, prior).eval()
    say(f"latent prior: {prior_path if prior is not None else 'N(0,1) (none)'}")
    seen = {}
    for _, _, c, st, _ in train_segments(d, split):
        seen.setdefault(c, set()).add(st)
    N, T = 16, 120
    gen = {}
    gen_style = [0, 0]
    skate_gen = []
    for c in range(NC):
        cond = np.zeros((N, T, C_DIM), np.float32)
        cond[:, :, c] = 1
        styles = [STYLES.index("normal") if (k < N // 2 and STYLES.index("normal") in seen[c])
                  else int(rng.choice(sorted(seen[c]))) for k in range(N)]
        for k, st in enumerate(styles):
            cond[k, :, NC + st] = 1
        z = torch.randn(N, T // 4, cfg["model"]["latent_dim"]) * temp
        with torch.no_grad():
            y = gen_model(torch.from_numpy(cond), z).numpy()
        ok = 0
        for k in range(N):
            P = world_positions(sk, y[k])
            pc, ps = classify(clf_input(sk, P))
            ok += pc == c
            gen_style[0] += ps == styles[k]; gen_style[1] += 1
            skate_gen.append(skating(sk, P))
        gen[c] = ok / N
    say(f"\ncheckpoint {ck_path} (step {ck.get('step')}), temperature {temp}, {N} samples x {T} frames per content")
    say(f"{'content':22s} {'real_heldout':>14s} {'generated':>10s}")
    for c in range(NC):
        r = real[c] if c in real else real[str(c)]
        say(f"{CONTENTS[c]:22s} {r[0]:>5d}/{r[1]:<5d}{(r[0] / max(r[1], 1)):>4.0%} {gen[c]:>10.0%}")
    rc = sum(r[0] for r in real.values()) / sum(r[1] for r in real.values())
    say(f"{'MEAN content':22s} {rc:>14.1%} {np.mean(list(gen.values())):>10.1%}")
    say(f"{'style':22s} {real_style[0] / real_style[1]:>14.1%} {gen_style[0] / gen_style[1]:>10.1%}")

    def agg(lst):
        return sum(v * n for v, n in lst) / max(1, sum(n for _, n in lst))
    say(f"foot skating of low (planted) foot joints, cm/s: real_heldout={agg(skate_real):.2f} generated={agg(skate_gen):.2f} "
        f"ratio={agg(skate_gen) / agg(skate_real):.2f}")
    # trajectory conditioning: requested vs achieved mean ground speed / heading rate (walk, normal)
    say("trajectory conditioning (walk/normal, 8 samples x 120 frames each): requested -> achieved mean")
    for sp, tu in [(0.8, 0.0), (1.4, 0.0), (1.2, 0.5), (1.2, -0.5), (3.0, 0.0)]:
        cond = np.zeros((8, T, C_DIM), np.float32)
        cond[:, :, CONTENTS.index("walk" if sp < 2 else "run")] = 1
        cond[:, :, NC + STYLES.index("normal")] = 1
        cond[:, :, -3], cond[:, :, -2], cond[:, :, -1] = sp, tu, 1
        z = torch.randn(8, T // 4, cfg["model"]["latent_dim"]) * temp
        with torch.no_grad():
            y = gen_model(torch.from_numpy(cond), z).numpy()
        say(f"  speed {sp:.1f} m/s turn {tu:+.1f} rad/s -> speed {np.hypot(y[..., 1], y[..., 2]).mean():.2f} "
            f"turn {y[..., 3].mean():+.2f}")
    say(f"time {time.time() - t0:.0f}s")


if __name__ == "__main__":
    main()
