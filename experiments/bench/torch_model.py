"""Loading ser4j / HF weights into hubert_torch.HubertEncoder, and the torch -> ONNX export (opset 17).

  /usr/bin/python3 experiments/bench/torch_model.py export --model-dir DIR --out torch.onnx

DIR is a ser4j model directory (ser4j-model.json + config.json + model*.safetensors, HF key names), e.g. the one
`OnnxEngineComparison --child prepare` writes, so the torch-exported ONNX holds exactly the weights of ser4j's export.
The exported graph has ser4j's ONNX interface (org.ser4j.onnx.OnnxNames): inputs input_values float32 [B, S] and
attention_mask int64 [B, S], output last_hidden_state [B, T, H], batch and length dynamic, so the same Java runner
(OnnxRuntimeEncoder) times both exports.
"""
import argparse
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hubert_torch import Config, HubertEncoder  # noqa: E402

_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64, "I32": np.int32}


def read_safetensors(path):
    """The safetensors layout: 8-byte little-endian header length, JSON header, raw little-endian data."""
    with open(path, "rb") as f:
        n = int.from_bytes(f.read(8), "little")
        header = json.loads(f.read(n))
        base = 8 + n
    data = np.memmap(path, dtype=np.uint8, mode="r")
    out = {}
    for name, spec in header.items():
        if name == "__metadata__":
            continue
        a, b = spec["data_offsets"]
        arr = np.frombuffer(data[base + a:base + b], dtype=_DTYPES[spec["dtype"]]).reshape(spec["shape"])
        out[name] = torch.from_numpy(arr.copy())
    return out


def load_state(model_dir):
    files = sorted(f for f in os.listdir(model_dir) if f.endswith(".safetensors"))
    if not files:
        sys.exit(f"{model_dir}: no .safetensors files")
    state = {}
    for f in files:
        state.update(read_safetensors(os.path.join(model_dir, f)))
    return state


def load_model(model_dir):
    with open(os.path.join(model_dir, "config.json")) as f:
        cfg = Config.from_hf_json(json.load(f))
    model = HubertEncoder(cfg)
    state = load_state(model_dir)
    # masked_spec_embed exists only when SpecAugment is configured; keep the module's own value otherwise
    result = model.load_state_dict(state, strict=False)
    unexpected = list(result.unexpected_keys)
    missing = [k for k in result.missing_keys if k != "masked_spec_embed"]
    if missing or unexpected:
        sys.exit(f"{model_dir}: weights do not match the model (missing {missing[:5]}, unexpected {unexpected[:5]})")
    return model


class _Exported(torch.nn.Module):
    def __init__(self, enc):
        super().__init__()
        self.enc = enc

    def forward(self, input_values, attention_mask):
        return self.enc(input_values, attention_mask)


def export(model, out, opset=17):
    model.eval()
    x = 0.1 * torch.randn(1, 64000)
    m = torch.ones(1, 64000, dtype=torch.long)
    with torch.no_grad():
        torch.onnx.export(_Exported(model), (x, m), out, opset_version=opset,
                          input_names=["input_values", "attention_mask"], output_names=["last_hidden_state"],
                          dynamic_axes={"input_values": {0: "batch", 1: "samples"},
                                        "attention_mask": {0: "batch", 1: "samples"},
                                        "last_hidden_state": {0: "batch", 1: "frames"}},
                          do_constant_folding=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", choices=["export"])
    ap.add_argument("--model-dir", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--opset", type=int, default=17)
    a = ap.parse_args()
    torch.set_num_threads(2)
    model = load_model(a.model_dir)
    tmp = a.out + ".tmp"
    export(model, tmp, a.opset)
    os.replace(tmp, a.out)
    print(f"exported {a.out} ({os.path.getsize(a.out) / 1e6:.0f} MB), opset {a.opset}, torch {torch.__version__}")


if __name__ == "__main__":
    main()
