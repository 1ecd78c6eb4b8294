"""Checks the canonical skeleton: MMCP FK reproduces the BVH world positions; facing and sides."""
import glob
import os
import sys

import numpy as np

from bvh import read_bvh
from skeleton import Canonical, heading_from_positions

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "work", "dataset")
CLIPS = ["Bandai-Namco-Research-Motiondataset-1/data/dataset-1_walk_normal_001.bvh",
         "Bandai-Namco-Research-Motiondataset-1/data/dataset-1_kick_normal_001.bvh",
         "Bandai-Namco-Research-Motiondataset-1/data/dataset-1_dance-short_normal_001.bvh",
         "Bandai-Namco-Research-Motiondataset-2/data/dataset-2_walk-turn-left_elderly_001.bvh",
         "Bandai-Namco-Research-Motiondataset-2/data/dataset-2_run_active_003.bvh",
         "Bandai-Namco-Research-Motiondataset-2/data/dataset-2_wave-left-hand_elderly_002.bvh"]


def main() -> int:
    sk = Canonical(ROOT)
    print("joints", sk.num_joints, "rest lowest y", sk.rest_pos[:, 1].min(), "hips y %.4f" % sk.rest_pos[0, 1])
    li, ri = sk.names.index("LeftUpperArm"), sk.names.index("RightUpperArm")
    print("rest LeftUpperArm x = %.3f (must be > 0), RightUpperArm x = %.3f" % (sk.rest_pos[li, 0], sk.rest_pos[ri, 0]))
    ok = sk.rest_pos[li, 0] > 0 > sk.rest_pos[ri, 0]
    worst = 0.0
    for c in CLIPS:
        path = os.path.join(ROOT, c)
        if not os.path.exists(path):
            path = sorted(glob.glob(os.path.join(ROOT, c.rsplit("_", 1)[0] + "_*.bvh")))[0]
        b = read_bvh(path)
        # position channels of non-Hips joints equal the OFFSETs
        dev = max(np.abs(b.motion[:, s:s + 3] - b.offsets[j]).max()
                  for j, s in enumerate(b.chan_start) if b.names[j] != "Hips" and j > 0)
        root_chan = np.abs(b.motion[:, :6]).max()
        root, local, Pw = sk.to_mmcp(b)
        P = sk.fk(root, local)
        err = np.abs(P - Pw).max() * 1000
        worst = max(worst, err)
        h = heading_from_positions(Pw[0], sk.names)
        disp = root[-1] - root[0]
        print(f"{os.path.basename(path)}: frames={b.num_frames} fk_max_err_mm={err:.6f} "
              f"nonhips_pos_chan_dev_cm={dev:.2e} joint_Root_max={root_chan:.2e} "
              f"heading0_deg={np.degrees(h):.1f} displacement_m=({disp[0]:.2f},{disp[2]:.2f})")
    ok = ok and worst < 1.0
    print("RESULT", "PASS" if ok else "FAIL", f"worst_fk_err_mm={worst:.6f}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
