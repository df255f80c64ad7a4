#!/usr/bin/python3
"""Side-by-side benchmark on one machine: ser4j SameDiff, ser4j -> ONNX -> ONNX Runtime (Java), ONNX Runtime (Java)
on a torch-exported ONNX of the same weights, and PyTorch; interleaved, so that load changes hit every engine alike.

Every (engine, case) runs in its own process (a clean peak RSS), with OMP_NUM_THREADS / intra-op threads = --threads.
Each record keeps the load average before and after, the wall and process CPU seconds of every measured call. The
engine order is rotated every round. Ratios are taken per round (same minutes of load) and their median reported.

  /usr/bin/python3 experiments/bench/side_by_side.py --jar target/ser4j-0.1.0-SNAPSHOT-cli.jar --work target/sbs \
      [--rounds 2] [--runs 2] [--cases 1x4,4x4,1x16,1x8] [--engines samediff,onnx,onnx-torch,pytorch]
      [--train-rounds 2] [--train-runs 2] [--out-dir experiments/bench/results] [--tag sbs]

Writes OUT_DIR/side-by-side-TAG.json (every record, the ORT fusion summaries, ratio tables) and, in the ser4j-bench/1
schema for compare_bench.py, OUT_DIR/ser4j-TAG.json and OUT_DIR/pytorch-TAG.json (medians over all rounds).
Needs torch (Debian python3-torch, /usr/bin/python3) and python3-onnx for the export; not used by the tests.
"""
import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
JAVA_OPTS = ["-Xmx2g", "-Dorg.bytedeco.javacpp.maxbytes=12G", "-Dorg.bytedeco.javacpp.maxphysicalbytes=14G",
             "-Djava.awt.headless=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"]
ENGINE_BACKEND = {"samediff": "samediff", "samediff-baseline": "samediff-baseline", "samediff-onednn": "samediff-onednn",
                  "onnx": "onnx", "onnx-torch": "onnx-torch-export", "pytorch": "pytorch"}


def loadavg():
    with open("/proc/loadavg") as f:
        return f.read().strip()


def load1(s):
    return float(s.split()[0])


def env(threads):
    e = dict(os.environ)
    e["OMP_NUM_THREADS"] = str(threads)
    e["OPENBLAS_NUM_THREADS"] = str(threads)  # torch's Debian OpenBLAS (pthread) would otherwise use every core
    return e


