package org.ser4j.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ser4j.nn.hubert.HubertConfig;
import org.ser4j.nn.hubert.HubertGraph;
import org.ser4j.onnx.HubertOnnxExporter;
import org.ser4j.onnx.OnnxModelWriter;
import org.ser4j.onnx.OnnxNames;
import org.ser4j.onnx.OnnxRuntimeEncoder;
import org.ser4j.util.AtomicFiles;
import org.ser4j.weights.ModelDirectory;
import org.ser4j.weights.ModelInfo;
import org.ser4j.weights.WeightImporter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

/**
 * Benchmark (not a test): HuBERT encoder inference, ser4j SameDiff vs ser4j -> ONNX -> ONNX Runtime, with the same
 * random weights, on 1 x N seconds of audio; median wall time and peak RSS per engine and length, plus the node types
 * ONNX Runtime's graph optimiser produced (fused ops). Each (engine, length) runs in its own child JVM so peak RSS
 * ({@code VmHWM}) belongs to that engine alone. PyTorch is timed only if {@code python3 -c "import torch"} works.
 *
 * <pre>
 * ser4j bench onnx-engines [--config large|base|tiny|tiny-base] [--seconds 4,8] [--runs 3]
 *      [--threads 2] [--engines samediff,onnxruntime] [--reuse] [--work DIR] [--out onnx-bench.json]
 * </pre>
 * Children (also used by {@code experiments/bench/side_by_side.py}): {@code --child prepare --config C --model DIR
 * --onnx FILE} writes the random weights and their export; {@code --child samediff|onnxruntime --batch B --seconds S
 * --runs N --threads T --model DIR --onnx FILE --work DIR} times one engine and prints one JSON line;
 * {@code --child fusion --onnx FILE --optimized FILE} dumps ONNX Runtime's optimised graph and counts node types.
 * Figures on a shared machine are indicative only.
 */
public final class OnnxEngineComparison {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private OnnxEngineComparison() {}

    /** The children's entry point (also used by {@code experiments/bench/side_by_side.py}), and the comparison's. */
    public static void main(String[] args) throws Exception {
        Map<String, String> a = parse(args);
        if (a.containsKey("child")) {
            child(a);
            return;
        }
        run(a);
    }

