"""Fit the structured latent prior (net.Prior) from the trained encoder's posteriors.

Usage: python3 prior.py [checkpoint]  -> work/ckpt-cpu/prior.pt, logs/prior.log
"""
import os
import sys

import numpy as np
import torch

from labels import CONTENTS
from net import CVAE, Prior
from train import C_DIM, NC, load_data, train_segments

HERE = os.path.dirname(os.path.abspath(__file__))
SEED, WINDOWS, T, K = 5, 48, 96, 8


def fit(ck_path):
    ck = torch.load(ck_path, weights_only=False)
    cfg = ck["cfg"]
    d, split = load_data()
    segs = [s for s in train_segments(d, split) if s[1] >= T]
    model = CVAE(d["feats"].shape[1], C_DIM, cfg["model"]); model.load_state_dict(ck["model"]); model.eval()
    mean, std = torch.from_numpy(ck["mean"]), torch.from_numpy(ck["std"])
    rng = np.random.default_rng(SEED)
    dz = cfg["model"]["latent_dim"]
    prior = Prior(NC, C_DIM, dz, K)
    allz = []
    lines = []
    for c in range(NC):
        cs = [s for s in segs if s[2] == c]
        X = np.empty((WINDOWS, T, d["feats"].shape[1]), np.float32)
        Cd = np.zeros((WINDOWS, T, C_DIM), np.float32)
        for b in range(WINDOWS):
            s, n, _, st, _ = cs[rng.integers(len(cs))]
            o = s + rng.integers(0, n - T + 1)
            X[b] = d["feats"][o:o + T]
            Cd[b, :, c] = 1
            Cd[b, :, NC + st] = 1
        with torch.no_grad():
            mu, logvar = model.enc((torch.from_numpy(X) - mean) / std, torch.from_numpy(Cd))
        z = (mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)).numpy()      # aggregate-posterior samples
        allz.append(z)
        prior.mu[c] = torch.from_numpy(z.mean((0, 1)))
        prior.sd[c] = torch.from_numpy(z.std((0, 1)) + 1e-3)
        lines.append(f"{CONTENTS[c]:22s} |mu|={np.abs(z.mean((0, 1))).mean():.2f} sd={z.std((0, 1)).mean():.2f}")
    Z = np.concatenate(allz)
    prior.mu[NC] = torch.from_numpy(Z.mean((0, 1)))
    prior.sd[NC] = torch.from_numpy(Z.std((0, 1)) + 1e-3)
    # lag autocorrelation per dim of standardised posterior samples, per-content-normalised
    zs = np.concatenate([(z - z.mean((0, 1))) / (z.std((0, 1)) + 1e-6) for z in allz])
    rho = np.array([[np.mean(zs[:, k:, j] * zs[:, :zs.shape[1] - k, j]) for k in range(K)] for j in range(dz)])
    # taps: decaying with the lag-1 autocorrelation (AR(1) shape), unit L2 norm
    r1 = np.clip(rho[:, 1], 0.0, 0.95)
    taps = r1[:, None] ** np.arange(K)[None, ::-1]               # causal: last tap = current step
    taps /= np.linalg.norm(taps, axis=1, keepdims=True)
    prior.kernel[:, 0, :] = torch.from_numpy(taps.astype(np.float32))
    lines.append("lag-1 autocorrelation per dim: " + " ".join(f"{x:.2f}" for x in rho[:, 1]))
    torch.save(prior.state_dict(), os.path.join(os.path.dirname(ck_path), "prior.pt"))
    return prior, lines


if __name__ == "__main__":
    torch.manual_seed(SEED)
    torch.set_num_threads(1)
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "work", "ckpt-cpu", "final.pt")
    _, lines = fit(path)
    with open(os.path.join(HERE, "logs", "prior.log"), "w") as f:
        f.write(f"prior fitted from {path}\n" + "\n".join(lines) + "\n")
    print("\n".join(lines))
