"""Per-frame features (layout in MODEL-CONTRACT.md) and conditioning signals, numpy."""
from __future__ import annotations

import numpy as np

from skeleton import CONTACT_JOINTS, Canonical, heading_from_positions, rot_y

FPS = 30
WINDOW = 31                    # ~1 s centred window for speed / turn
CONTACT_HEIGHT = {"LeftFoot": 0.15, "RightFoot": 0.15, "LeftToes": 0.08, "RightToes": 0.08}
CONTACT_SPEED = 0.30           # m/s


def smooth(x: np.ndarray, sigma: float) -> np.ndarray:
    r = int(3 * sigma)
    k = np.exp(-0.5 * (np.arange(-r, r + 1) / sigma) ** 2)
    k /= k.sum()
    xp = np.pad(x, (r, r), mode="edge")
    return np.convolve(xp, k, mode="valid")


def window_mean(x: np.ndarray, w: int = WINDOW) -> np.ndarray:
    r = w // 2
    xp = np.pad(x, (r, r), mode="edge")
    c = np.cumsum(np.concatenate([[0.0], xp]))
    return (c[w:] - c[:-w]) / w


def fwd_diff(x: np.ndarray) -> np.ndarray:
    d = np.diff(x, axis=0) * FPS
    return np.concatenate([d, d[-1:]], 0)


def clip_features(sk: Canonical, root: np.ndarray, local: np.ndarray, P: np.ndarray):
    """-> features [T,F], speed [T], turn [T] (float32)."""
    T = local.shape[0]
    h = smooth(np.unwrap(heading_from_positions(P, sk.names)), 3.0)
    rate = fwd_diff(h)
    v = fwd_diff(root)
    c, s = np.cos(h), np.sin(h)
    vx = c * v[:, 0] - s * v[:, 2]
    vz = s * v[:, 0] + c * v[:, 2]
    loc = local.copy()
    loc[:, 0] = np.swapaxes(rot_y(h), -1, -2) @ local[:, 0]
    r6 = np.concatenate([loc[..., :, 0], loc[..., :, 1]], -1).reshape(T, -1)
    contacts = []
    for name in CONTACT_JOINTS:
        j = sk.names.index(name)
        sp = np.linalg.norm(fwd_diff(P[:, j]), axis=-1)
        contacts.append(((P[:, j, 1] < CONTACT_HEIGHT[name]) & (sp < CONTACT_SPEED)).astype(np.float64))
    feats = np.concatenate([root[:, 1:2], vx[:, None], vz[:, None], rate[:, None], r6, np.stack(contacts, -1)], -1)
    speed = window_mean(np.hypot(v[:, 0], v[:, 2]))
    turn = window_mean(rate)
    return feats.astype(np.float32), speed.astype(np.float32), turn.astype(np.float32)


def decode_features(sk: Canonical, feats: np.ndarray):
    """Inverse of clip_features (runtime decoding): -> world positions [T,J,3], heading [T]."""
    T, J = feats.shape[0], sk.num_joints
    h = np.concatenate([[0.0], np.cumsum(feats[:-1, 3]) / FPS])
    c, s = np.cos(h), np.sin(h)
    wx = c * feats[:, 1] + s * feats[:, 2]
    wz = -s * feats[:, 1] + c * feats[:, 2]
    root = np.zeros((T, 3))
    root[1:, 0] = np.cumsum(wx[:-1]) / FPS
    root[1:, 2] = np.cumsum(wz[:-1]) / FPS
    root[:, 1] = feats[:, 0]
    r6 = feats[:, 4:4 + 6 * J].reshape(T, J, 6)
    local = rot6d_to_matrix(r6)
    local[:, 0] = rot_y(h) @ local[:, 0]
    return sk.fk(root, local), h


def rot6d_to_matrix(r6: np.ndarray) -> np.ndarray:
    a, b = r6[..., :3], r6[..., 3:]
    x = a / np.linalg.norm(a, axis=-1, keepdims=True)
    b = b - (x * b).sum(-1, keepdims=True) * x
    y = b / np.linalg.norm(b, axis=-1, keepdims=True)
    z = np.cross(x, y)
    return np.stack([x, y, z], -1)
