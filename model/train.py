"""Train the CVAE. Usage: python3 train.py configs/cpu.json [--fresh]

Resumable: model/work/ckpt-<name>/last.pt is written every `ckpt_every` steps and loaded on
start (unless --fresh). Batches are drawn from a generator seeded with (seed, step), so a resumed
run sees the same batches as an uninterrupted one.
"""
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as Fn

from features import FPS
from labels import CONTENTS, STYLES
from net import CVAE, fk_heading_frame, foot_velocity
from skeleton import CONTACT_JOINTS, Canonical

HERE = os.path.dirname(os.path.abspath(__file__))
NC, NS = len(CONTENTS), len(STYLES)
C_DIM = NC + NS + 3


def load_data():
    d = np.load(os.path.join(HERE, "data", "dataset.npz"))
    with open(os.path.join(HERE, "splits.json")) as f:
        split = json.load(f)
    return d, split


def train_segments(d, split, heldout=False):
    """[(start, len, content, style)] of train (or held-out) frame ranges."""
    held = set(split["heldout_takes"])
    tail = set(split["heldout_tail_takes"])
    frac = split["heldout_tail_fraction"]
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


def norm_stats(feats, segs, J):
    idx = np.concatenate([np.arange(s, s + n) for s, n, *_ in segs])
    x = feats[idx].astype(np.float64)
    mean, std = x.mean(0), x.std(0)
    std = np.maximum(std, 1e-2)
    k = 4 + 6 * J
    mean[k:], std[k:] = 0.0, 1.0          # contacts stay raw logits
    return mean.astype(np.float32), std.astype(np.float32)


class Sampler:
    def __init__(self, d, segs, cfg):
        self.feats, self.speed, self.turn = d["feats"], d["speed"], d["turn"]
        self.segs, self.cfg = segs, cfg
        lens = np.array([n for _, n, *_ in segs], dtype=np.float64)
        cont = np.array([c for _, _, c, *_ in segs])
        per_content = np.bincount(cont, weights=lens, minlength=NC)
        w = lens * (per_content[cont] ** (cfg["content_balance_power"] - 1.0))
        self.lens, self.w = lens, w / w.sum()

    def batch(self, step):
        cfg = self.cfg
        rng = np.random.default_rng([cfg["seed"], step])
        T = int(rng.choice(cfg["window_choices"]))
        ok = self.lens >= T
        w = self.w * ok
        w /= w.sum()
        ids = rng.choice(len(self.segs), size=cfg["batch"], p=w)
        X = np.empty((cfg["batch"], T, self.feats.shape[1]), np.float32)
        Cd = np.zeros((cfg["batch"], T, C_DIM), np.float32)
        for b, i in enumerate(ids):
            s, n, c, st, _ = self.segs[i]
            o = s + rng.integers(0, n - T + 1)
            X[b] = self.feats[o:o + T]
            if rng.random() >= cfg["p_drop_content"]:
                Cd[b, :, c] = 1
                if rng.random() >= cfg["p_drop_style"]:
                    Cd[b, :, NC + st] = 1
            if rng.random() >= cfg["p_drop_traj"]:
                Cd[b, :, -3] = self.speed[o:o + T]
                Cd[b, :, -2] = self.turn[o:o + T]
                Cd[b, :, -1] = 1
        return torch.from_numpy(X), torch.from_numpy(Cd)


def losses(model, X, Cd, mean, std, sk_off, parents, foot_idx, cfg, step, J):
    k = 4 + 6 * J
    Xn = (X - mean) / std
    out, mu, logvar = model(Xn, Cd, cfg.get("p_prior_z", 0.0))
    rec = Fn.mse_loss(out[..., :k], Xn[..., :k])
    gt_contact = X[..., k:]
    con = Fn.binary_cross_entropy_with_logits(out[..., k:], gt_contact)
    pred = out * std + mean
    Pp = fk_heading_frame(pred, parents, sk_off, J)
    Pg = fk_heading_frame(X, parents, sk_off, J)
    fk = ((Pp - Pg) * 10).pow(2).mean()                      # decimetres²
    fv = foot_velocity(pred, Pp, foot_idx, FPS)
    m = gt_contact[:, :-1]
    foot = (fv * m).sum() / m.sum().clamp(min=1)
    kl = (0.5 * (mu.pow(2) + logvar.exp() - 1 - logvar)).mean()
    beta = cfg["kl_beta"] * min(1.0, step / max(1, cfg["kl_warmup_steps"]))
    total = rec + cfg["w_contact"] * con + cfg["w_fk"] * fk + cfg["w_foot"] * foot + beta * kl
    return total, {"rec": rec.item(), "con": con.item(), "fk": fk.item(), "foot": foot.item(), "kl": kl.item()}


