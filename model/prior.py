"""Fit the structured latent prior (net.Prior) from the trained encoder's posteriors.

Usage: python3 prior.py [checkpoint]  -> work/ckpt-cpu/prior.pt, logs/prior.log
"""
import os
import sys

import numpy as np
import torch

from labels import CONTENTS
from net import CVAE, PRIOR_ORDER, PRIOR_TAPS, Prior
from train import C_DIM, NC, load_data, train_segments

HERE = os.path.dirname(os.path.abspath(__file__))
SEED, WINDOWS, T = 5, 64, 128


def fit_var(z: np.ndarray, order: int, taps: int):
    """Least-squares VAR(order) of latent sequences z [B,T4,D] -> (mean [D], impulse response [taps,D,D])."""
    B, T4, D = z.shape
    m = z.reshape(-1, D).mean(0)
    zc = z - m
    Y = zc[:, order:].reshape(-1, D)
    X = np.concatenate([zc[:, order - k:T4 - k] for k in range(1, order + 1)], -1).reshape(-1, order * D)
    lam = 0.1 * len(X)                                               # ridge: thin contents repeat few takes
    A = np.linalg.solve(X.T @ X + lam * np.eye(order * D), X.T @ Y)
    resid = Y - X @ A
    L = np.linalg.cholesky(np.cov(resid.T) + 1e-6 * np.eye(D))
    Ak = [A[k * D:(k + 1) * D].T for k in range(order)]          # z_t = sum_k Ak[k] z_(t-1-k) + L e_t
    H = [L]
    for j in range(1, taps):
        H.append(sum(Ak[k] @ H[j - 1 - k] for k in range(order) if j - 1 - k >= 0))
    H = np.stack(H)
    # a fitted VAR can be (barely) unstable on short data: shrink the tail until it decays
    gain = np.linalg.norm(H.reshape(taps, -1), axis=1)
    if gain[-1] > 0.25 * gain[0]:
        H = H * np.exp(-np.arange(taps) / (taps / 3))[:, None, None]
    # calibrate: the process's stationary variance per dimension equals the posterior's (an
    # overfitted VAR on a thin content otherwise leaves almost no noise, i.e. one motion per content)
    var_model = np.einsum("kij,kij->i", H, H)
    H = H * np.sqrt(zc.reshape(-1, D).var(0) / np.maximum(var_model, 1e-6))[None, :, None]
    return m, H


def fit(ck_path):
    ck = torch.load(ck_path, weights_only=False)
    cfg = ck["cfg"]
    d, split = load_data()
    segs = [s for s in train_segments(d, split) if s[1] >= 32]
    model = CVAE(d["feats"].shape[1], C_DIM, cfg["model"]); model.load_state_dict(ck["model"]); model.eval()
    mean, std = torch.from_numpy(ck["mean"]), torch.from_numpy(ck["std"])
    rng = np.random.default_rng(SEED)
    dz = cfg["model"]["latent_dim"]
    prior = Prior(NC, C_DIM, dz, PRIOR_TAPS)
    allz = []
    lines = [f"VAR({PRIOR_ORDER}) per content, impulse response {PRIOR_TAPS} latent steps; {WINDOWS} posterior windows of {T} frames each"]
    for c in range(NC):
        Tc = min(T, max(s[1] for s in segs if s[2] == c) // 4 * 4)      # thin contents: shorter windows
        cs = [s for s in segs if s[2] == c and s[1] >= Tc]
        X = np.empty((WINDOWS, Tc, d["feats"].shape[1]), np.float32)
        Cd = np.zeros((WINDOWS, Tc, C_DIM), np.float32)
        for b in range(WINDOWS):
            s, n, _, st, _ = cs[rng.integers(len(cs))]
            o = s + rng.integers(0, n - Tc + 1)
            X[b] = d["feats"][o:o + Tc]
            Cd[b, :, c] = 1
            Cd[b, :, NC + st] = 1
            Cd[b, :, -3], Cd[b, :, -2], Cd[b, :, -1] = d["speed"][o:o + Tc], d["turn"][o:o + Tc], 1
        with torch.no_grad():
            mu, logvar = model.enc((torch.from_numpy(X) - mean) / std, torch.from_numpy(Cd))
        z = (mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)).numpy()      # aggregate-posterior samples
        allz.append(z)
        m, H = fit_var(z, PRIOR_ORDER, PRIOR_TAPS)
        prior.mu[c] = torch.from_numpy(m).float()
        prior.set_impulse_response(c, torch.from_numpy(H).float())
        var_model = np.einsum("kij,kij->i", H, H).mean()
        lines.append(f"{CONTENTS[c]:22s} T={Tc} |mu|={np.abs(m).mean():.2f} posterior var={z.var((0, 1)).mean():.2f} prior var={var_model:.2f}")
    # the global process (unconditioned segments): every content's windows, cropped to 16 steps
    m, H = fit_var(np.concatenate([z[:, :16] for z in allz if z.shape[1] >= 16]), PRIOR_ORDER, PRIOR_TAPS)
    prior.mu[NC] = torch.from_numpy(m).float()
    prior.set_impulse_response(NC, torch.from_numpy(H).float())
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
