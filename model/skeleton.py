"""The canonical skeleton (MMCP conventions) and BVH -> MMCP conversion.

Dataset facts (checked with check_skeleton.py): right-handed, +Y up, centimetres; a forward
walk travels along +Z and the *_L joints are at +X, so the dataset already faces +Z with
left = +X (no axis change needed, only cm -> m). `joint_Root` is a ground projection whose
channels are all zero in every clip; it is folded into Hips (Hips world transform = Root world
transform * Hips local), so the MMCP root is Hips and the skeleton has 21 joints.

Rest pose: frame 0 of `dataset-2_wave-right-hand_normal_001.bvh` (a natural standing pose,
arms down), heading removed, Hips at x = z = 0, lowest joint at y = 0. With per-joint rest world
rotations Rrest(j) = Ry(-h0) * Rbvh(j, rest frame):
    Q(j,t)          = Rbvh_world(j,t) * Rrest(j)^T         (world rotation from rest)
    local_mmcp(j,t) = Q(parent,t)^T * Q(j,t)                (root: Q(Hips,t))
    rest_translation(j) = Rrest(parent) * bvh_offset(j) / 100
which reproduces the BVH world positions exactly (FK test in check_skeleton.py).
"""
from __future__ import annotations

import numpy as np

from bvh import Bvh, read_bvh

BVH_TO_MMCP = {
    "Hips": "Hips", "Spine": "Spine", "Chest": "Chest", "Neck": "Neck", "Head": "Head",
    "Shoulder_L": "LeftShoulder", "UpperArm_L": "LeftUpperArm", "LowerArm_L": "LeftLowerArm", "Hand_L": "LeftHand",
    "Shoulder_R": "RightShoulder", "UpperArm_R": "RightUpperArm", "LowerArm_R": "RightLowerArm", "Hand_R": "RightHand",
    "UpperLeg_L": "LeftUpperLeg", "LowerLeg_L": "LeftLowerLeg", "Foot_L": "LeftFoot", "Toes_L": "LeftToes",
    "UpperLeg_R": "RightUpperLeg", "LowerLeg_R": "RightLowerLeg", "Foot_R": "RightFoot", "Toes_R": "RightToes",
}
REST_CLIP = "Bandai-Namco-Research-Motiondataset-2/data/dataset-2_wave-right-hand_normal_001.bvh"
REST_FRAME = 0
CONTACT_JOINTS = ["LeftFoot", "LeftToes", "RightFoot", "RightToes"]
CM = 0.01


def rot_y(h: np.ndarray) -> np.ndarray:
    c, s = np.cos(h), np.sin(h)
    o, z = np.ones_like(h), np.zeros_like(h)
    return np.stack([np.stack([c, z, s], -1), np.stack([z, o, z], -1), np.stack([-s, z, c], -1)], -2)


def heading_from_positions(P: np.ndarray, names: list[str]) -> np.ndarray:
    """Heading (rad, 0 = facing +Z, + = CCW from +Y) from the hips+shoulders across-vector."""
    i = names.index
    across = (P[..., i("LeftUpperLeg"), :] - P[..., i("RightUpperLeg"), :]) + \
             (P[..., i("LeftUpperArm"), :] - P[..., i("RightUpperArm"), :])
    # forward = across x up  (left=+X, up=+Y -> forward=+Z)
    fx, fz = -across[..., 2], across[..., 0]
    return np.arctan2(fx, fz)


def mmcp_fk(parents, rest_translation: np.ndarray, root_pos: np.ndarray, local: np.ndarray) -> np.ndarray:
    """MMCP FK: world positions [T,J,3] from the root position [T,3] and local rotations [T,J,3,3]
    (parents first; rest translations in the parent's frame, identity rest rotations)."""
    T, J = local.shape[:2]
    Qw = np.empty_like(local)
    P = np.empty((T, J, 3))
    for j, p in enumerate(parents):
        if p < 0:
            Qw[:, j] = local[:, j]
            P[:, j] = root_pos
        else:
            Qw[:, j] = Qw[:, p] @ local[:, j]
            P[:, j] = P[:, p] + Qw[:, p] @ rest_translation[j]
    return P


class Canonical:
    """Canonical MMCP skeleton built from the dataset rig."""

    def __init__(self, dataset_dir: str):
        b = read_bvh(f"{dataset_dir}/{REST_CLIP}")
        self.bvh_names = b.names[1:]
        self.names = [BVH_TO_MMCP[n] for n in self.bvh_names]
        self.parents = [p - 1 for p in b.parents[1:]]          # Hips -> -1
        self.bvh_offsets = b.offsets[1:] * CM
        Rw, Pw = b.fk()
        Rw, Pw = Rw[REST_FRAME, 1:], Pw[REST_FRAME, 1:] * CM
        h0 = heading_from_positions(Pw, self.names)
        Ry = rot_y(np.array(-h0))
        self.rest_rot_world = Ry @ Rw                            # [J,3,3]
        P = (Ry @ (Pw - Pw[0] * np.array([1, 0, 1])).T).T
        P[:, 1] -= P[:, 1].min()
        self.rest_pos = P                                        # world rest positions (m)
        self.rest_translation = np.array([P[j] - P[p] if p >= 0 else P[j] for j, p in enumerate(self.parents)])
        # sanity: rest_translation(j) == Rrest(parent) * offset(j)
        for j, p in enumerate(self.parents):
            if p >= 0:
                assert np.allclose(self.rest_translation[j], self.rest_rot_world[p] @ self.bvh_offsets[j], atol=1e-6)

    @property
    def num_joints(self) -> int:
        return len(self.names)

    def to_mmcp(self, b: Bvh):
        """-> root position [T,3] (m, Hips world), local rotations [T,J,3,3], BVH world pos [T,J,3] (m)."""
        Rw, Pw = b.fk()
        Rw, Pw = Rw[:, 1:], Pw[:, 1:] * CM
        Q = Rw @ np.swapaxes(self.rest_rot_world, -1, -2)[None]
        local = np.empty_like(Q)
        for j, p in enumerate(self.parents):
            local[:, j] = Q[:, j] if p < 0 else np.swapaxes(Q[:, p], -1, -2) @ Q[:, j]
        return Pw[:, 0].copy(), local, Pw

    def fk(self, root_pos: np.ndarray, local: np.ndarray):
        """MMCP FK: world positions [T,J,3] from root position and local rotations."""
        return mmcp_fk(self.parents, self.rest_translation, root_pos, local)

    def manifest_skeleton(self) -> dict:
        joints = []
        for j, p in enumerate(self.parents):
            joints.append({"name": self.names[j], "parent": None if p < 0 else self.names[p],
                           "rest_translation": [round(float(x), 6) for x in self.rest_translation[j]],
                           "rest_rotation": [0, 0, 0, 1]})
        return {"joints": joints, "coordinate_system": "right_handed_y_up", "units": "meters"}
