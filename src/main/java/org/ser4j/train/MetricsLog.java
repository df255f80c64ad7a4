package org.ser4j.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ser4j.util.AtomicFiles;

/**
 * {@code metrics.jsonl}: one JSON object per evaluation (step, split, uar, war, loss_emo, loss_dom, dom_acc).
 * Rewritten whole through a temporary file on every append, so a crash never leaves a torn line, and truncated to
 * the checkpoint's step on resume, so a resumed run's file equals an uninterrupted run's.
 */
final class MetricsLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final List<String> lines = new ArrayList<>();

    MetricsLog(Path file) {
        this.file = file;
    }

    /** Starts from the lines whose step is at most {@code upToStep}. */
    void resume(int upToStep) throws IOException {
        lines.clear();
        if (Files.isRegularFile(file)) {
            for (String l : Files.readAllLines(file)) {
                if (!l.isBlank() && JSON.readTree(l).path("step").asInt() <= upToStep) {
                    lines.add(l);
                }
            }
        }
        AtomicFiles.writeString(file, joined());
    }

    void append(int step, String split, double uar, double war, double lossEmo, double lossDom, double domAcc)
            throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", step);
        m.put("split", split);
        m.put("uar", finite(uar));
        m.put("war", finite(war));
        m.put("loss_emo", finite(lossEmo));
        m.put("loss_dom", finite(lossDom));
        m.put("dom_acc", finite(domAcc));
        lines.add(JSON.writeValueAsString(m));
        AtomicFiles.writeString(file, joined());
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private String joined() {
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    }

    static List<JsonNode> read(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(file)) {
            if (!l.isBlank()) {
                out.add(JSON.readTree(l));
            }
        }
        return out;
    }
}
