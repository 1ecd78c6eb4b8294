"""Minimal BVH reader + forward kinematics (numpy).

Channels are applied in file order; rotations compose as intrinsic Euler angles
(e.g. "Zrotation Xrotation Yrotation" -> R = Rz @ Rx @ Ry), positions replace the OFFSET
when a joint has position channels (this dataset animates them on every joint; for all
joints but Hips they equal the OFFSET up to float noise, see check_skeleton.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass
class Bvh:
    names: list[str]
    parents: list[int]
    offsets: np.ndarray            # [J,3] file units (cm)
    channels: list[list[str]]      # per joint
    frame_time: float
    motion: np.ndarray             # [T, sum(channels)]
    chan_start: list[int] = field(default_factory=list)

    @property
    def num_frames(self) -> int:
        return self.motion.shape[0]

    def local_channels(self):
        """Per joint: (translation [T,3] or None, rotation matrices [T,3,3])."""
        T = self.num_frames
        out = []
        for j, chans in enumerate(self.channels):
            s = self.chan_start[j]
            vals = self.motion[:, s:s + len(chans)]
            pos = None
            R = np.broadcast_to(np.eye(3), (T, 3, 3)).copy()
            if any(c.endswith("position") for c in chans):
                pos = np.zeros((T, 3))
            for k, c in enumerate(chans):
                if c.endswith("position"):
                    pos[:, "XYZ".index(c[0])] = vals[:, k]
                else:
                    R = R @ axis_rot(c[0], np.radians(vals[:, k]))
            out.append((pos, R))
        return out

    def fk(self, use_position_channels: bool = True):
        """World rotations [T,J,3,3] and positions [T,J,3] (file units)."""
        T, J = self.num_frames, len(self.names)
        Rw = np.zeros((T, J, 3, 3))
        Pw = np.zeros((T, J, 3))
        for j, (pos, R) in enumerate(self.local_channels()):
            t = pos if (pos is not None and use_position_channels) else np.broadcast_to(self.offsets[j], (T, 3))
            p = self.parents[j]
            if p < 0:
                Rw[:, j] = R
                Pw[:, j] = t
            else:
                Rw[:, j] = Rw[:, p] @ R
                Pw[:, j] = Pw[:, p] + np.einsum("tij,tj->ti", Rw[:, p], t)
        return Rw, Pw


def axis_rot(axis: str, ang: np.ndarray) -> np.ndarray:
    c, s = np.cos(ang), np.sin(ang)
    o, z = np.ones_like(ang), np.zeros_like(ang)
    if axis == "X":
        m = [[o, z, z], [z, c, -s], [z, s, c]]
    elif axis == "Y":
        m = [[c, z, s], [z, o, z], [-s, z, c]]
    else:
        m = [[c, -s, z], [s, c, z], [z, z, o]]
    return np.stack([np.stack(r, -1) for r in m], -2)


def read_bvh(path: str) -> Bvh:
    with open(path) as f:
        tokens_lines = f.read().split("\n")
    names, parents, offsets, channels = [], [], [], []
    stack: list[int] = []
    i = 0
    pending_end = False
    while i < len(tokens_lines):
        line = tokens_lines[i].strip()
        i += 1
        if not line:
            continue
        tok = line.split()
        if tok[0] in ("ROOT", "JOINT"):
            names.append(tok[1])
            parents.append(stack[-1] if stack else -1)
            offsets.append([0.0, 0.0, 0.0])
            channels.append([])
        elif tok[0] == "End":
            pending_end = True
        elif tok[0] == "{":
            stack.append(-2 if pending_end else len(names) - 1)
            pending_end = False
        elif tok[0] == "}":
            stack.pop()
        elif tok[0] == "OFFSET":
            if stack and stack[-1] != -2:
                offsets[-1] = [float(x) for x in tok[1:4]]
        elif tok[0] == "CHANNELS":
            channels[-1] = tok[2:2 + int(tok[1])]
        elif tok[0] == "MOTION":
            break
    # parents recorded from the stack may be -2 never (End Site has no children) -> fine
    nframes = int(tokens_lines[i].split()[-1]); i += 1
    frame_time = float(tokens_lines[i].split()[-1]); i += 1
    data = np.array([[float(x) for x in l.split()] for l in tokens_lines[i:i + nframes] if l.strip()])
    starts, s = [], 0
    for c in channels:
        starts.append(s)
        s += len(c)
    assert data.shape[1] == s, (path, data.shape, s)
    return Bvh(names, parents, np.array(offsets), channels, frame_time, data, starts)
