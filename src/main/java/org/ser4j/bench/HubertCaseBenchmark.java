package org.ser4j.bench;

import java.nio.file.Path;
import java.util.List;

import org.ser4j.nn.hubert.HubertConfig;

/**
 * Benchmark (not a test): one case of {@code ser4j bench} per JVM, so that the process's peak RSS belongs to that
 * case alone: the HuBERT forward on {@code 1 x seconds} of audio, or one training step (the training path: masks,
 * mean pool + emotion head, backward, AdamW), with random weights. The timing code is that of the other bench cases.
 * <pre>
 * OMP_NUM_THREADS=2 java -cp target/ser4j-0.1.0-SNAPSHOT-cli.jar org.ser4j.bench.HubertCaseBenchmark \
 *     forward|train [large|base|tiny] [seconds=4] [repeats=3] [out.json]
 * </pre>
 * Writes the ser4j-bench/1 JSON document (median/min/max wall seconds, process CPU seconds, peak memory) and prints
 * its table.
 */
public final class HubertCaseBenchmark {
    private HubertCaseBenchmark() {}

    public static void main(String[] args) throws Exception {
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
        String name = "hubert-" + size;
        List<BenchEntry> entries = mode.equals("train")
                ? List.of(TrainStepBench.run(cfg, name, repeats, 1, seconds))
                : HubertForwardBench.run(new SameDiffForward(), cfg, name, repeats, List.of(new double[] {1, seconds}));
        BenchReport report = BenchReport.of(false, entries);
        report.write(out);
        System.out.print(report.summaryTable());
        System.out.println("wrote " + out);
        System.exit(entries.stream().allMatch(BenchEntry::ok) ? 0 : 1);
    }
}
