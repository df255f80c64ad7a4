package org.ser4j.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ser4j.nn.hubert.HubertConfig;
import org.ser4j.nn.hubert.HubertGraph;

/**
 * Forward time and peak memory of one utterance against its length, and where quadratic attention starts to
 * dominate. Each length is timed like the forward cases, then run once more under an {@link OpProfiler} that splits
 * the op time into the [T, T] attention part and the part linear in T. The summary fits the quadratic part to
 * {@code c T^2} and the rest to {@code a + b T} over the measured lengths and solves for the length where the two
 * are equal; it also gives the same crossing from operation counts alone (per layer and frame: projections and
 * feed-forward {@code 2(4H^2 + 2HI)} flops, attention {@code 4TH}: equal at {@code T = 2H + I} frames).
 */
public final class ScalingBench {
    private ScalingBench() {}

    public static List<BenchEntry> run(HubertConfig config, String modelName, List<Double> lengths, int repeats) {
        return run(config, modelName, lengths, repeats, e -> { });
    }

    /** As {@link #run(HubertConfig, String, List, int)}, handing each entry to {@code sink} as soon as it is measured. */
    public static List<BenchEntry> run(HubertConfig config, String modelName, List<Double> lengths, int repeats,
                                       java.util.function.Consumer<BenchEntry> sink) {
        List<BenchEntry> out = new ArrayList<>();
        SameDiffForward backend = new SameDiffForward();
        List<double[]> points = new ArrayList<>(); // {T, quadratic s, other s}
        try (SameDiffForward.Prepared model = backend.prepare(config, HubertGraph.DEFAULT_INIT_SEED)) {
            for (double sec : lengths) {
                String id = "scaling.forward.samediff." + Waveforms.label(1, sec);
                Map<String, Object> cfg = HubertForwardBench.config(config, modelName, new double[] {1, sec});
                try {
                    model.setInput(Waveforms.noise(1, sec, 31));
                    CaseTimer.Measured m = CaseTimer.time(repeats, model::run);
                    long frames = config.framesFor((int) Math.round(sec * Waveforms.RATE));
                    OpProfiler prof = new OpProfiler(frames);
                    model.runWith(prof);
                    points.add(new double[] {frames, prof.quadraticSeconds(), prof.otherSeconds()});
                    Map<String, Object> extra = new LinkedHashMap<>(prof.toJson());
                    extra.put("process_cpu_seconds", m.cpu().toJson());
                    // time the session spends outside op kernels (scheduling, shape checks, allocation)
                    extra.put("outside_ops_seconds_estimate", m.timing().median()
                            - prof.quadraticSeconds() - prof.otherSeconds());
                    emit(out, sink, new BenchEntry(id, "scaling", "samediff", BenchEntry.OK, cfg, m.timing(),
                            m.firstCallSeconds(), m.memory(), extra, null));
                } catch (Exception | OutOfMemoryError e) {
                    emit(out, sink, BenchEntry.failed(id, "scaling", "samediff", cfg, e));
                }
            }
        } catch (RuntimeException | OutOfMemoryError e) {
            for (double sec : lengths) {
                emit(out, sink, BenchEntry.failed("scaling.forward.samediff." + Waveforms.label(1, sec), "scaling", "samediff",
                        HubertForwardBench.config(config, modelName, new double[] {1, sec}), e));
            }
        }
        emit(out, sink, summary(config, modelName, points));
        return out;
    }

    private static void emit(List<BenchEntry> out, java.util.function.Consumer<BenchEntry> sink, BenchEntry e) {
        out.add(e);
        sink.accept(e);
    }

    /** The crossing of the fitted quadratic and linear parts, and the operation-count estimate. */
    static BenchEntry summary(HubertConfig config, String modelName, List<double[]> points) {
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("model", modelName);
        Map<String, Object> extra = new LinkedHashMap<>();
        int flopFrames = 2 * config.hiddenSize() + config.intermediateSize();
        extra.put("flop_crossover_frames", flopFrames);
        extra.put("flop_crossover_seconds", flopFrames * config.totalStride() / (double) Waveforms.RATE);
        if (points.size() >= 2) {
            // quadratic part: least squares c over T^2; linear part: least squares a + b T
            double num = 0;
            double den = 0;
            double sx = 0;
            double sy = 0;
            double sxx = 0;
            double sxy = 0;
            for (double[] p : points) {
                double t2 = p[0] * p[0];
                num += t2 * p[1];
                den += t2 * t2;
                sx += p[0];
                sy += p[2];
                sxx += p[0] * p[0];
                sxy += p[0] * p[2];
            }
            int n = points.size();
            double c = num / den;
            double b = (n * sxy - sx * sy) / (n * sxx - sx * sx);
            double a = (sy - b * sx) / n;
            extra.put("fit_quadratic_c_seconds_per_frame2", c);
            extra.put("fit_linear_a_seconds", a);
            extra.put("fit_linear_b_seconds_per_frame", b);
            double disc = b * b + 4 * c * a;
            if (c > 0 && disc >= 0) {
                double t = (b + Math.sqrt(disc)) / (2 * c);
                extra.put("measured_crossover_frames", t);
                extra.put("measured_crossover_seconds", t * config.totalStride() / (double) Waveforms.RATE);
            }
            List<Map<String, Object>> shares = new ArrayList<>();
            for (double[] p : points) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("frames", (long) p[0]);
                s.put("attention_quadratic_share", p[1] / (p[1] + p[2]));
                shares.add(s);
            }
            extra.put("shares", shares);
        }
        return new BenchEntry("scaling.attention_crossover.samediff", "scaling", "samediff",
                points.size() >= 2 ? BenchEntry.OK : BenchEntry.FAILED, cfg, null, null, null, extra,
                points.size() >= 2 ? "indicative: extrapolated from per-op profiles" : "fewer than two lengths measured");
    }
}
