"""Export the decoder to ONNX, verify it with onnxruntime, write manifest.json.

Usage: python3 export.py [checkpoint] (default work/ckpt-cpu/final.pt)
"""
import json
import os
import sys
import time

import numpy as np
import onnx
import onnxruntime as ort
import torch

from labels import CONTENTS, STYLES
from net import CVAE, ExportDecoder, Prior
from train import NC
from package import update_files
from skeleton import CONTACT_JOINTS, Canonical
from train import C_DIM, load_data, train_segments

HERE = os.path.dirname(os.path.abspath(__file__))
PKG = os.path.join(HERE, "..", "models", "bn-motion-small")
ALLOWED = {"Conv", "ConvTranspose", "MatMul", "Gemm", "Add", "Sub", "Mul", "Div", "Erf", "Tanh", "Relu",
           "Transpose", "Reshape", "Concat", "Slice", "Pad", "Shape", "Gather", "Unsqueeze", "Constant",
           "Identity", "Squeeze", "Resize"}
TEMPERATURE = 1.0


def label_stats(d, segs):
    stats = {}
    for s, n, c, st, _ in segs:
        key = f"{CONTENTS[c]}/{STYLES[st]}"
        e = stats.setdefault(key, [0.0, 0.0, 0, 0])
        e[0] += float(d["speed"][s:s + n].sum()); e[1] += float(d["turn"][s:s + n].sum()); e[2] += n; e[3] += 1
    return {k: {"speed": round(v[0] / v[2], 3), "turn": round(v[1] / v[2], 3), "count": v[3], "frames": v[2]}
            for k, v in sorted(stats.items())}


def main():
    ck_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "work", "ckpt-cpu", "final.pt")
    ck = torch.load(ck_path, weights_only=False)
    cfg = ck["cfg"]
    sk = Canonical(os.path.join(HERE, "work", "dataset"))
    J = sk.num_joints
    F = 4 + 6 * J + len(CONTACT_JOINTS)
    model = CVAE(F, C_DIM, cfg["model"])
    model.load_state_dict(ck["model"])
    model.eval()
    prior = Prior(NC, C_DIM, cfg["model"]["latent_dim"])
    prior.load_state_dict(torch.load(os.path.join(os.path.dirname(ck_path), "prior.pt")))
    dec = ExportDecoder(model.dec, torch.from_numpy(ck["mean"]), torch.from_numpy(ck["std"]), prior).eval()
    os.makedirs(PKG, exist_ok=True)
    onnx_path = os.path.join(PKG, "decoder.onnx")
    dz = cfg["model"]["latent_dim"]
    cond = torch.zeros(1, 32, C_DIM)
    noise = torch.zeros(1, 8, dz)
    torch.onnx.export(dec, (cond, noise), onnx_path, input_names=["cond", "noise"], output_names=["features"],
                      dynamic_axes={"cond": {0: "B", 1: "T"}, "noise": {0: "B", 1: "T4"}, "features": {0: "B", 1: "T"}},
                      opset_version=17, dynamo=False)
    m = onnx.load(onnx_path)
    onnx.checker.check_model(m)
    ops = sorted({n.op_type for n in m.graph.node})
    bad = [o for o in ops if o not in ALLOWED]
    print("opset", m.opset_import[0].version, "ops", ops, "disallowed", bad)
    assert not bad, bad
    sess = ort.InferenceSession(onnx_path, providers=["CPUExecutionProvider"])
    rng = np.random.default_rng(0)
    for T in (32, 120, 300):
        for B in (1, 3):
            c = np.zeros((B, T, C_DIM), np.float32)
            c[:, :, rng.integers(len(CONTENTS))] = 1
            c[:, :, len(CONTENTS) + rng.integers(len(STYLES))] = 1
            z = rng.standard_normal((B, T // 4, dz)).astype(np.float32)
            t0 = time.perf_counter()
            y = sess.run(None, {"cond": c, "noise": z})[0]
            dt = (time.perf_counter() - t0) * 1000
            with torch.no_grad():
                yt = dec(torch.from_numpy(c), torch.from_numpy(z)).numpy()
            print(f"T={T} B={B}: out {y.shape} max_abs_diff_vs_torch={np.abs(y - yt).max():.2e} ort_cpu_ms={dt:.1f}")
            assert y.shape == (B, T, F) and np.abs(y - yt).max() < 1e-3
    # sanity: decode an ONNX sample per content through the runtime's decoding (features.decode_features)
    from features import decode_features
    for ci in (CONTENTS.index("walk"), CONTENTS.index("bow"), CONTENTS.index("run")):
        c = np.zeros((1, 120, C_DIM), np.float32)
        c[:, :, ci] = 1
        c[:, :, len(CONTENTS) + STYLES.index("normal")] = 1
        y = sess.run(None, {"cond": c, "noise": rng.standard_normal((1, 30, dz)).astype(np.float32)})[0][0]
        P, h = decode_features(sk, y.astype(np.float64))
        print(f"sanity {CONTENTS[ci]}: finite={np.isfinite(y).all()} travel_m={np.hypot(*(P[-1, 0, [0, 2]] - P[0, 0, [0, 2]])):.2f} "
              f"turned_deg={np.degrees(h[-1]):.0f} hips_y={P[:, 0, 1].mean():.2f} min_joint_y={P[..., 1].min():.3f} "
              f"contact_frac={(y[:, -4:] > 0).mean():.2f}")
    d, split = load_data()
    segs = train_segments(d, split)
    k = 4 + 6 * J
    manifest = {
        "format": "babylon-mmcp-model/1", "id": "bn-motion-small", "version": "1.1.0",
        "license": "CC-BY-NC-4.0",
        "license_note": "Non-commercial: trained on the Bandai Namco Research Motion Dataset (CC BY-NC 4.0)",
        "attribution": "Bandai Namco Research Motion Dataset, © 2022 Bandai Namco Research Inc., CC BY-NC 4.0",
        "fps": 30,
        "canonical_skeleton": sk.manifest_skeleton(),
        "contents": CONTENTS, "styles": STYLES,
        "label_stats": label_stats(d, segs),
        "conditioning": {"layout": ["content_onehot", "style_onehot", "speed", "turn", "traj_flag"], "dim": C_DIM},
        "features": {"dim": F, "layout": {"root_height": [0, 1], "root_velocity_xz": [1, 3], "heading_rate": [3, 4],
                                          "rotations_6d": [4, k], "contacts": [k, F]},
                     "rotation_6d_order": "R00,R10,R20,R01,R11,R21",
                     "contact_joints": CONTACT_JOINTS},
        "sampler": {"type": "decoder", "latent_stride": 4, "latent_dim": dz, "temperature": TEMPERATURE,
                    "note": "noise is i.i.d. N(0,1) x temperature; the fitted latent prior is inside the graph"},
        "limits": {"min_frames": 30, "max_frames": 300},
        "graphs": {"decoder": {"file": "decoder.onnx",
                               "inputs": {"cond": ["B", "T", "C"], "noise": ["B", "T/latent_stride", "Dz"]},
                               "outputs": {"features": ["B", "T", "F"]}}},
        "supported_segments": ["text", "unconditioned"],
        "supported_constraints": ["root_path"],
        "supports_loop": False,
        "training": {"checkpoint_step": int(ck.get("step", 0)), "config": cfg["name"]},
    }
    with open(os.path.join(PKG, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    update_files(PKG)
    print("decoder.onnx bytes", os.path.getsize(onnx_path))


if __name__ == "__main__":
    main()