def lr_at(step, cfg, minutes=0.0):
    """Linear warm-up, then cosine to 5% over whichever runs out first: steps or max_minutes
    (on a contended 2-core machine the wall-time cap is what ends the cpu run)."""
    if step < cfg["warmup_steps"]:
        return cfg["lr"] * (step + 1) / cfg["warmup_steps"]
    p = (step - cfg["warmup_steps"]) / max(1, cfg["steps"] - cfg["warmup_steps"])
    p = max(p, minutes / cfg["max_minutes"])
    return cfg["lr"] * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * min(1.0, p))))


def main():
    cfg_path = sys.argv[1]
    with open(cfg_path) as f:
        cfg = json.load(f)
    torch.set_num_threads(cfg["threads"])
    torch.manual_seed(cfg["seed"])
    ckdir = os.path.join(HERE, "work", f"ckpt-{cfg['name']}")
    os.makedirs(ckdir, exist_ok=True)
    os.makedirs(os.path.join(HERE, "logs"), exist_ok=True)
    log = open(os.path.join(HERE, "logs", f"train-{cfg['name']}.log"), "a")

    def say(msg):
        print(msg, flush=True)
        log.write(msg + "\n")
        log.flush()

    d, split = load_data()
    sk = Canonical(os.path.join(HERE, "work", "dataset"))
    J = sk.num_joints
    segs = train_segments(d, split)
    mean, std = norm_stats(d["feats"], segs, J)
    F = d["feats"].shape[1]
    dev = torch.device(cfg.get("device", "cpu") if torch.cuda.is_available() or cfg.get("device", "cpu") == "cpu" else "cpu")
    model = CVAE(F, C_DIM, cfg["model"]).to(dev)
    opt = torch.optim.AdamW(model.parameters(), lr=cfg["lr"], weight_decay=cfg["weight_decay"])
    step, elapsed = 0, 0.0
    last = os.path.join(ckdir, "last.pt")
    if os.path.exists(last) and "--fresh" not in sys.argv:
        ck = torch.load(last, weights_only=False, map_location=dev)
        model.load_state_dict(ck["model"]); opt.load_state_dict(ck["opt"])
        step, elapsed = ck["step"], ck["elapsed"]
        torch.set_rng_state(ck["torch_rng"].cpu())
        say(f"resumed from {last} at step {step} ({elapsed / 60:.1f} min trained); config now {json.dumps(cfg)}")
    else:
        n_dec = sum(p.numel() for p in model.dec.parameters())
        n_all = sum(p.numel() for p in model.parameters())
        say(f"config {cfg_path}: {json.dumps(cfg)}")
        say(f"train segments={len(segs)} frames={sum(s[1] for s in segs)} params decoder={n_dec} total={n_all}")
    sampler = Sampler(d, segs, cfg)
    meanT, stdT = torch.from_numpy(mean).to(dev), torch.from_numpy(std).to(dev)
    offT = torch.from_numpy(sk.rest_translation).float().to(dev)
    foot_idx = [sk.names.index(n) for n in CONTACT_JOINTS]

    def save():
        tmp = last + ".tmp"
        torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "step": step, "elapsed": elapsed,
                    "torch_rng": torch.get_rng_state(), "cfg": cfg, "mean": mean, "std": std}, tmp)
        os.replace(tmp, last)

    t_start = time.time() - elapsed
    # A time-limited machine (a lent GPU) can stop this session early without changing the
    # schedule: TRAIN_SESSION_MINUTES=7 saves and exits after 7 minutes; the next run resumes.
    session_end = time.time() + 60 * float(os.environ.get("TRAIN_SESSION_MINUTES", "inf"))
    acc, n_acc = {}, 0
    while step < cfg["steps"]:
        if (time.time() - t_start) / 60 > cfg["max_minutes"]:
            say(f"stopping at step {step}: max_minutes {cfg['max_minutes']} reached")
            break
        if time.time() > session_end:
            say(f"pausing at step {step}: TRAIN_SESSION_MINUTES reached (resume by running again)")
            break
        for g in opt.param_groups:
            g["lr"] = lr_at(step, cfg, (time.time() - t_start) / 60)
        X, Cd = (t.to(dev) for t in sampler.batch(step))
        total, parts = losses(model, X, Cd, meanT, stdT, offT, sk.parents, foot_idx, cfg, step, J)
        opt.zero_grad()
        total.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        elapsed = time.time() - t_start
        for k_, v in parts.items():
            acc[k_] = acc.get(k_, 0.0) + v
        acc["total"] = acc.get("total", 0.0) + total.item()
        n_acc += 1
        if step % cfg["log_every"] == 0:
            say(f"step {step} t={elapsed / 60:.1f}min lr={opt.param_groups[0]['lr']:.2e} " +
                " ".join(f"{k_}={v / n_acc:.4f}" for k_, v in acc.items()))
            acc, n_acc = {}, 0
        if step % cfg["ckpt_every"] == 0:
            save()
    save()
    model.to("cpu")
    torch.save({"model": model.state_dict(), "cfg": cfg, "mean": mean, "std": std, "step": step},
               os.path.join(ckdir, "final.pt"))
    say(f"done: step {step}, {elapsed / 60:.1f} min")


if __name__ == "__main__":
    main()
