package org.ser4j.app;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.ser4j.bench.OnnxEngineComparison;
import org.ser4j.util.BadInputException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ser4j bench onnx-engines}: the HuBERT encoder through SameDiff and through its ONNX export in ONNX Runtime,
 * same random weights, each (engine, length) in a child JVM of its own ({@link OnnxEngineComparison}).
 */
@Command(name = "onnx-engines", mixinStandardHelpOptions = true,
        description = "SameDiff vs ONNX Runtime on the same random HuBERT weights, one child JVM per engine and length "
                + "(median time, CPU time, peak RSS), plus the node types ONNX Runtime's optimiser fused.")
public final class BenchOnnxEnginesCommand implements Callable<Integer> {
    static final List<String> CONFIGS = List.of("large", "base", "tiny", "tiny-base");
    static final List<String> ENGINES = List.of("samediff", "onnxruntime");

    @Option(names = "--config", defaultValue = "large", paramLabel = "NAME",
            description = "large, base, tiny or tiny-base (default ${DEFAULT-VALUE}).")
    String config;

    @Option(names = "--seconds", split = ",", defaultValue = "4,8", paramLabel = "S",
            description = "Audio lengths (default ${DEFAULT-VALUE}).")
    List<Double> seconds;

    @Option(names = "--runs", defaultValue = "3", paramLabel = "N",
            description = "Measured runs per case after one warm-up (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--threads", defaultValue = "2", paramLabel = "N", description = "Threads per engine (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--engines", split = ",", defaultValue = "samediff,onnxruntime", paramLabel = "E",
            description = "Engines (default ${DEFAULT-VALUE}).")
    List<String> engines;

    @Option(names = "--reuse", description = "Reuse the random weights of an earlier run in --work (the ONNX file is exported again).")
    boolean reuse;

    @Option(names = "--work", defaultValue = "target/onnx-bench", paramLabel = "DIR",
            description = "Working folder for the weights and the export (default ${DEFAULT-VALUE}).")
    Path work;

    @Option(names = "--out", paramLabel = "FILE", description = "Output JSON (default WORK/onnx-bench.json).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (!CONFIGS.contains(config)) {
            throw new BadInputException("--config: expected one of " + CONFIGS + ", got '" + config + "'");
        }
        for (String e : engines) {
            if (!ENGINES.contains(e)) {
                throw new BadInputException("--engines: expected some of " + ENGINES + ", got '" + e + "'");
            }
        }
        for (double s : seconds) {
            if (!(s > 0)) {
                throw new BadInputException("--seconds: lengths must be positive, got " + s);
            }
        }
        if (runs < 1 || threads < 1) {
            throw new BadInputException("--runs and --threads: must be at least 1, got " + runs + " and " + threads);
        }
        Map<String, String> a = new LinkedHashMap<>();
        a.put("config", config);
        a.put("seconds", seconds.stream().map(String::valueOf).collect(Collectors.joining(",")));
        a.put("runs", Integer.toString(runs));
        a.put("threads", Integer.toString(threads));
        a.put("engines", String.join(",", engines));
        a.put("reuse", Boolean.toString(reuse));
        a.put("work", work.toString());
        a.put("out", (out != null ? out : work.resolve("onnx-bench.json")).toString());
        OnnxEngineComparison.run(a);
        return 0;
    }
}
