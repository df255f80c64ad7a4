package org.ser4j.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.ser4j.util.BadInputException;
import org.ser4j.util.Sha256;

/**
 * The part of a resolved config ({@code config.resolved.yaml}) that can change a fold run's results, as a flat map of
 * dotted keys to their values (lists as one value). Its SHA-256 is what a checkpoint records, so that a resume under
 * a config that differs in any of these keys is refused, naming them. A key whose value is null counts as absent, so
 * a key added to the config later with a null default does not make older files differ.
 */
public final class ResultConfig {
    /**
     * Keys that cannot change one fold run's weights or outputs: the progress bar, where the runs are written, and
     * which trials, folds and modes the experiment runs (a fold's seed and data come from its own trial and fold).
     */
    public static final Set<String> IGNORED_ON_RESUME = Set.of("train.progress", "runs_dir", "trials", "folds", "modes");

    private final TreeMap<String, String> values;

    private ResultConfig(TreeMap<String, String> values) {
        this.values = values;
    }

    /** @param where names the text's origin in error messages */
    public static ResultConfig of(String resolvedYaml, String where) {
        JsonNode tree;
        try {
            tree = ExperimentLoader.yamlMapper().readTree(resolvedYaml);
        } catch (JsonProcessingException e) {
            throw new BadInputException(where + ": not a readable resolved config (" + e.getOriginalMessage() + ")", e);
        }
        if (tree == null || !tree.isObject()) {
            throw new BadInputException(where + ": expected a YAML mapping at the top level");
        }
        TreeMap<String, String> flat = new TreeMap<>();
        flatten(tree, "", flat);
        return new ResultConfig(flat).without(IGNORED_ON_RESUME);
    }

    public static ResultConfig of(ResolvedExperiment exp) {
        return of(exp.yaml(), String.valueOf(exp.source()));
    }

    private static void flatten(JsonNode node, String prefix, Map<String, String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(e.getValue(), prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), out);
            }
        } else if (!node.isNull() && !node.isMissingNode()) {
            out.put(prefix, node.toString()); // JSON text: 1.0E-4 and 0.0001 are one number
        }
    }

    /** This config without the given keys and everything under them. */
    public ResultConfig without(Collection<String> keys) {
        TreeMap<String, String> kept = new TreeMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (keys.stream().noneMatch(k -> e.getKey().equals(k) || e.getKey().startsWith(k + "."))) {
                kept.put(e.getKey(), e.getValue());
            }
        }
        return new ResultConfig(kept);
    }

    /** SHA-256 of the sorted {@code key=value} lines. */
    public String sha256() {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        return Sha256.hex(sb.toString());
    }

    /** The dotted keys whose values differ (or that one side lacks), sorted. */
    public List<String> differingKeys(ResultConfig other) {
        Set<String> keys = new TreeSet<>(values.keySet());
        keys.addAll(other.values.keySet());
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            if (!java.util.Objects.equals(values.get(k), other.values.get(k))) {
                out.add(k);
            }
        }
        return out;
    }

    /** {@code key: old -> new} for each differing key, for error messages. */
    public String describeDifferences(ResultConfig now) {
        List<String> parts = new ArrayList<>();
        for (String k : differingKeys(now)) {
            parts.add(k + ": " + values.getOrDefault(k, "(absent)") + " -> " + now.values.getOrDefault(k, "(absent)"));
        }
        return String.join(", ", parts);
    }
}
