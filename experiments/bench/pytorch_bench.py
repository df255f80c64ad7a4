#!/usr/bin/env python3
"""PyTorch yardstick for `ser4j bench`: the same HuBERT configurations, timed with torch, written as JSON in the
ser4j-bench/1 schema so that `compare_bench.py` can put both runs side by side.

Needs only torch (Debian: apt install python3-torch; run it with /usr/bin/python3): the model is hubert_torch.py,
a plain-torch HuBERT with HF's key names, checked against the HF fixtures by verify_hubert_torch.py (transformers
is not needed). Not used by the tests. Random weights (no download) or --model-dir (a ser4j model directory, the same
weights ser4j runs), float32, CPU, --threads intra-op threads (default 2).

  /usr/bin/python3 experiments/bench/pytorch_bench.py --json pytorch.json [--quick] [--only hubert,train,scaling]
      [--repeats 3] [--threads 2] [--scaling-seconds 4,8,16,32] [--cases 1x4,4x4,1x16,1x8] [--model-dir DIR]
"""
import argparse
import datetime
import json
import os
import platform
import random
import re
import statistics
import sys
import threading
import time

SCHEMA = "ser4j-bench/1"
RATE = 16000
FORWARD_CASES = [(1, 4.0), (4, 4.0), (1, 16.0), (1, 8.0)]
MODEL_DIR = [None]
LAST_CPU = [None]
TRAIN_CASE = (1, 4.0)


def label(batch, seconds):
    s = str(int(seconds)) if float(seconds).is_integer() else str(seconds)
    return f"{batch}x{s}s"


def status_kib(field):
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field):
                    return int(re.sub(r"[^0-9]", "", line))
    except OSError:
        pass
    return -1


