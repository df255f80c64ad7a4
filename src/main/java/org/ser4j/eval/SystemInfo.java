package org.ser4j.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.ser4j.util.AtomicFiles;
import org.ser4j.util.BadInputException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A system's {@code system.json} (docs/contracts.md §4): what was trained (experiment, mode, gamma, trial, seed), the label
 * order, the folds done, the step-selection protocol and a provenance summary. The training side writes it; this
 * reader ignores keys it does not know, so a newer writer does not break reports. The known keys are snake_case; {@code label_order} and {@code selection_protocol}
 * are accepted as spellings of {@code labels} and {@code selection}.
 */
public record SystemInfo(String experiment, String mode, double gamma, int trial, long seed, List<String> labels,
                         List<Integer> foldsDone, String selection, Map<String, Object> provenance) {

    /** The modes of docs/contracts.md §4, in the order reports list them. */
    public static final List<String> MODES = List.of("vanilla", "mtl", "dann", "fake-EM", "fake-EF", "fake-JM",
            "fake-JF");
    public static final Set<String> SELECTIONS = Set.of("test", "dev");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public SystemInfo {
        if (!MODES.contains(mode)) {
            throw new IllegalArgumentException("mode must be one of " + MODES + ", got '" + mode + "'");
        }
        if (!SELECTIONS.contains(selection)) {
            throw new IllegalArgumentException("selection must be test or dev, got '" + selection + "'");
        }
        labels = List.copyOf(labels);
        foldsDone = List.copyOf(foldsDone);
        // not Map.copyOf: a provenance value may be JSON null (e.g. encoder_weights of a random-init run)
        provenance = provenance == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(provenance));
    }

    /** True when the step was chosen on the test fold, as in the paper: every number from it is optimistic. */
    public boolean optimistic() {
        return selection.equals("test");
    }

    public static SystemInfo read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read system.json (" + e.getMessage() + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new BadInputException(file + ": expected a JSON object");
        }
        try {
            String experiment = text(root, file, "experiment");
            String mode = text(root, file, "mode");
            double gamma = number(root, file, "gamma").doubleValue();
            int trial = number(root, file, "trial").intValue();
            long seed = number(root, file, "seed").longValue();
            JsonNode labelsNode = root.has("labels") ? root.get("labels") : root.get("label_order");
            if (labelsNode == null || !labelsNode.isArray() || labelsNode.isEmpty()) {
                throw new BadInputException(file + ": field 'labels' must be a non-empty array of emotion codes");
            }
            List<String> labels = new ArrayList<>();
            labelsNode.forEach(n -> labels.add(n.asText()));
            JsonNode foldsNode = root.get("folds_done");
            List<Integer> folds = new ArrayList<>();
            if (foldsNode != null) {
                if (!foldsNode.isArray()) {
                    throw new BadInputException(file + ": field 'folds_done' must be an array of fold numbers");
                }
                foldsNode.forEach(n -> folds.add(n.asInt()));
            }
            String selection = root.has("selection") ? root.get("selection").asText()
                    : root.has("selection_protocol") ? root.get("selection_protocol").asText() : "test";
            Map<String, Object> provenance = new LinkedHashMap<>();
            JsonNode prov = root.get("provenance");
            if (prov != null && prov.isObject()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = JSON.convertValue(prov, Map.class);
                provenance.putAll(m);
            }
            return new SystemInfo(experiment, mode, gamma, trial, seed, labels, folds, selection, provenance);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file + ": " + e.getMessage(), e);
        }
    }

    public void write(Path file) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("experiment", experiment);
        o.put("mode", mode);
        o.put("gamma", gamma);
        o.put("trial", trial);
        o.put("seed", seed);
        labels.forEach(o.putArray("labels")::add);
        foldsDone.forEach(o.putArray("folds_done")::add);
        o.put("selection", selection);
        o.set("provenance", JSON.valueToTree(provenance));
        AtomicFiles.writeString(file, JSON.writeValueAsString(o) + "\n");
    }

    private static String text(JsonNode root, Path file, String field) {
        JsonNode n = root.get(field);
        if (n == null || !n.isTextual()) {
            throw new BadInputException(file + ": field '" + field + "' must be a string");
        }
        return n.asText();
    }

    private static Number number(JsonNode root, Path file, String field) {
        JsonNode n = root.get(field);
        if (n == null || !n.isNumber()) {
            throw new BadInputException(file + ": field '" + field + "' must be a number");
        }
        return n.numberValue();
    }
}
