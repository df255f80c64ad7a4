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
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A system's {@code system.json} (docs/contracts.md §4): what was trained (experiment, mode, gamma, trial, seed), the label
 * order, the folds done, the step-selection protocol and a provenance summary; as the trainer writes it also the
 * domain order and the {@link Results} (pooled test UAR and WAR, each fold's selected step and figures). This reader
 * ignores keys it does not know, so a newer writer does not break reports. The known keys are snake_case;
 * {@code label_order} and {@code selection_protocol} are accepted as spellings of {@code labels} and {@code selection}.
 *
 * @param domains null when the file does not list them
 * @param results null when the file does not hold them
 */
public record SystemInfo(String experiment, String mode, Number gamma, int trial, long seed, List<String> labels,
                         List<Integer> foldsDone, String selection, Map<String, Object> provenance,
                         List<String> domains, Results results) {

    /** The modes of docs/contracts.md §4, in the order reports list them. */
    public static final List<String> MODES = List.of("vanilla", "mtl", "dann", "fake-EM", "fake-EF", "fake-JM",
            "fake-JF");
    public static final Set<String> SELECTIONS = Set.of("test", "dev");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What a finished fold reports: its selected step and the test (and dev) figures at that step. */
    public record FoldResult(int fold, int selectedStep, double testUar, double testWar, Double devUar) {}

    /**
     * The system's figures over its folds.
     *
     * @param pooledTestUar UAR of the test rows of every fold pooled
     */
    public record Results(double pooledTestUar, double pooledTestWar, List<FoldResult> folds) {
        public Results {
            folds = List.copyOf(folds);
        }
    }

    public SystemInfo {
        java.util.Objects.requireNonNull(gamma, "gamma");
        if (!MODES.contains(mode)) {
            throw new IllegalArgumentException("mode must be one of " + MODES + ", got '" + mode + "'");
        }
        if (!SELECTIONS.contains(selection)) {
            throw new IllegalArgumentException("selection must be test or dev, got '" + selection + "'");
        }
        labels = List.copyOf(labels);
        foldsDone = List.copyOf(foldsDone);
        domains = domains == null ? null : List.copyOf(domains);
        // not Map.copyOf: a provenance value may be JSON null (e.g. encoder_weights of a random-init run)
        provenance = provenance == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(provenance));
    }

    /** A system without the trainer's domains and results. */
    public SystemInfo(String experiment, String mode, Number gamma, int trial, long seed, List<String> labels,
                      List<Integer> foldsDone, String selection, Map<String, Object> provenance) {
        this(experiment, mode, gamma, trial, seed, labels, foldsDone, selection, provenance, null, null);
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
            Number gamma = number(root, file, "gamma");
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
            List<String> domains = null;
            JsonNode domainsNode = root.get("domains");
            if (domainsNode != null && domainsNode.isArray()) {
                List<String> d = new ArrayList<>();
                domainsNode.forEach(n -> d.add(n.asText()));
                domains = d;
            }
            return new SystemInfo(experiment, mode, gamma, trial, seed, labels, folds, selection, provenance, domains,
                    results(root));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file + ": " + e.getMessage(), e);
        }
    }

    /** The trainer's figures, or null when the file lacks them (a system written by other tools). */
    private static Results results(JsonNode root) {
        JsonNode uar = root.get("pooled_test_uar");
        JsonNode war = root.get("pooled_test_war");
        JsonNode folds = root.get("folds");
        if (uar == null || !uar.isNumber() || war == null || !war.isNumber() || folds == null || !folds.isArray()) {
            return null;
        }
        List<FoldResult> out = new ArrayList<>();
        for (JsonNode f : folds) {
            JsonNode dev = f.get("dev_uar");
            out.add(new FoldResult(f.path("fold").asInt(), f.path("selected_step").asInt(),
                    f.path("test_uar").asDouble(Double.NaN), f.path("test_war").asDouble(Double.NaN),
                    dev == null || !dev.isNumber() ? null : dev.asDouble()));
        }
        return new Results(uar.asDouble(), war.asDouble(), out);
    }

    /**
     * Writes the file: the keys above in this order, {@code domains} and the results only when present (with
     * {@code selection_optimistic} and, for test selection, a note). Gamma keeps its type: 1 stays 1, 1.0 stays 1.0.
     */
    public void write(Path file) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("experiment", experiment);
        o.put("mode", mode);
        if (gamma instanceof Double || gamma instanceof Float) {
            o.put("gamma", gamma.doubleValue());
        } else {
            o.put("gamma", gamma.longValue());
        }
        o.put("trial", trial);
        o.put("seed", seed);
        labels.forEach(o.putArray("labels")::add);
        if (domains != null) {
            domains.forEach(o.putArray("domains")::add);
        }
        foldsDone.forEach(o.putArray("folds_done")::add);
        o.put("selection", selection);
        if (results != null) {
            o.put("selection_optimistic", optimistic());
            if (optimistic()) {
                o.put("selection_note",
                        "paper protocol: each fold's step was chosen by its test UAR; test figures are optimistic");
            }
            o.put("pooled_test_uar", results.pooledTestUar());
            o.put("pooled_test_war", results.pooledTestWar());
            ArrayNode folds = o.putArray("folds");
            for (FoldResult f : results.folds()) {
                ObjectNode n = folds.addObject();
                n.put("fold", f.fold());
                n.put("selected_step", f.selectedStep());
                n.put("test_uar", f.testUar());
                n.put("test_war", f.testWar());
                n.put("dev_uar", f.devUar());
            }
        }
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
