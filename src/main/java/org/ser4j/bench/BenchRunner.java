package org.ser4j.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ser4j.nn.hubert.HubertConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the selected bench groups and collects their entries. Cheap groups first (pipeline, fusion, synth), then the
 * encoder forwards, the training step and the scaling sweep, each after the previous model has been released.
 * A group that fails becomes {@code failed} entries; the others still run.
 */
public final class BenchRunner {
    private static final Logger LOG = LoggerFactory.getLogger(BenchRunner.class);

    private final BenchOptions options;
    private final List<ForwardBackend> backends;

    public BenchRunner(BenchOptions options, List<ForwardBackend> backends) {
        this.options = options;
        this.backends = List.copyOf(backends);
    }

    /** The model of the encoder figures: hubert-large, or the 32-wide test config with {@code --quick}. */
    public HubertConfig model() {
        return options.quick() ? HubertConfig.tinyLarge() : HubertConfig.large();
    }

    public String modelName() {
        return options.quick() ? "tiny-large (quick)" : "hubert-large";
    }

    public BenchReport run() {
        return run(r -> { });
    }

    /**
     * Runs every selected group; {@code afterEachGroup} receives the report so far (the CLI writes it, so that a
     * long full-size run that is stopped keeps the figures of the groups it finished).
     */
    public BenchReport run(java.util.function.Consumer<BenchReport> afterEachGroup) {
        List<BenchEntry> entries = new ArrayList<>();
        java.util.Map<String, Object> machine = MachineInfo.current();
        String started = java.time.Instant.now().toString();
        Runnable progress = () -> afterEachGroup.accept(new BenchReport(options.quick(), started, machine, entries));
        if (options.runs("pipeline")) {
            entries.addAll(pipeline());
            progress.run();
        }
        if (options.runs("fusion")) {
            entries.add(fusion("fusion.subset_search", SubsetSearchBench.Data.REALISTIC));
            progress.run();
        }
        if (options.runs("fusion-independent")) {
            entries.add(fusion("fusion.subset_search.independent", SubsetSearchBench.Data.INDEPENDENT));
            progress.run();
        }
        if (options.runs("synth")) {
            entries.addAll(SynthBench.run(options.quick(), options.repeats()));
            progress.run();
        }
        for (ForwardBackend b : backends) {
            if (options.runs(b.group())) {
                LOG.info("forward through {}", b.name());
                entries.addAll(HubertForwardBench.run(b, model(), modelName(), options.repeats()));
                CaseTimer.settle();
                progress.run();
            }
        }
        if (options.runs("train")) {
            entries.add(TrainStepBench.run(model(), modelName(), options.repeats()));
            CaseTimer.settle();
            progress.run();
        }
        if (options.runs("train-split")) {
            entries.add(TrainStepBench.run(model(), modelName(), options.repeats(), TrainStepBench.BATCH,
                    TrainStepBench.SECONDS, true));
            CaseTimer.settle();
            progress.run();
        }
        if (options.runs("scaling")) {
            ScalingBench.run(model(), modelName(), options.scalingSeconds(), options.repeats(), e -> {
                entries.add(e);
                progress.run(); // one length of a long sweep is worth keeping
            });
        }
        return new BenchReport(options.quick(), started, machine, entries);
    }

    private List<BenchEntry> pipeline() {
        int files = options.quick() ? 6 : 200;
        double mean = options.quick() ? 1.0 : 4.0;
        List<BenchEntry> out = new ArrayList<>();
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("files_per_rate", files);
        cfg.put("mean_seconds", mean);
        cfg.put("batch", 8);
        cfg.put("work", "decode + resample to 16 kHz + normalise + pad, through AudioBatchIterator");
        try {
            CaseTimer.settle();
            MemoryProbe probe = MemoryProbe.start();
            Map<String, Object> r;
            try {
                r = PipelineBench.measure(files, mean, options.repeats(), false);
            } finally {
                probe.close();
            }
            MemoryPeak mem = probe.stop();
            for (int rate : new int[] {16_000, 44_100}) {
                @SuppressWarnings("unchecked")
                Map<String, Object> x = (Map<String, Object>) r.get("rate_" + rate);
                Map<String, Object> c = new LinkedHashMap<>(cfg);
                c.put("source_rate", rate);
                c.put("audio_seconds", x.get("audio_seconds"));
                @SuppressWarnings("unchecked")
                List<Double> warm = (List<Double>) x.get("warm_epoch_seconds");
                Map<String, Object> extra = new LinkedHashMap<>();
                extra.put("cold_x_realtime", x.get("cold_x_realtime"));
                extra.put("warm_x_realtime_best", x.get("warm_x_realtime"));
                extra.put("warm_x_realtime_median", (Double) x.get("audio_seconds") / new TimingStats(warm).median());
                out.add(new BenchEntry("pipeline.epoch." + rate, "pipeline", "java", BenchEntry.OK, c,
                        new TimingStats(warm), (Double) x.get("cold_wall_seconds"), mem, extra,
                        "first_call_seconds = cold epoch (decode + resample); seconds = warm epochs (cached audio)"));
            }
        } catch (Exception | OutOfMemoryError e) {
            for (int rate : new int[] {16_000, 44_100}) {
                out.add(BenchEntry.failed("pipeline.epoch." + rate, "pipeline", "java", cfg, e));
            }
        }
        return out;
    }

    private BenchEntry fusion(String id, SubsetSearchBench.Data data) {
        int perMode = options.quick() ? 3 : 10;
        int k = options.quick() ? 3 : 9;
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("systems", 3 * perMode);
        cfg.put("k", k);
        cfg.put("threads", options.threads());
        cfg.put("utterances", 5531);
        cfg.put("rule", "sum of logits, exact UAR, top 20");
        try {
            CaseTimer.settle();
            MemoryProbe probe = MemoryProbe.start();
            Map<String, Object> r;
            try {
                r = SubsetSearchBench.measure(perMode, k, options.threads(), options.repeats(), data);
            } finally {
                probe.close();
            }
            MemoryPeak mem = probe.stop();
            @SuppressWarnings("unchecked")
            List<Double> runs = (List<Double>) r.get("search_seconds_runs");
            Map<String, Object> extra = new LinkedHashMap<>(r);
            extra.remove("search_seconds_runs");
            return new BenchEntry(id, "fusion", "java", BenchEntry.OK, cfg, new TimingStats(runs),
                    null, mem, extra, "seconds = the exact search alone; fixture writing and loading are in extra");
        } catch (Exception | OutOfMemoryError e) {
            return BenchEntry.failed(id, "fusion", "java", cfg, e);
        }
    }
}
