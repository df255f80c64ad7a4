#!/usr/bin/python3
"""Checks hubert_torch.HubertEncoder against the Hugging Face fixtures (/work/shared/fixtures/hubert/): loads each tiny
checkpoint (pytorch_model.bin, HF key names, strict=True), runs every stored case and compares every stored output
with an explicit tolerance. Exit status 1 if any output is off. Needs only torch (Debian python3-torch).

  /usr/bin/python3 experiments/bench/verify_hubert_torch.py [--fixtures DIR] [--tol 1e-4]
"""
import argparse
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hubert_torch import Config, HubertEncoder  # noqa: E402

CASES = {"tiny-large": {"single": False, "batch": True},
         "tiny-base": {"single": False, "batch": False, "batch_masked": True}}


def read(path, shape, dtype):
    return torch.from_numpy(np.fromfile(path, dtype=dtype).reshape(shape).copy())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--fixtures", default="/work/shared/fixtures/hubert")
    # The project's parity budget (issue 10: 1e-4). For scale: HF itself reproduces these files to 1.7e-6 at 1
    # thread, and float32 vs float64 HF differ by up to 7e-6; this module's op order gives up to 1e-5 (pre-LN
    # residual stream, |values| up to ~10), so a wrong layer, norm or mask shows up far above it.
    ap.add_argument("--tol", type=float, default=1e-4)
    a = ap.parse_args()
    torch.set_num_threads(2)
    worst_all, failures, compared = 0.0, [], 0
    for model_name, cases in CASES.items():
        d = os.path.join(a.fixtures, model_name)
        with open(os.path.join(d, "config.json")) as f:
            cfg = Config.from_hf_json(json.load(f))
        model = HubertEncoder(cfg).eval()
        state = torch.load(os.path.join(d, "pytorch_model.bin"), map_location="cpu")
        missing, unexpected = model.load_state_dict(state, strict=True), None
        single = read(os.path.join(d, "input_f32.bin"), (1, 16000), np.float32)
        batch = read(os.path.join(d, "batch_input_f32.bin"), (2, 16000), np.float32)
        mask = read(os.path.join(d, "batch_attention_mask_i32.bin"), (2, 16000), np.int32).long()
        for case, masked in cases.items():
            x = single if case == "single" else batch
            taps = {}
            with torch.no_grad():
                last = model(x, mask if masked else None, taps)
            got = {"extract_features": taps["extract_features"], "feature_projection": taps["feature_projection"],
                   "last_hidden_state": last}
            for i, c in enumerate(taps["conv_layers"]):
                got[f"conv_layer_{i}"] = c
            for i, h in enumerate(taps["hidden_states"]):
                got[f"hidden_state_{i:02d}"] = h
            for i, p in enumerate(taps["attentions"]):
                got[f"attention_{i:02d}"] = p
            if masked:
                got["frame_attention_mask"] = taps["frame_attention_mask"]
            with open(os.path.join(d, "expected", case, "shapes.json")) as f:
                shapes = json.load(f)
            for name, spec in shapes.items():
                dtype = np.int32 if spec["dtype"] == "int32" else np.float32
                want = read(os.path.join(d, "expected", case, spec["file"]), spec["shape"], dtype)
                if name not in got:
                    failures.append(f"{model_name}/{case}/{name}: not produced")
                    continue
                g = got[name]
                if tuple(g.shape) != tuple(want.shape):
                    failures.append(f"{model_name}/{case}/{name}: shape {tuple(g.shape)} != {tuple(want.shape)}")
                    continue
                diff = (g.double() - want.double()).abs().max().item()
                compared += 1
                worst_all = max(worst_all, diff)
                status = "ok" if diff <= a.tol else "FAIL"
                if diff > a.tol:
                    failures.append(f"{model_name}/{case}/{name}: max abs diff {diff:.3g} > {a.tol}")
                print(f"{model_name:10s} {case:13s} {name:22s} max|diff| {diff:.3g} {status}")
    # the check is live: a small change to one weight must move the output beyond the tolerance
    with torch.no_grad():
        model.encoder.layers[0].attention.q_proj.weight[0, 0] += 1e-3
        moved = (model(batch) - read(os.path.join(d, "expected", "batch", "last_hidden_state.f32"), (2, 49, 32),
                                    np.float32)).abs().max().item()
    print(f"perturbed q_proj (1e-3 on one weight) moves tiny-base batch output by {moved:.3g} (must exceed tol)")
    if moved <= a.tol:
        failures.append("perturbation check: output did not move beyond the tolerance")
    print(f"{compared} outputs compared, worst max|diff| {worst_all:.3g}, tolerance {a.tol}")
    if failures:
        print("FAILED:\n  " + "\n  ".join(failures))
        sys.exit(1)
    print("all outputs within tolerance")


if __name__ == "__main__":
    main()
