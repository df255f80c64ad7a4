package org.ser4j.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.ser4j.nn.hubert.HubertConfig;
import org.ser4j.nn.hubert.HubertGraph;
import org.ser4j.util.AtomicFiles;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Benchmark (not a test): median wall time and peak RSS of a HuBERT forward on {@code batch x seconds} of audio, or of
 * one training step (forward + backward + Adam with decoupled weight decay; masked mean pool + linear 4-class head),
 * with random weights. Run one mode per JVM so the peak RSS belongs to that mode:
 * <pre>
 * OMP_NUM_THREADS=2 java -cp target/ser4j-0.1.0-SNAPSHOT-cli.jar org.ser4j.app.HubertBenchmark \
 *     forward|train [large|base|tiny] [seconds=4] [repeats=3] [out.json]
 * </pre>
 * Prints and writes JSON: mode, config, input, build/first-call/median seconds, every wall and process-CPU timing,
 * the 1-minute load average (figures from a shared machine are only indicative), peak RSS (VmHWM) and OMP threads.
 */
public final class HubertBenchmark {
    private HubertBenchmark() {}

    public static void main(String[] args) throws IOException {
        String mode = args.length > 0 ? args[0] : "forward";
        String size = args.length > 1 ? args[1] : "large";
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 4.0;
        int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        Path out = Path.of(args.length > 4 ? args[4] : "bench-hubert-" + mode + "-" + size + ".json");
        HubertConfig cfg = switch (size) {
            case "large" -> HubertConfig.large();
            case "base" -> HubertConfig.base();
            default -> HubertConfig.tinyLarge();
        };
        int samples = (int) Math.round(seconds * 16_000);
        long t0 = System.nanoTime();
        SameDiff sd = SameDiff.create();
        HubertGraph g = HubertGraph.build(sd, cfg.withoutRegularisation(), HubertGraph.Mode.INFERENCE);
        INDArray x = Nd4j.randn(42L, new long[] {1, samples}).castTo(DataType.FLOAT);
        Map<String, INDArray> in = HubertGraph.inputs(x, null);
        String target;
        MultiDataSet batch = null;
        if (mode.equals("train")) {
            SDVariable m = sd.expandDims(g.frameMask(), 2);
            SDVariable pooled = g.lastHiddenState().mul(m).sum(1).div(m.sum(1));
            SDVariable w = sd.var("heads.emotion.weight", Nd4j.randn(7L, new long[] {4, cfg.hiddenSize()})
                    .castTo(DataType.FLOAT).muli(0.02));
            SDVariable b = sd.var("heads.emotion.bias", Nd4j.zeros(DataType.FLOAT, 4));
            SDVariable logits = sd.mmul(pooled, w, false, true, false).add(b);
            SDVariable label = sd.placeHolder("emotion_label", DataType.FLOAT, -1, 4);
            sd.loss.softmaxCrossEntropy("loss", label, logits, null);
            sd.setLossVariables("loss");
            sd.setTrainingConfig(TrainingConfig.builder().updater(new Adam(1e-5)).weightDecay(0.01, true)
                    .dataSetFeatureMapping(HubertGraph.INPUT_VALUES, HubertGraph.ATTENTION_MASK)
                    .dataSetLabelMapping("emotion_label").build());
            INDArray y = Nd4j.createFromArray(new float[][] {{0, 1, 0, 0}});
            batch = new MultiDataSet(new INDArray[] {x, in.get(HubertGraph.ATTENTION_MASK)}, new INDArray[] {y});
            target = "loss";
        } else {
            target = g.lastHiddenState().name();
        }
        double build = (System.nanoTime() - t0) / 1e9;
        List<Double> times = new ArrayList<>();
        List<Double> cpuTimes = new ArrayList<>();
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        for (int i = 0; i <= repeats; i++) {
            long cpu = os.getProcessCpuTime();
            long s = System.nanoTime();
            if (batch != null) {
                sd.fit(batch);
            } else {
                sd.output(in, target);
            }
            times.add((System.nanoTime() - s) / 1e9);
            cpuTimes.add((os.getProcessCpuTime() - cpu) / 1e9);
            System.out.printf("%s %s run %d: %.3f s wall, %.3f s process CPU%n", mode, size, i, times.get(i),
                    cpuTimes.get(i));
        }
        List<Double> steady = new ArrayList<>(times.subList(1, times.size()));
        Collections.sort(steady);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("mode", mode);
        r.put("config", size);
        r.put("input", "1 x " + samples + " samples (" + seconds + " s)");
        r.put("frames", cfg.framesFor(samples));
        r.put("parameters", HubertGraph.parameterCount(cfg));
        r.put("ops", sd.getOps().size());
        r.put("build_s", build);
        r.put("first_call_s", times.get(0));
        r.put("median_s", steady.isEmpty() ? times.get(0) : steady.get(steady.size() / 2));
        r.put("times_s", times);
        // Process CPU seconds per call: less sensitive than wall time when other jobs share the cores.
        r.put("cpu_times_s", cpuTimes);
        r.put("load_average_1min", os.getSystemLoadAverage());
        r.put("peak_rss_mib", peakRssKib() / 1024.0);
        r.put("omp_num_threads", System.getenv("OMP_NUM_THREADS"));
        r.put("nd4j_backend", Nd4j.getBackend().getClass().getSimpleName());
        String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(r);
        AtomicFiles.writeString(out, json + "\n");
        System.out.println(json);
        System.exit(0);
    }

    /** VmHWM of this process in KiB (Linux), or -1. */
    static long peakRssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
