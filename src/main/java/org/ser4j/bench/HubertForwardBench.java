package org.ser4j.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ser4j.nn.hubert.HubertConfig;
import org.ser4j.nn.hubert.HubertGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The encoder forward on 1 x 4 s, 4 x 4 s and 1 x 16 s through each {@link ForwardBackend}. The model is built
 * once per backend (its build time is reported with the first case) and stays resident, so every case's peak RSS
 * includes the weights, as PyTorch's does.
 */
public final class HubertForwardBench {
    private static final Logger LOG = LoggerFactory.getLogger(HubertForwardBench.class);

    /** (batch, seconds) of the forward cases, in report order. */
    public static final List<double[]> CASES = List.of(new double[] {1, 4}, new double[] {4, 4}, new double[] {1, 16});

    private HubertForwardBench() {}

    public static List<BenchEntry> run(ForwardBackend backend, HubertConfig config, String modelName, int repeats) {
        return run(backend, config, modelName, repeats, CASES);
    }

    /** The forward on the given (batch, seconds) cases, built once. */
    public static List<BenchEntry> run(ForwardBackend backend, HubertConfig config, String modelName, int repeats,
                                       List<double[]> cases) {
        List<BenchEntry> out = new ArrayList<>();
        if (backend.unavailableReason() != null) {
            for (double[] c : cases) {
                out.add(BenchEntry.notAvailable(id(backend, c), backend.group(), backend.name(),
                        config(config, modelName, c), backend.unavailableReason()));
            }
            return out;
        }
        long b0 = System.nanoTime();
        ForwardBackend.PreparedForward model;
        try {
            model = backend.prepare(config, HubertGraph.DEFAULT_INIT_SEED);
        } catch (Exception | OutOfMemoryError e) {
            LOG.warn("{}: cannot build the encoder", backend.name(), e);
            for (double[] c : cases) {
                out.add(BenchEntry.failed(id(backend, c), backend.group(), backend.name(), config(config, modelName, c), e));
            }
            return out;
        }
        double buildSeconds = (System.nanoTime() - b0) / 1e9;
        try (model) {
            for (double[] c : cases) {
                Map<String, Object> cfg = config(config, modelName, c);
                try {
                    model.setInput(Waveforms.noise((int) c[0], c[1], 17));
                    long[][] shape = new long[1][];
                    CaseTimer.Measured m = CaseTimer.time(repeats, () -> shape[0] = model.run());
                    Map<String, Object> extra = new LinkedHashMap<>();
                    extra.put("output_shape", shape[0]);
                    extra.put("process_cpu_seconds", m.cpu().toJson());
                    if (out.isEmpty()) {
                        extra.put("build_seconds", buildSeconds);
                    }
                    out.add(new BenchEntry(id(backend, c), backend.group(), backend.name(), BenchEntry.OK, cfg,
                            m.timing(), m.firstCallSeconds(), m.memory(), extra, null));
                    LOG.info("{} {}: median {} s", backend.name(), Waveforms.label((int) c[0], c[1]), m.timing().median());
                } catch (Exception | OutOfMemoryError e) {
                    LOG.warn("{} {} failed", backend.name(), Waveforms.label((int) c[0], c[1]), e);
                    out.add(BenchEntry.failed(id(backend, c), backend.group(), backend.name(), cfg, e));
                }
            }
        }
        return out;
    }

    static String id(ForwardBackend backend, double[] c) {
        return "hubert.forward." + backend.name() + "." + Waveforms.label((int) c[0], c[1]);
    }

    static Map<String, Object> config(HubertConfig config, String modelName, double[] c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", modelName);
        m.put("parameters", HubertGraph.parameterCount(config));
        m.put("batch", (int) c[0]);
        m.put("seconds", c[1]);
        m.put("frames", config.framesFor((int) Math.round(c[1] * Waveforms.RATE)));
        m.put("dtype", "float32");
        return m;
    }
}