    /**
     * The comparison, run by {@code ser4j bench onnx-engines}: {@code a} holds the options above by name without
     * their dashes ({@code config}, {@code seconds}, ...); absent ones take the defaults shown.
     */
    public static void run(Map<String, String> a) throws Exception {
        String configName = a.getOrDefault("config", "large");
        HubertConfig cfg = configNamed(configName);
        int runs = Integer.parseInt(a.getOrDefault("runs", "3"));
        int threads = Integer.parseInt(a.getOrDefault("threads", "2"));
        List<Double> seconds = new ArrayList<>();
        for (String s : a.getOrDefault("seconds", "4,8").split(",")) {
            seconds.add(Double.parseDouble(s));
        }
        Path work = Path.of(a.getOrDefault("work", "target/onnx-bench"));
        Path out = Path.of(a.getOrDefault("out", work.resolve("onnx-bench.json").toString()));
        Files.createDirectories(work);

        // Same random weights for both engines: one model directory, exported once.
        Path modelDir = work.resolve("model-" + configName);
        Path onnx = work.resolve("model-" + configName + ".onnx");
        long t0 = System.nanoTime();
        if (Files.isRegularFile(onnx) && Files.isRegularFile(modelDir.resolve(ModelDirectory.INFO))
                && Boolean.parseBoolean(a.getOrDefault("reuse", "false"))) {
            // The weights are reused; the ONNX file is exported again so it reflects the current exporter.
            System.err.println("reusing " + modelDir + "; exporting " + onnx + " again");
            OnnxModelWriter.Result exported = HubertOnnxExporter.export(ModelDirectory.load(modelDir), onnx,
                    HubertOnnxExporter.Options.defaults());
            System.err.printf("exported %d ONNX nodes%n", exported.nodes());
        } else {
            prepare(cfg, modelDir, onnx);
        }
        double prepSeconds = (System.nanoTime() - t0) / 1e9;
        System.err.printf("model ready in %.1f s%n", prepSeconds);

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("note", "indicative: 2-core machine shared with other jobs (load average far above 2 while"
                + " measuring); one run of this benchmark; cpu_s = process CPU time, less sensitive to contention");
        report.put("model", "HuBERT " + configName + " (" + HubertGraph.parameterCount(cfg)
                + " parameters), random weights seed 1234, identical for both engines");
        report.put("threads", threads);
        report.put("runs_per_case", runs);
        report.put("cores", Runtime.getRuntime().availableProcessors());
        report.put("java", System.getProperty("java.version"));
        report.put("onnx_model_bytes", Files.size(onnx));
        report.put("load_average_at_start", loadAverage());
        List<Map<String, Object>> results = new ArrayList<>();
        JsonNode fusion = null;
        for (double s : seconds) {
            for (String engine : a.getOrDefault("engines", "samediff,onnxruntime").split(",")) {
                JsonNode r = runChild(engine, s, runs, threads, modelDir, onnx, work);
                Map<String, Object> row = JSON.convertValue(r, LinkedHashMap.class);
                row.remove("fusion");
                results.add(row);
                if (r.has("fusion") && fusion == null) {
                    fusion = r.get("fusion");
                }
                System.err.println(JSON.writeValueAsString(row));
            }
        }
        fusion = runChild("fusion", seconds.get(0), runs, threads, modelDir, onnx, work).get("fusion");
        report.put("load_average_at_end", loadAverage());
        report.put("results", results);
        report.put("onnxruntime_graph_optimizer", fusion);
        report.put("pytorch", pytorchStatus());
        AtomicFiles.writeString(out, JSON.writeValueAsString(report) + "\n");
        System.out.println(JSON.writeValueAsString(report));
    }

