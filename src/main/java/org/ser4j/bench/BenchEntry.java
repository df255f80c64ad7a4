package org.ser4j.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One figure of the report. {@code status} is {@code ok}, {@code not_available} (the backend or part is not in this
 * build; {@code note} says why) or {@code failed} ({@code note} has the error). Times are in seconds.
 *
 * @param id              stable name shared with the PyTorch script, e.g. {@code hubert.forward.samediff.1x4s}
 * @param group           hubert | train | pipeline | fusion | synth | scaling
 * @param backend         samediff | onnx | pytorch | java
 * @param config          what was measured (model, batch, seconds, frames, parameters, ...)
 * @param timing          measured repetitions, or null unless ok
 * @param firstCallSeconds the warm-up call (graph/session set-up, first allocation), or null
 * @param memory          peak memory during the case, or null
 * @param extra           further named figures (throughput, op profile, ...)
 */
public record BenchEntry(String id, String group, String backend, String status, Map<String, Object> config,
                         TimingStats timing, Double firstCallSeconds, MemoryPeak memory, Map<String, Object> extra,
                         String note) {
    public static final String OK = "ok";
    public static final String NOT_AVAILABLE = "not_available";
    public static final String FAILED = "failed";

    public BenchEntry {
        config = config == null ? Map.of() : new LinkedHashMap<>(config);
        extra = extra == null ? Map.of() : new LinkedHashMap<>(extra);
    }

    public static BenchEntry notAvailable(String id, String group, String backend, Map<String, Object> config,
                                          String why) {
        return new BenchEntry(id, group, backend, NOT_AVAILABLE, config, null, null, null, null, why);
    }

    public static BenchEntry failed(String id, String group, String backend, Map<String, Object> config,
                                    Throwable error) {
        return new BenchEntry(id, group, backend, FAILED, config, null, null, null, null, error.toString());
    }

    public boolean ok() {
        return OK.equals(status);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("group", group);
        m.put("backend", backend);
        m.put("status", status);
        m.put("config", config);
        m.put("seconds", timing == null ? null : timing.toJson());
        m.put("first_call_seconds", firstCallSeconds);
        m.put("memory", memory == null ? null : memory.toJson());
        m.put("extra", extra);
        m.put("note", note);
        return m;
    }
}
