#!/usr/bin/env python3
"""Puts a `ser4j bench --json` file and a `pytorch_bench.py --json` file side by side: for every configuration
both measured, the median seconds, peak RSS and the ratio ser4j / PyTorch (target: <= 1.0). Standard library only.

  python3 experiments/bench/compare_bench.py ser4j.json pytorch.json [--markdown]
"""
import json
import sys


def load(path):
    with open(path) as f:
        doc = json.load(f)
    if doc.get("schema") != "ser4j-bench/1":
        sys.exit(f"{path}: not a ser4j-bench/1 document (schema {doc.get('schema')!r})")
    return doc


def key(e):
    """The configuration part of an id: hubert.forward.samediff.1x4s -> hubert.forward.1x4s."""
    parts = e["id"].split(".")
    return ".".join(parts[:2] + parts[3:]) if len(parts) >= 4 else e["id"]


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 2:
        sys.exit(__doc__)
    ser4j, torch = load(args[0]), load(args[1])
    ref = {key(e): e for e in torch["entries"] if e["status"] == "ok"}
    md = "--markdown" in sys.argv
    head = ["configuration", "backend", "ser4j median s", "PyTorch median s", "ratio", "ser4j peak MiB",
            "PyTorch peak MiB"]
    rows = []
    for e in ser4j["entries"]:
        r = ref.get(key(e))
        if r is None or e["status"] != "ok" or not e.get("seconds"):
            continue
        s, t = e["seconds"]["median"], r["seconds"]["median"]
        rows.append([key(e), e["backend"], f"{s:.3f}", f"{t:.3f}", f"{s / t:.2f}",
                     f"{e['memory']['peak_rss_mib']:.0f}", f"{r['memory']['peak_rss_mib']:.0f}"])
    if md:
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
        for row in rows:
            print("| " + " | ".join(row) + " |")
    else:
        w = [max(len(x) for x in col) for col in zip(head, *rows)] if rows else [len(h) for h in head]
        for row in [head] + rows:
            print("  ".join(x.ljust(n) for x, n in zip(row, w)))
    if not rows:
        print("no configuration measured by both", file=sys.stderr)


if __name__ == "__main__":
    main()