    static HubertConfig configNamed(String name) {
        return switch (name) {
            case "large" -> HubertConfig.large();
            case "base" -> HubertConfig.base();
            case "tiny" -> HubertConfig.tinyLarge();
            case "tiny-base" -> HubertConfig.tinyBase();
            default -> throw new IllegalArgumentException("--config large|base|tiny|tiny-base");
        };
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static ModelProto readGraph(Path onnx) throws IOException {
        try (InputStream in = Files.newInputStream(onnx)) {
            com.google.protobuf.CodedInputStream cis = com.google.protobuf.CodedInputStream.newInstance(in);
            cis.setSizeLimit(Integer.MAX_VALUE);
            return ModelProto.parseFrom(cis);
        }
    }

    /** Random HF-style weights in a model directory, exported once to ONNX: both engines read the same values. */
    private static void prepare(HubertConfig cfg, Path modelDir, Path onnx) throws IOException {
        SameDiff sd = SameDiff.create();
        HubertGraph g = HubertGraph.build(sd, cfg, HubertGraph.Mode.INFERENCE, 1234L);
        Map<String, INDArray> tensors = new LinkedHashMap<>();
        for (SDVariable v : g.parameters()) {
            tensors.put(v.name(), v.getArr());
        }
        ModelInfo info = ModelInfo.encoderOnly(16000, true, "random init seed 1234", "-", "random");
        ModelDirectory.write(modelDir, cfg, true, 16000, tensors, info);
        ModelDirectory md = new ModelDirectory(cfg, true, 16000, info, tensors, modelDir);
        OnnxModelWriter.Result exported = HubertOnnxExporter.export(md, onnx, HubertOnnxExporter.Options.defaults());
        System.err.printf("exported %d ONNX nodes, %.0f MB%n", exported.nodes(), exported.initializerBytes() / 1e6);
    }

    private static String pytorchStatus() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import torch; print(torch.__version__)")
                    .redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() == 0) {
                return "torch " + text + " importable, but PyTorch timing is not implemented here";
            }
            return "not timed: python3 cannot import torch (" + text.lines().reduce((x, y) -> y).orElse("") + ")";
        } catch (IOException | InterruptedException e) {
            return "not timed: python3 unavailable (" + e.getMessage() + ")";
        }
    }

    private static JsonNode runChild(String engine, double seconds, int runs, int threads, Path modelDir, Path onnx,
                                     Path work) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx3g", "-cp", System.getProperty("java.class.path"),
                OnnxEngineComparison.class.getName(), "--child", engine, "--seconds", Double.toString(seconds),
                "--runs", Integer.toString(runs), "--threads", Integer.toString(threads),
                "--model", modelDir.toString(), "--onnx", onnx.toString(), "--work", work.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        String last = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("{")) {
                    last = line;
                }
            }
        }
        int rc = p.waitFor();
        if (rc != 0 || last == null) {
            throw new IllegalStateException(engine + " child failed with exit code " + rc);
        }
        return JSON.readTree(last);
    }

    // ---------------------------------------------------------------- child: one engine, one length

    private static void child(Map<String, String> a) throws Exception {
        String engine = a.get("child");
        if (engine.equals("prepare")) {
            // Only the shared inputs of a side-by-side run (experiments/bench/side_by_side.py): random weights in a
            // model directory and their ser4j ONNX export; the engines are then timed by separate children.
            HubertConfig cfg = configNamed(a.getOrDefault("config", "large"));
            prepare(cfg, Path.of(a.get("model")), Path.of(a.get("onnx")));
            return;
        }
        if (engine.equals("fusion")) {
            Path optimized = Path.of(a.getOrDefault("optimized",
                    Path.of(a.get("work")).resolve("ort-optimized.onnx").toString()));
            openWithOptimizedDump(Path.of(a.get("onnx")), Integer.parseInt(a.get("threads")), optimized).close();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("fusion", fusionSummary(Path.of(a.get("onnx")), optimized));
            System.out.println(new ObjectMapper().writeValueAsString(row));
            return;
        }
        double seconds = Double.parseDouble(a.get("seconds"));
        int batch = Integer.parseInt(a.getOrDefault("batch", "1"));
        int runs = Integer.parseInt(a.get("runs"));
        int threads = Integer.parseInt(a.get("threads"));
        int samples = (int) Math.round(seconds * 16000);
        Random rng = new Random(99);
        float[] wave = new float[batch * samples];
        for (int i = 0; i < wave.length; i++) {
            wave[i] = (float) rng.nextGaussian();
        }
        INDArray x = Nd4j.create(wave, new long[] {batch, samples}, 'c');
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("engine", engine);
        row.put("batch", batch);
        row.put("seconds", seconds);
        row.put("samples", samples);
        long t0 = System.nanoTime();
        List<Double> times = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        if (engine.equals("samediff")) {
            ModelDirectory md = ModelDirectory.load(Path.of(a.get("model")));
            HubertGraph g = md.buildGraph(SameDiff.create(), HubertGraph.Mode.INFERENCE,
                    WeightImporter.Policy.strict()).graph();
            row.put("load_s", (System.nanoTime() - t0) / 1e9);
            Map<String, INDArray> feed = HubertGraph.inputs(x, null);
            String out = g.lastHiddenState().name();
            for (int r = 0; r <= runs; r++) {
                long s = System.nanoTime();
                long c = cpuNanos();
                INDArray y = g.sameDiff().output(feed, out).get(out);
                y.sumNumber(); // force completion
                dump(a, x, y);
                if (r > 0) {
                    times.add((System.nanoTime() - s) / 1e9);
                    cpu.add((cpuNanos() - c) / 1e9);
                }
            }
        } else {
            // No optimised-model dump here: writing it would inflate this child's peak RSS (see the fusion child).
            OnnxRuntimeEncoder enc = OnnxRuntimeEncoder.open(Path.of(a.get("onnx")),
                    OnnxRuntimeEncoder.Settings.cpu(threads));
            row.put("load_s", (System.nanoTime() - t0) / 1e9);
            for (int r = 0; r <= runs; r++) {
                long s = System.nanoTime();
                long c = cpuNanos();
                dump(a, x, enc.run(x, null, Set.of(OnnxNames.LAST_HIDDEN_STATE)).get(OnnxNames.LAST_HIDDEN_STATE));
                if (r > 0) {
                    times.add((System.nanoTime() - s) / 1e9);
                    cpu.add((cpuNanos() - c) / 1e9);
                }
            }
            row.put("onnxruntime_version", OrtEnvironment.getEnvironment().getVersion());
            enc.close();
        }
        row.put("peak_rss_mb", peakRssMb()); // before the fusion summary below parses the model files
        double[] sorted = times.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        row.put("median_s", sorted[sorted.length / 2]);
        row.put("times_s", times);
        row.put("median_cpu_s", cpu.stream().mapToDouble(Double::doubleValue).sorted().toArray()[cpu.size() / 2]);
        row.put("cpu_s", cpu);
        row.put("warmup_runs", 1);
        System.out.println(new ObjectMapper().writeValueAsString(row));
    }

    /**
     * With {@code --dump FILE}: the output (FILE) and the input (FILE.in) as raw little-endian float32 (C order), so
     * that side_by_side.py can check that every engine computes the same function of the same weights.
     */
    private static void dump(Map<String, String> a, INDArray x, INDArray y) throws IOException {
        if (a.containsKey("dump")) {
            writeF32(Path.of(a.get("dump")), y);
            writeF32(Path.of(a.get("dump") + ".in"), x);
        }
    }

    private static void writeF32(Path file, INDArray t) throws IOException {
        float[] v = t.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c').data().asFloat();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * v.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        Files.write(file, b.array());
    }

    /** An ORT session that also writes its optimised graph, weights kept in a side file so the graph stays small. */
    private static OnnxRuntimeEncoder openWithOptimizedDump(Path onnx, int threads, Path optimized) {
        return OnnxRuntimeEncoder.open(onnx, OnnxRuntimeEncoder.Settings.cpu(threads).withOptimizedModelPath(optimized));
    }

    /** Node-type counts before and after ONNX Runtime's optimiser, and the types it introduced (fusions). */
    static Map<String, Object> fusionSummary(Path original, Path optimized) throws IOException {
        Map<String, Integer> before = opCounts(original);
        Map<String, Integer> after = opCounts(optimized);
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Integer> introduced = new TreeMap<>();
        for (Map.Entry<String, Integer> e : after.entrySet()) {
            if (!before.containsKey(e.getKey().replaceFirst("^.*:", ""))) {
                introduced.put(e.getKey(), e.getValue());
            }
        }
        out.put("introduced_op_types", introduced);
        out.put("nodes_before", before.values().stream().mapToInt(Integer::intValue).sum());
        out.put("nodes_after", after.values().stream().mapToInt(Integer::intValue).sum());
        out.put("op_counts_before", before);
        out.put("op_counts_after", after);
        return out;
    }

    private static Map<String, Integer> opCounts(Path model) throws IOException {
        ModelProto m = readGraph(model);
        Map<String, Integer> counts = new TreeMap<>();
        for (NodeProto n : m.getGraph().getNodeList()) {
            String key = n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx") ? n.getOpType()
                    : n.getDomain() + ":" + n.getOpType();
            counts.merge(key, 1, Integer::sum);
        }
        return counts;
    }

    /** CPU time of the whole process (all threads, native ones included). */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double peakRssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return -1;
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --key value pairs, got " + Arrays.toString(args));
            }
            m.put(args[i].substring(2), args[++i]);
        }
        return m;
    }
}
