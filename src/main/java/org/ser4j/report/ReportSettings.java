package org.ser4j.report;

import java.io.IOException;
import java.nio.file.Path;

import org.ser4j.util.BadInputException;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Settings of {@code ser4j report} (YAML, snake_case keys; unknown keys are errors naming the key).
 *
 * @param table6K        subset size of Table 6's best late combination (the paper's 30C9); capped at n
 * @param maxAllKSystems "Max nCk" over all k is computed for groups of at most this many systems (2^n subsets)
 * @param top            how many best subsets the fusion searches keep
 * @param intermediate   train intermediate-concatenation classifiers for Table 5 (needs embeddings/)
 * @param classifier     linear or mlp, for intermediate concatenation
 * @param threads        threads for subset searches
 */
public record ReportSettings(int table6K, int maxAllKSystems, int top, boolean intermediate, String classifier,
                             int threads) {
    public ReportSettings {
        if (table6K < 1) {
            throw new BadInputException("table6_k must be >= 1, got " + table6K);
        }
        if (maxAllKSystems < 1 || maxAllKSystems > 30) {
            throw new BadInputException("max_all_k_systems must be in 1..30, got " + maxAllKSystems);
        }
        if (top < 1) {
            throw new BadInputException("top must be >= 1, got " + top);
        }
        if (!classifier.equals("linear") && !classifier.equals("mlp")) {
            throw new BadInputException("classifier must be linear or mlp, got '" + classifier + "'");
        }
        if (threads < 1) {
            throw new BadInputException("threads must be >= 1, got " + threads);
        }
    }

    public static ReportSettings defaults() {
        return new ReportSettings(9, 16, 20, false, "linear", Runtime.getRuntime().availableProcessors());
    }

    /** Reads a settings file; keys that are absent keep their defaults. */
    public static ReportSettings read(Path file) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        ReportSettings d = defaults();
        try {
            Raw raw = yaml.readValue(file.toFile(), Raw.class);
            if (raw == null) {
                return d;
            }
            return new ReportSettings(raw.table6K != null ? raw.table6K : d.table6K,
                    raw.maxAllKSystems != null ? raw.maxAllKSystems : d.maxAllKSystems,
                    raw.top != null ? raw.top : d.top,
                    raw.intermediate != null ? raw.intermediate : d.intermediate,
                    raw.classifier != null ? raw.classifier : d.classifier,
                    raw.threads != null ? raw.threads : d.threads);
        } catch (UnrecognizedPropertyException e) {
            throw new BadInputException(file + ": unknown key '" + e.getPropertyName() + "' (known: table6_k, "
                    + "max_all_k_systems, top, intermediate, classifier, threads)", e);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read report settings (" + e.getMessage() + ")", e);
        } catch (BadInputException e) {
            throw new BadInputException(file + ": " + e.getMessage(), e);
        }
    }

    /** The file's shape: every key optional. Keys are spelled out (no naming strategy guesses "k_systems"). */
    static final class Raw {
        @JsonProperty("table6_k")
        public Integer table6K;
        @JsonProperty("max_all_k_systems")
        public Integer maxAllKSystems;
        @JsonProperty("top")
        public Integer top;
        @JsonProperty("intermediate")
        public Boolean intermediate;
        @JsonProperty("classifier")
        public String classifier;
        @JsonProperty("threads")
        public Integer threads;
    }
}
