"""Recompute the `files` table (bytes + sha256) of models/<id>/manifest.json.

Run after any file in the package changes (e.g. when vocabulary.json lands):
    python3 model/package.py [models/bn-motion-small]
"""
import hashlib
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT = os.path.join(HERE, "..", "models", "bn-motion-small")
LISTED = ["decoder.onnx", "vocabulary.json", "MODEL_CARD.md", "LICENSE"]
LIMIT = 10 * 1024 * 1024


def update_files(pkg: str) -> dict:
    path = os.path.join(pkg, "manifest.json")
    with open(path) as f:
        manifest = json.load(f)
    files = {}
    for name in LISTED:
        p = os.path.join(pkg, name)
        if os.path.exists(p):
            data = open(p, "rb").read()
            files[name] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    manifest["files"] = files
    with open(path, "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    total = sum(os.path.getsize(os.path.join(pkg, n)) for n in os.listdir(pkg))
    print(f"package {os.path.abspath(pkg)}: files={sorted(files)} total_bytes={total} (limit {LIMIT})")
    if total > LIMIT:
        raise SystemExit("package exceeds 10 MB")
    return manifest


if __name__ == "__main__":
    update_files(sys.argv[1] if len(sys.argv) > 1 else DEFAULT)
