package org.ser4j.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ser4j.util.AtomicFiles;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The bench result document: {@code schema}, {@code tool} (ser4j or pytorch), {@code quick}, {@code started},
 * {@code machine}, {@code entries} (see {@link BenchEntry#toJson()}). Written atomically.
 */
public record BenchReport(boolean quick, String started, Map<String, Object> machine, List<BenchEntry> entries) {
    public static final String SCHEMA = "ser4j-bench/1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public BenchReport {
        entries = List.copyOf(entries);
    }

    public static BenchReport of(boolean quick, List<BenchEntry> entries) {
        return new BenchReport(quick, Instant.now().toString(), MachineInfo.current(), entries);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", SCHEMA);
        m.put("tool", "ser4j");
        m.put("quick", quick);
        m.put("started", started);
        m.put("machine", machine);
        List<Object> list = new ArrayList<>();
        for (BenchEntry e : entries) {
            list.add(e.toJson());
        }
        m.put("entries", list);
        return m;
    }

    public String toJsonText() throws IOException {
        return JSON.writeValueAsString(toJson()) + "\n";
    }

    public void write(Path file) throws IOException {
        AtomicFiles.writeString(file, toJsonText());
    }

    /** One line per entry: id, status, median/min/max seconds, peak RSS. */
    public String summaryTable() {
        StringBuilder sb = new StringBuilder(String.format("%-44s %-13s %9s %9s %9s %10s%n", "figure", "status",
                "median s", "min s", "max s", "peak MiB"));
        for (BenchEntry e : entries) {
            if (e.timing() != null) {
                sb.append(String.format("%-44s %-13s %9.3f %9.3f %9.3f %10.0f%n", e.id(), e.status(),
                        e.timing().median(), e.timing().min(), e.timing().max(),
                        e.memory() == null ? -1.0 : e.memory().peakRssMib()));
            } else {
                sb.append(String.format("%-44s %-13s %s%n", e.id(), e.status(), e.note() == null ? "" : e.note()));
            }
        }
        return sb.toString();
    }
}