def run(cmd, threads, log):
    t0 = time.time()
    before = loadavg()
    p = subprocess.run(cmd, env=env(threads), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with open(log, "a") as f:
        f.write(f"$ {' '.join(cmd)}\n{p.stderr[-4000:]}\n")
    if p.returncode != 0:
        raise RuntimeError(f"{cmd[:6]}... failed ({p.returncode}): {p.stderr[-2000:]}")
    return p.stdout, before, loadavg(), time.time() - t0


def last_json_line(text):
    lines = [ln for ln in text.splitlines() if ln.startswith("{")]
    return json.loads(lines[-1])


def java_child(a, engine, batch, seconds, onnx, jar=None, extra_opts=()):
    cmd = ["java"] + JAVA_OPTS + list(extra_opts) + ["-cp", jar or a.jar, "org.ser4j.bench.OnnxEngineComparison", "--child", engine,
                                  "--batch", str(batch), "--seconds", str(seconds), "--runs", str(a.runs),
                                  "--threads", str(a.threads), "--model", a.model_dir, "--onnx", onnx,
                                  "--work", a.work]
    out, before, after, wall = run(cmd, a.threads, a.log)
    r = last_json_line(out)
    return {"times_s": r["times_s"], "cpu_s": r["cpu_s"], "peak_rss_mib": r["peak_rss_mb"], "load_s": r["load_s"],
            "load_before": before, "load_after": after, "process_wall_s": wall,
            "onnxruntime_version": r.get("onnxruntime_version")}


def torch_child(a, batch, seconds):
    tmp = os.path.join(a.work, "pytorch-case.json")
    cmd = [sys.executable, os.path.join(HERE, "pytorch_bench.py"), "--only", "hubert", "--cases",
           f"{batch}x{seconds:g}", "--repeats", str(a.runs), "--threads", str(a.threads), "--model-dir",
           a.model_dir, "--json", tmp]
    _, before, after, wall = run(cmd, a.threads, a.log)
    with open(tmp) as f:
        doc = json.load(f)
    e = doc["entries"][0]
    return {"times_s": e["seconds"]["all"], "cpu_s": e["extra"]["process_cpu_seconds"]["all"],
            "peak_rss_mib": e["memory"]["peak_rss_mib"], "load_s": e["extra"].get("build_seconds"),
            "load_before": before, "load_after": after, "process_wall_s": wall, "torch_machine": doc["machine"]}


def train_samediff(a, variant):
    """variant: samediff (CNN inside the gradient graph) or samediff-cnn-outside (bench group train-split);
    --train-jar-baseline selects an older build for the variant samediff-baseline."""
    tmp = os.path.join(a.work, "ser4j-train.json")
    jar = a.train_jar_baseline if variant == "samediff-baseline" else a.train_jar
    group = "train-split" if variant == "samediff-cnn-outside" else "train"
    cmd = ["java", "-Xmx4g", f"-Dorg.bytedeco.javacpp.maxbytes={a.train_offheap_gb}G",
           f"-Dorg.bytedeco.javacpp.maxphysicalbytes={a.train_offheap_gb + 2}G", "-Djava.awt.headless=true"]
    if a.profile:
        cmd.append("-Dser4j.bench.profile=true")
    launch = ["-jar", jar] if os.path.isfile(jar) else ["-cp", jar, "org.ser4j.app.Ser4j"]  # a jar or a class path
    cmd += launch + ["bench", "--only", group, "--repeats", str(a.train_runs), "--json", tmp]
    _, before, after, wall = run(cmd, a.threads, a.log)
    with open(tmp) as f:
        e = json.load(f)["entries"][0]
    if e["status"] != "ok":
        raise RuntimeError(f"ser4j train step failed: {e.get('note')}")
    return {"times_s": e["seconds"]["all"], "cpu_s": e["extra"]["process_cpu_seconds"]["all"],
            "peak_rss_mib": e["memory"]["peak_rss_mib"], "first_call_s": e["first_call_seconds"],
            "load_before": before, "load_after": after, "process_wall_s": wall, "entry": e}


def train_torch(a):
    tmp = os.path.join(a.work, "pytorch-train.json")
    cmd = [sys.executable, os.path.join(HERE, "pytorch_bench.py"), "--only", "train", "--repeats",
           str(a.train_runs), "--threads", str(a.threads), "--model-dir", a.model_dir, "--json", tmp]
    _, before, after, wall = run(cmd, a.threads, a.log)
    with open(tmp) as f:
        e = json.load(f)["entries"][0]
    return {"times_s": e["seconds"]["all"], "cpu_s": e["extra"]["process_cpu_seconds"]["all"],
            "peak_rss_mib": e["memory"]["peak_rss_mib"], "first_call_s": e["first_call_seconds"],
            "load_before": before, "load_after": after, "process_wall_s": wall, "entry": e}


def fusion(a, onnx, optimized):
    cmd = ["java"] + JAVA_OPTS + ["-cp", a.jar, "org.ser4j.bench.OnnxEngineComparison", "--child", "fusion", "--seconds",
                                  "4", "--runs", "1", "--threads", str(a.threads), "--model", a.model_dir,
                                  "--onnx", onnx, "--work", a.work, "--optimized", optimized]
    out, *_ = run(cmd, a.threads, a.log)
    return last_json_line(out)["fusion"]


def same_function_check(a, ser_onnx, torch_onnx):
    """Every engine on the same 1 x 1 s input: max |difference| of last_hidden_state against PyTorch eager."""
    import numpy as np
    import torch
    sys.path.insert(0, HERE)
    from torch_model import load_model
    outs = {}
    for name, engine, onnx in (("samediff", "samediff", ser_onnx), ("onnx", "onnxruntime", ser_onnx),
                               ("onnx-torch", "onnxruntime", torch_onnx)):
        if not os.path.isfile(onnx):
            continue
        dump = os.path.join(a.work, f"check-{name}.f32")
        cmd = ["java"] + JAVA_OPTS + ["-cp", a.jar, "org.ser4j.bench.OnnxEngineComparison", "--child", engine, "--batch",
                                      "1", "--seconds", "1", "--runs", "1", "--threads", str(a.threads), "--model",
                                      a.model_dir, "--onnx", onnx, "--work", a.work, "--dump", dump]
        run(cmd, a.threads, a.log)
        outs[name] = np.fromfile(dump, dtype=np.float32)
        x = np.fromfile(dump + ".in", dtype=np.float32).reshape(1, -1)
    torch.set_num_threads(a.threads)
    model = load_model(a.model_dir).eval()
    with torch.inference_mode():
        ref = model(torch.from_numpy(x)).numpy().ravel()
    result = {"input": "1 x 16000 samples, N(0,1) (Java Random(99))", "reference": "pytorch eager (hubert_torch.py)",
              "max_abs_reference": float(np.abs(ref).max())}
    for name, y in outs.items():
        result[f"max_abs_diff_{name}"] = float(np.abs(y - ref).max()) if y.shape == ref.shape else f"shape {y.shape}"
    return result


def stats(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "all": values}


def save(path, doc):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(json.dumps(doc, indent=2) + "\n")
    os.replace(tmp, path)


def summarise(records, key_fields):
    """Median over every measured call of every round, and per-round ratios against pytorch and onnx-torch."""
    by = {}
    for r in records:
        by.setdefault(tuple(r[k] for k in key_fields), []).append(r)
    table = []
    cases = sorted({(r["case"]) for r in records}, key=lambda c: (c.split("x")[0], float(c.split("x")[1][:-1])))
    for case in cases:
        rounds = sorted({r["round"] for r in records if r["case"] == case})
        for engine in ENGINE_BACKEND:
            rs = [r for r in records if r["case"] == case and r["engine"] == engine]
            if not rs:
                continue
            times = [t for r in rs for t in r["times_s"]]
            cpu = [t for r in rs for t in r["cpu_s"]]
            row = {"case": case, "engine": engine, "median_s": statistics.median(times), "min_s": min(times),
                   "max_s": max(times), "median_cpu_s": statistics.median(cpu),
                   "peak_rss_mib": max(r["peak_rss_mib"] for r in rs),
                   "load1_range": [min(load1(r["load_before"]) for r in rs), max(load1(r["load_after"]) for r in rs)],
                   "calls": len(times)}
            for ref in ("pytorch", "onnx-torch"):
                ratios = []
                for rd in rounds:
                    mine = [r for r in rs if r["round"] == rd]
                    theirs = [r for r in records if r["case"] == case and r["engine"] == ref and r["round"] == rd]
                    if mine and theirs and ref != engine:
                        ratios.append(statistics.median(mine[0]["times_s"]) / statistics.median(theirs[0]["times_s"]))
                if ratios:
                    row[f"ratio_vs_{ref}_per_round"] = ratios
                    row[f"ratio_vs_{ref}"] = statistics.median(ratios)
            table.append(row)
    return table


def bench_docs(a, table, train_table, machine_torch, started):
    def cfg(case):
        b, s = case.split("x")
        s = float(s[:-1])
        return {"model": "hubert-large", "parameters": 315438720, "batch": int(b), "seconds": s, "dtype": "float32"}

    ser, tor = [], []
    for row in table:
        ent = {"id": f"hubert.forward.{ENGINE_BACKEND[row['engine']]}.{row['case']}", "group": "hubert",
               "backend": ENGINE_BACKEND[row["engine"]], "status": "ok", "config": cfg(row["case"]),
               "seconds": {"median": row["median_s"], "min": row["min_s"], "max": row["max_s"]},
               "first_call_seconds": None, "memory": {"peak_rss_mib": row["peak_rss_mib"],
                                                      "peak_rss_is_per_case": True},
               "extra": {"process_cpu_seconds": {"median": row["median_cpu_s"]}, "load1_range": row["load1_range"],
                         "calls": row["calls"], "side_by_side": True},
               "note": "side_by_side.py: one process per engine and case, interleaved rounds"}
        (tor if row["engine"] == "pytorch" else ser).append(ent)
    for row in train_table:
        ent = {"id": f"train.step.{row['engine']}.1x4s", "group": "train", "backend": row["engine"], "status": "ok",
               "config": dict(cfg("1x4s"), head="mean-pool + linear 256 + ReLU + linear 4", frozen="CNN feature "
                              "encoder", optimizer="AdamW (lr 1e-5 encoder, 1e-3 head, weight decay 0.01)"),
               "seconds": {"median": row["median_s"], "min": row["min_s"], "max": row["max_s"]},
               "first_call_seconds": row.get("median_first_call_s"),
               "memory": {"peak_rss_mib": row["peak_rss_mib"], "peak_rss_is_per_case": True},
               "extra": {"process_cpu_seconds": {"median": row["median_cpu_s"]}, "load1_range": row["load1_range"],
                         "calls": row["calls"], "side_by_side": True}, "note": None}
        (tor if row["engine"] == "pytorch" else ser).append(ent)
    machine = {"cores": os.cpu_count(), "threads": a.threads, "load_average_at_start": started["load"],
               "torch": (machine_torch or {}).get("torch"), "cpu_model": (machine_torch or {}).get("cpu_model"),
               "memory_total_gib": (machine_torch or {}).get("memory_total_gib")}
    for name, ents, tool in (("ser4j", ser, "ser4j"), ("pytorch", tor, "pytorch")):
        save(os.path.join(a.out_dir, f"{name}-{a.tag}.json"),
             {"schema": "ser4j-bench/1", "tool": tool, "quick": False, "started": started["time"],
              "machine": machine, "entries": ents})


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jar", default="target/ser4j-0.1.0-SNAPSHOT-cli.jar")
    ap.add_argument("--work", default="target/sbs")
    ap.add_argument("--jar-baseline", default=None, help="jar of the engine samediff-baseline")
    ap.add_argument("--jar-onednn", default=None, help="class path of the engine samediff-onednn (classes + mvn -P onednn "
                    "dependency:build-classpath)")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--runs", type=int, default=2, help="measured calls per process after one warm-up call")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--cases", default="1x4,4x4,1x16,1x8")
    ap.add_argument("--engines", default="samediff,onnx,onnx-torch,pytorch")
    ap.add_argument("--train-rounds", type=int, default=2)
    ap.add_argument("--train-runs", type=int, default=2)
    ap.add_argument("--train-engines", default="samediff,samediff-cnn-outside,pytorch",
                    help="samediff, samediff-cnn-outside, samediff-baseline (--train-jar-baseline), pytorch")
    ap.add_argument("--train-jar", default=None, help="jar for the training step (default --jar)")
    ap.add_argument("--train-jar-baseline", default=None)
    ap.add_argument("--train-offheap-gb", type=int, default=10,
                    help="JavaCPP maxbytes of the training JVM (physical limit +2 GiB); the machine is shared")
    ap.add_argument("--profile", action="store_true", help="per-op profile of the SameDiff training steps")
    ap.add_argument("--skip-forward", action="store_true")
    ap.add_argument("--out-dir", default=os.path.join(HERE, "results"))
    ap.add_argument("--tag", default="side-by-side")
    a = ap.parse_args()
    a.train_jar = a.train_jar or a.jar
    if a.skip_forward:
        a.rounds = 0
    os.makedirs(a.work, exist_ok=True)
    a.work = os.path.abspath(a.work)
    a.model_dir = os.path.join(a.work, "model-large")
    a.log = os.path.join(a.work, "side_by_side.log")
    ser_onnx = os.path.join(a.work, "model-large.onnx")
    torch_onnx = os.path.join(a.work, "torch-large.onnx")
    started = {"time": datetime.datetime.now(datetime.timezone.utc).isoformat(), "load": loadavg()}
    raw = os.path.join(a.out_dir, f"side-by-side-{a.tag}.json") if a.tag != "side-by-side" else \
        os.path.join(a.out_dir, "side-by-side.json")
    doc = {"started": started, "threads": a.threads, "runs_per_process": a.runs, "rounds": a.rounds,
           "engines": {"samediff": "ser4j SameDiff graph (HubertGraph, inference)",
                       "onnx": "ser4j's own ONNX export run by ONNX Runtime Java (OnnxRuntimeEncoder, ALL_OPT)",
                       "onnx-torch": "torch.onnx.export (opset 17) of hubert_torch.py with the same weights, run by "
                                     "the same Java runner",
                       "pytorch": "hubert_torch.py (plain torch, HF-equivalent), torch.inference_mode"},
           "records": [], "train_records": []}
    if not os.path.isfile(os.path.join(a.model_dir, "ser4j-model.json")) or not os.path.isfile(ser_onnx):
        print("preparing random weights and the ser4j export ...", flush=True)
        run(["java"] + JAVA_OPTS + ["-cp", a.jar, "org.ser4j.bench.OnnxEngineComparison", "--child", "prepare", "--config",
                                    "large", "--model", a.model_dir, "--onnx", ser_onnx], a.threads, a.log)
    if "onnx-torch" in a.engines and not os.path.isfile(torch_onnx):
        print("exporting the same weights with torch.onnx.export ...", flush=True)
        out, *_ = run([sys.executable, os.path.join(HERE, "torch_model.py"), "export", "--model-dir", a.model_dir,
                       "--out", torch_onnx], a.threads, a.log)
        print(out.strip(), flush=True)
    cached = os.path.join(a.work, "preflight.json")
    if os.path.isfile(cached):
        with open(cached) as f:
            pre = json.load(f)
        doc["same_function_check"], doc["fusion"] = pre["same_function_check"], pre["fusion"]
    else:
        doc["same_function_check"] = same_function_check(a, ser_onnx, torch_onnx)
        doc["fusion"] = {}
        for name, path in (("ser4j_export", ser_onnx), ("torch_export", torch_onnx)):
            if os.path.isfile(path):
                doc["fusion"][name] = fusion(a, path, os.path.join(a.work, f"ort-optimized-{name}.onnx"))
        save(cached, {"same_function_check": doc["same_function_check"], "fusion": doc["fusion"]})
    print("same function:", doc["same_function_check"], flush=True)
    for name, fu in doc["fusion"].items():
        print(name, "ORT nodes", fu["nodes_before"], "->", fu["nodes_after"], fu["introduced_op_types"], flush=True)
    engines = [e for e in a.engines.split(",") if e]
    cases = [(int(c.split("x")[0]), float(c.split("x")[1])) for c in a.cases.split(",") if c]
    machine_torch = None
    for rd in range(a.rounds):
        for batch, seconds in cases:
            order = engines[rd % len(engines):] + engines[:rd % len(engines)]
            for engine in order:
                if engine == "pytorch":
                    r = torch_child(a, batch, seconds)
                    machine_torch = r.pop("torch_machine")
                elif engine == "samediff":
                    r = java_child(a, "samediff", batch, seconds, ser_onnx)
                elif engine == "samediff-baseline":  # an older build (--jar-baseline), e.g. before a graph change
                    r = java_child(a, "samediff", batch, seconds, ser_onnx, a.jar_baseline)
                elif engine == "samediff-onednn":  # the same sources built with -P onednn (--jar-onednn)
                    # JavaCPP loads the -onednn natives only when asked; --jar-onednn is a class path holding the
                    # nd4j-native linux-x86_64-onednn jar (mvn -P onednn dependency:build-classpath)
                    r = java_child(a, "samediff", batch, seconds, ser_onnx, a.jar_onednn,
                                   ["-Dorg.bytedeco.javacpp.platform.extension=-onednn"])
                elif engine == "onnx":
                    r = java_child(a, "onnxruntime", batch, seconds, ser_onnx)
                else:
                    r = java_child(a, "onnxruntime", batch, seconds, torch_onnx)
                r.update(round=rd, case=f"{batch}x{seconds:g}s", engine=engine)
                doc["records"].append(r)
                print(f"round {rd} {r['case']:6s} {engine:10s} {statistics.median(r['times_s']):7.2f} s "
                      f"(cpu {statistics.median(r['cpu_s']):6.1f} s, load {r['load_before'].split()[0]}->"
                      f"{r['load_after'].split()[0]}, peak {r['peak_rss_mib']:.0f} MiB)", flush=True)
                doc["forward_table"] = summarise(doc["records"], ["case", "engine"])
                save(raw, doc)
    train_rows = []
    train_engines = [e for e in a.train_engines.split(",") if e]
    for rd in range(a.train_rounds):
        k = rd % len(train_engines)
        for engine in train_engines[k:] + train_engines[:k]:
            r = train_torch(a) if engine == "pytorch" else train_samediff(a, engine)
            r.update(round=rd, case="1x4s", engine=engine)
            doc["train_records"].append(r)
            print(f"train round {rd} {engine:10s} {statistics.median(r['times_s']):7.2f} s (cpu "
                  f"{statistics.median(r['cpu_s']):6.1f} s, load {r['load_before'].split()[0]}->"
                  f"{r['load_after'].split()[0]}, peak {r['peak_rss_mib']:.0f} MiB)", flush=True)
            save(raw, doc)
    if doc["train_records"]:
        for engine in train_engines:
            rs = [r for r in doc["train_records"] if r["engine"] == engine]
            times = [t for r in rs for t in r["times_s"]]
            row = {"engine": engine, "median_s": statistics.median(times), "min_s": min(times), "max_s": max(times),
                   "median_cpu_s": statistics.median([t for r in rs for t in r["cpu_s"]]),
                   "median_first_call_s": statistics.median([r["first_call_s"] for r in rs]),
                   "peak_rss_mib": max(r["peak_rss_mib"] for r in rs), "calls": len(times),
                   "load1_range": [min(load1(r["load_before"]) for r in rs), max(load1(r["load_after"]) for r in rs)]}
            if engine != "pytorch":
                ratios = []
                for rd in range(a.train_rounds):
                    m = [r for r in rs if r["round"] == rd]
                    t = [r for r in doc["train_records"] if r["engine"] == "pytorch" and r["round"] == rd]
                    if m and t:
                        ratios.append(statistics.median(m[0]["times_s"]) / statistics.median(t[0]["times_s"]))
                row["ratio_vs_pytorch_per_round"] = ratios
                row["ratio_vs_pytorch"] = statistics.median(ratios) if ratios else None
            train_rows.append(row)
        doc["train_table"] = train_rows
    doc["finished"] = {"time": datetime.datetime.now(datetime.timezone.utc).isoformat(), "load": loadavg()}
    save(raw, doc)
    bench_docs(a, doc.get("forward_table", []), train_rows, machine_torch, started)
    print(json.dumps({"forward": doc.get("forward_table"), "train": train_rows}, indent=1))


if __name__ == "__main__":
    main()
