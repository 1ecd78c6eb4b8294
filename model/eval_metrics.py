"""Motion measurements shared by evaluate.py: FK on the package skeleton, canonical poses,
foot contact / skating / floating / penetration, and clip distances (diversity, novelty).

Everything works on world joint positions [T, J, 3] (metres, +Y up), computed the same way for
real data (dataset features decoded by features.decode_features) and for generated clips
(root positions + local quaternions from the JS runtime), on the skeleton of the package's
manifest.
"""
from __future__ import annotations

import numpy as np

from features import CONTACT_HEIGHT, CONTACT_SPEED, FPS
from skeleton import CONTACT_JOINTS, mmcp_fk

FEET = {"Left": ("LeftFoot", "LeftToes"), "Right": ("RightFoot", "RightToes")}


class PackageSkeleton:
    """The manifest's canonical skeleton (duck-types skeleton.Canonical for decode_features / clf_input)."""

    def __init__(self, joints: list[dict]):
        self.names = [j["name"] for j in joints]
        self.parents = [-1 if j["parent"] is None else self.names.index(j["parent"]) for j in joints]
        self.rest_translation = np.array([j["rest_translation"] for j in joints], dtype=np.float64)
        rest = np.zeros_like(self.rest_translation)
        for j, p in enumerate(self.parents):
            rest[j] = self.rest_translation[j] + (rest[p] if p >= 0 else 0)
        self.rest_pos = rest

    @property
    def num_joints(self) -> int:
        return len(self.names)

    def fk(self, root_pos: np.ndarray, local: np.ndarray) -> np.ndarray:
        return mmcp_fk(self.parents, self.rest_translation, root_pos, local)


def quat_to_matrix(q: np.ndarray) -> np.ndarray:
    """[..., 4] (x, y, z, w) -> [..., 3, 3]."""
    q = q / np.linalg.norm(q, axis=-1, keepdims=True)
    x, y, z, w = q[..., 0], q[..., 1], q[..., 2], q[..., 3]
    return np.stack([
        np.stack([1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)], -1),
        np.stack([2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)], -1),
        np.stack([2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)], -1),
    ], -2)


def canonical_pose(sk: PackageSkeleton, P: np.ndarray) -> np.ndarray:
    """Per-frame pose with the root's ground position and heading removed: [T, J, 3] (x, z in the
    character's heading frame relative to the root's ground projection; y = world height)."""
    i = sk.names.index
    a = (P[:, i("LeftUpperLeg")] - P[:, i("RightUpperLeg")]) + (P[:, i("LeftUpperArm")] - P[:, i("RightUpperArm")])
    h = np.arctan2(-a[:, 2], a[:, 0])
    c, s = np.cos(h)[:, None], np.sin(h)[:, None]
    rel = P - (P[:, 0] * np.array([1, 0, 1]))[:, None]
    x = c * rel[..., 0] - s * rel[..., 2]
    z = s * rel[..., 0] + c * rel[..., 2]
    return np.stack([x, rel[..., 1], z], -1).astype(np.float32)


def ground_offsets(sk: PackageSkeleton, clips: list[np.ndarray]) -> dict:
    """Height of each contact joint when its foot stands on the floor, from real data: the 5th
    percentile of the joint's height over all frames (the joints sit inside the foot, above the sole)."""
    return {n: float(np.percentile(np.concatenate([P[:, sk.names.index(n), 1] for P in clips]), 5)) for n in CONTACT_JOINTS}


