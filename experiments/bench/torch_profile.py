#!/usr/bin/python3
"""Per-op profile of the plain-torch hubert-large forward (hubert_torch.py), to set beside
org.ser4j.bench.ForwardOpProfile. Developer tool; not used by the tests.

  OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 experiments/bench/torch_profile.py [BATCH SECONDS RUNS]

Prints the process CPU seconds of plain calls, then torch.profiler's self CPU time per aten op of profiled calls.
"""
import os
import sys
import time

import torch
from torch.profiler import ProfilerActivity, profile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hubert_torch import Config, HubertEncoder  # noqa: E402


def main():
    batch = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 4.0
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    torch.set_num_threads(1)
    torch.manual_seed(0)
    model = HubertEncoder(Config.large()).eval()
    x = torch.randn(batch, int(round(seconds * 16000)))
    with torch.inference_mode():
        model(x)
        for r in range(runs):
            c, w = time.process_time(), time.perf_counter()
            model(x)
            print(f"plain run {r}: wall {time.perf_counter() - w:.3f} s, cpu {time.process_time() - c:.3f} s")
        with profile(activities=[ProfilerActivity.CPU]) as prof:
            for _ in range(runs):
                model(x)
    print(prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=30))


if __name__ == "__main__":
    main()
