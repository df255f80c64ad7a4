package org.ser4j.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.ser4j.util.AtomicFiles;
import org.ser4j.util.BadInputException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A fold's {@code metrics.jsonl} (docs/contracts.md §4): one {@link MetricsLine} per evaluation, as a JSON object
 * {@code step, split, uar, war, loss_emo, loss_dom, dom_acc} with null for a figure that is not a finite number.
 * Rewritten whole through a temporary file on every append, so a crash never leaves a torn line, and truncated to
 * the checkpoint's step on resume, so a resumed run's file equals an uninterrupted run's.
 */
public final class MetricsLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final List<String> lines = new ArrayList<>();

    public MetricsLog(Path file) {
        this.file = file;
    }

    /** Starts from the lines whose step is at most {@code upToStep}. */
    public void resume(int upToStep) throws IOException {
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

    public void append(MetricsLine m) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("step", m.step());
        o.put("split", m.split());
        o.put("uar", finite(m.uar()));
        o.put("war", finite(m.war()));
        o.put("loss_emo", finite(m.lossEmo()));
        o.put("loss_dom", finite(m.lossDom()));
        o.put("dom_acc", finite(m.domAcc()));
        lines.add(JSON.writeValueAsString(o));
        AtomicFiles.writeString(file, joined());
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private String joined() {
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    }

    /** Every line of {@code file}; a missing figure reads as NaN (a vanilla system has no domain loss). */
    public static List<MetricsLine> readAll(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read metrics (" + e.getMessage() + ")", e);
        }
        List<MetricsLine> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).trim();
            if (l.isEmpty()) {
                continue;
            }
            String where = file + " line " + (i + 1);
            JsonNode n;
            try {
                n = JSON.readTree(l);
            } catch (IOException e) {
                throw new BadInputException(where + ": not a JSON object (" + e.getMessage() + ")", e);
            }
            if (n == null || !n.isObject() || !n.path("step").isNumber() || !n.path("split").isTextual()) {
                throw new BadInputException(where + ": expected an object with a numeric 'step' and a 'split'");
            }
            out.add(new MetricsLine(n.get("step").asLong(), n.get("split").asText(), num(n, "uar"), num(n, "war"),
                    num(n, "loss_emo"), num(n, "loss_dom"), num(n, "dom_acc")));
        }
        return out;
    }

    private static double num(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isNumber() ? v.asDouble() : Double.NaN;
    }
}