def reset_peak_rss():
    """Restart VmHWM from the current RSS (Linux >= 4.0), as ser4j's MemoryProbe does."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


class MemoryProbe:
    """Peak RSS over one case: VmHWM after a reset, plus a 10 ms sampler of VmRSS as a cross-check."""

    def __init__(self):
        self.reset_ok = reset_peak_rss()
        self.peak_sampled = status_kib("VmRSS:")
        self.running = True
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def _loop(self):
        while self.running:
            self.peak_sampled = max(self.peak_sampled, status_kib("VmRSS:"))
            time.sleep(0.01)

    def stop(self):
        self.running = False
        self.thread.join(1.0)
        hwm = status_kib("VmHWM:")
        return {
            "peak_rss_mib": hwm / 1024.0 if hwm >= 0 else -1,
            "peak_rss_is_per_case": self.reset_ok and hwm >= 0,
            "sampled_peak_rss_mib": self.peak_sampled / 1024.0,
        }


def timing(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "all": values}


def time_case(repeats, call):
    import gc
    gc.collect()
    probe = MemoryProbe()
    t0 = time.perf_counter()
    call()
    first = time.perf_counter() - t0
    times, cpu = [], []
    for _ in range(repeats):
        s, c = time.perf_counter(), time.process_time()
        call()
        times.append(time.perf_counter() - s)
        cpu.append(time.process_time() - c)  # all threads of this process
    LAST_CPU[0] = timing(cpu)
    return first, timing(times), probe.stop()


def machine(threads):
    import torch
    cpu = platform.processor()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = None
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    mem = int(re.sub(r"[^0-9]", "", line)) / 1048576.0
    except OSError:
        pass
    try:
        with open("/proc/loadavg") as f:
            load = f.read().strip()
    except OSError:
        load = None
    return {
        "cpu_model": cpu,
        "cores": os.cpu_count(),
        "memory_total_gib": mem,
        "os": f"{platform.system()} {platform.release()} {platform.machine()}",
        "python": sys.version.split()[0],
        "torch": torch.__version__,
        "torch_threads": threads,
        "torch_parallel_info": torch.__config__.parallel_info().splitlines()[:6],
        "load_average_at_start": load,
    }


def hubert_config(quick):
    from hubert_torch import Config
    # quick: ser4j's HubertConfig.tinyLarge(); otherwise facebook/hubert-large-ll60k (ser4j's HubertConfig.large())
    return Config.tiny_large() if quick else Config.large()


def build_model(cfg, model_dir):
    """Random HF-style init (seed 0), or the weights of a ser4j model directory (same values as ser4j's run)."""
    import torch
    from hubert_torch import HubertEncoder
    from torch_model import load_model
    if model_dir:
        return load_model(model_dir)
    torch.manual_seed(0)
    return HubertEncoder(cfg)


def frames_for(cfg, samples):
    n = samples
    for k, s in zip(cfg.conv_kernel, cfg.conv_stride):
        n = (n - k) // s + 1
    return max(n, 0)


def case_config(cfg, model_name, params, batch, seconds):
    return {"model": model_name, "parameters": params, "batch": batch, "seconds": seconds,
            "frames": frames_for(cfg, int(round(seconds * RATE))), "dtype": "float32"}


def entry(id_, group, cfg, first=None, secs=None, mem=None, extra=None, status="ok", note=None):
    extra = dict(extra or {})
    if LAST_CPU[0] is not None:
        extra["process_cpu_seconds"] = LAST_CPU[0]
    try:
        with open("/proc/loadavg") as f:
            extra["load_average_at_end"] = f.read().strip()
    except OSError:
        pass
    return {"id": id_, "group": group, "backend": "pytorch", "status": status, "config": cfg, "seconds": secs,
            "first_call_seconds": first, "memory": mem, "extra": extra, "note": note}


def noise(batch, seconds, seed):
    import torch
    g = torch.Generator().manual_seed(seed)
    return 0.1 * torch.randn(batch, int(round(seconds * RATE)), generator=g)


def forward_entries(cfg, model_name, repeats, cases, prefix, group):
    import torch
    t0 = time.perf_counter()
    model = build_model(cfg, MODEL_DIR[0]).eval()
    build = time.perf_counter() - t0
    params = sum(p.numel() for p in model.parameters())
    out = []
    for batch, seconds in cases:
        x = noise(batch, seconds, 17)
        shape = []

        def call():
            with torch.inference_mode():
                shape[:] = list(model(x).shape)

        first, secs, mem = time_case(repeats, call)
        extra = {"output_shape": shape}
        if not out:
            extra["build_seconds"] = build
        out.append(entry(f"{prefix}.pytorch.{label(batch, seconds)}", group,
                         case_config(cfg, model_name, params, batch, seconds), first, secs, mem, extra))
        print(f"{out[-1]['id']}: median {secs['median']:.3f} s, peak {mem['peak_rss_mib']:.0f} MiB", flush=True)
    return out


def train_entry(cfg, model_name, repeats):
    import torch
    batch, seconds = TRAIN_CASE
    t0 = time.perf_counter()
    model = build_model(cfg, MODEL_DIR[0]).train()
    torch.manual_seed(0)
    model.freeze_feature_encoder()
    head = torch.nn.Sequential(torch.nn.Linear(cfg.hidden_size, 256), torch.nn.ReLU(), torch.nn.Linear(256, 4))
    enc = [p for p in model.parameters() if p.requires_grad]
    # as ser4j's AdamW: decay on matrices only; encoder and head learning rates
    groups = [
        {"params": [p for p in enc if p.dim() > 1], "lr": 1e-5, "weight_decay": 0.01},
        {"params": [p for p in enc if p.dim() <= 1], "lr": 1e-5, "weight_decay": 0.0},
        {"params": [p for p in head.parameters() if p.dim() > 1], "lr": 1e-3, "weight_decay": 0.01},
        {"params": [p for p in head.parameters() if p.dim() <= 1], "lr": 1e-3, "weight_decay": 0.0},
    ]
    opt = torch.optim.AdamW(groups)
    build = time.perf_counter() - t0
    params = sum(p.numel() for p in model.parameters())
    x = noise(batch, seconds, 23)
    y = torch.tensor([i % 4 for i in range(batch)])
    loss_box = []

    def call():
        opt.zero_grad(set_to_none=True)
        h = model(x)
        loss = torch.nn.functional.cross_entropy(head(h.mean(dim=1)), y)
        loss.backward()
        opt.step()
        loss_box[:] = [loss.item()]

    first, secs, mem = time_case(repeats, call)
    cfgj = case_config(cfg, model_name, params, batch, seconds)
    cfgj.update({"head": "mean-pool + linear 256 + ReLU + linear 4", "optimizer": "AdamW (lr 1e-5 encoder, 1e-3 head,"
                 " weight decay 0.01)", "frozen": "CNN feature encoder",
                 "dropout": "HF training-mode dropout, LayerDrop and SpecAugment of the config",
                 "layerdrop": cfg.layerdrop})
    e = entry(f"train.step.pytorch.{label(batch, seconds)}", "train", cfgj, first, secs, mem,
              {"build_seconds": build, "last_loss": loss_box[0]})
    print(f"{e['id']}: median {secs['median']:.3f} s, peak {mem['peak_rss_mib']:.0f} MiB", flush=True)
    return e


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", help="write every figure to this file")
    ap.add_argument("--quick", action="store_true", help="tiny model: every figure in seconds, none meaningful")
    ap.add_argument("--only", default="hubert,train", help="comma-separated: hubert, train, scaling")
    ap.add_argument("--repeats", type=int, default=None, help="measured repetitions after one warm-up (default 3)")
    ap.add_argument("--threads", type=int, default=2, help="torch intra-op threads (default 2)")
    ap.add_argument("--scaling-seconds", default="4,8,16,32")
    ap.add_argument("--cases", default=None, help="forward cases BxS, e.g. 1x4,4x4 (default 1x4,4x4,1x16,1x8)")
    ap.add_argument("--model-dir", default=None, help="ser4j model directory whose weights to load")
    ap.add_argument("--layerdrop", type=float, default=None,
                    help="override the config's LayerDrop for the train case; 0 gives the work ser4j's static graph "
                         "always does (it computes a dropped layer and multiplies it by 0, PyTorch skips it)")
    a = ap.parse_args()
    ap_cases = a.cases
    MODEL_DIR[0] = a.model_dir
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    try:
        import torch
    except ImportError as e:
        sys.exit(f"pytorch_bench: needs torch ({e}); on Debian: apt install python3-torch, run with /usr/bin/python3")
    torch.set_num_threads(a.threads)
    random.seed(0)
    repeats = a.repeats or (1 if a.quick else 3)
    groups = {g.strip() for g in a.only.split(",") if g.strip()}
    unknown = groups - {"hubert", "train", "scaling"}
    if unknown:
        sys.exit(f"pytorch_bench: unknown group(s) {sorted(unknown)}; expected hubert, train, scaling")
    cfg = hubert_config(a.quick)
    if a.layerdrop is not None:
        cfg.layerdrop = a.layerdrop
    name = "tiny-large (quick)" if a.quick else "hubert-large"
    started = datetime.datetime.now(datetime.timezone.utc).isoformat()
    entries = []
    if "hubert" in groups:
        cases = FORWARD_CASES
        if ap_cases:
            cases = [(int(c.split("x")[0]), float(c.split("x")[1].rstrip("s"))) for c in ap_cases.split(",")]
        entries += forward_entries(cfg, name, repeats, cases, "hubert.forward", "hubert")
    if "train" in groups:
        entries.append(train_entry(cfg, name, repeats))
    if "scaling" in groups:
        cases = [(1, float(s)) for s in a.scaling_seconds.split(",")]
        entries += forward_entries(cfg, name, repeats, cases, "scaling.forward", "scaling")
    doc = {"schema": SCHEMA, "tool": "pytorch", "quick": a.quick, "started": started, "machine": machine(a.threads),
           "entries": entries}
    text = json.dumps(doc, indent=2) + "\n"
    if a.json:
        tmp = a.json + ".tmp"
        with open(tmp, "w") as f:
            f.write(text)
        os.replace(tmp, a.json)
        print("wrote", a.json)
    else:
        print(text)


if __name__ == "__main__":
    main()
