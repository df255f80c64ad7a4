package org.ser4j.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.ser4j.util.BadInputException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One evaluation line of {@code fold-<k>/metrics.jsonl} (docs/contracts.md §4): {step, split, uar, war, loss_emo, loss_dom,
 * dom_acc}. Missing optional numbers (a vanilla system has no domain loss) read as NaN.
 */
public record MetricsLine(long step, String split, double uar, double war, double lossEmo, double lossDom,
                          double domAcc) {
    private static final ObjectMapper JSON = new ObjectMapper();

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