def foot_stats(sk: PackageSkeleton, P: np.ndarray, ground: dict) -> dict:
    """Sums for foot skating / floating / penetration of one clip (see summarise_feet).

    Contact rule (identical for real and generated clips, the same thresholds the training
    labels use, features.py): a contact joint is planted on a frame when its height is below
    CONTACT_HEIGHT[joint] (Foot 15 cm, Toes 8 cm) and its 3D speed below CONTACT_SPEED (0.3 m/s).
    Ground clearance of a joint = its height minus `ground[joint]` (its height when standing, from
    real data); penetration = the lowest joint's clearance below 0; `below_floor` counts frames
    where a foot joint itself is below y = 0 (the capture floor).
    """
    out = {"skate_sum": 0.0, "skate_n": 0, "float_sum": 0.0, "float_n": 0, "pen_sum": 0.0, "pen_frames": 0, "frames": 0,
           "skate_h_sum": 0.0, "skate_h_n": 0, "below_floor": 0}
    T = len(P)
    if T < 2:
        return out
    clear = {}
    for name in CONTACT_JOINTS:
        j = sk.names.index(name)
        vel = np.diff(P[:, j], axis=0) * FPS
        vel = np.concatenate([vel, vel[-1:]])
        hspeed = np.linalg.norm(vel[:, [0, 2]], axis=-1)
        planted = (P[:, j, 1] < CONTACT_HEIGHT[name]) & (np.linalg.norm(vel, axis=-1) < CONTACT_SPEED)
        low = P[:, j, 1] < CONTACT_HEIGHT[name]
        clear[name] = P[:, j, 1] - ground[name]
        out["skate_sum"] += float(hspeed[planted].sum() * 100)
        out["skate_n"] += int(planted.sum())
        out["skate_h_sum"] += float(hspeed[low].sum() * 100)
        out["skate_h_n"] += int(low.sum())
        out["float_sum"] += float(np.maximum(clear[name][planted], 0).sum() * 100)
        out["float_n"] += int(planted.sum())
    lowest = np.min(np.stack([clear[n] for n in CONTACT_JOINTS]), 0)
    pen = np.maximum(-lowest, 0) * 100
    out["pen_sum"] += float(pen.sum())
    out["pen_frames"] += int((pen > 1.0).sum())
    out["below_floor"] += int((np.min(P[:, [sk.names.index(n) for n in CONTACT_JOINTS], 1], 1) < 0).sum())
    out["frames"] += T
    return out


def summarise_feet(stats: list[dict]) -> dict:
    tot = {k: sum(s[k] for s in stats) for k in stats[0]} if stats else {}
    if not tot:
        return {}
    return {
        "skating_cm_s": tot["skate_sum"] / max(tot["skate_n"], 1),
        "skating_height_only_cm_s": tot["skate_h_sum"] / max(tot["skate_h_n"], 1),
        "planted_fraction": tot["skate_n"] / max(4 * tot["frames"], 1),
        "floating_cm": tot["float_sum"] / max(tot["float_n"], 1),
        "penetration_cm": tot["pen_sum"] / max(tot["frames"], 1),
        "penetration_frames_pct": 100.0 * tot["pen_frames"] / max(tot["frames"], 1),
        "below_floor_frames_pct": 100.0 * tot["below_floor"] / max(tot["frames"], 1),
        "frames": tot["frames"],
    }


def clip_distance(a: np.ndarray, b: np.ndarray) -> float:
    """Mean per-joint, per-frame distance (cm) between two canonical-pose clips of equal length."""
    return float(np.linalg.norm(a - b, axis=-1).mean() * 100)


def mean_pairwise(clips: list[np.ndarray]) -> float | None:
    d = [clip_distance(clips[i], clips[j]) for i in range(len(clips)) for j in range(i + 1, len(clips))]
    return float(np.mean(d)) if d else None


def windows(x: np.ndarray, T: int, stride: int) -> np.ndarray:
    """All windows of T frames (start every `stride` frames, plus the last) of [N, J, 3] -> [W, T, J, 3]."""
    n = len(x)
    if n < T:
        return np.zeros((0, T) + x.shape[1:], x.dtype)
    starts = sorted(set(range(0, n - T + 1, stride)) | {n - T})
    return np.stack([x[s:s + T] for s in starts])


def nearest_window(q: np.ndarray, bank: np.ndarray, chunk: int = 256) -> float:
    """Distance (cm) from clip q [T,J,3] to its nearest window in bank [W,T,J,3]."""
    best = np.inf
    for s in range(0, len(bank), chunk):
        d = np.linalg.norm(bank[s:s + chunk] - q[None], axis=-1).mean(axis=(1, 2))
        best = min(best, float(d.min()))
    return best * 100
