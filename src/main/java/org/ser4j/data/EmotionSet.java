package org.ser4j.data;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.ser4j.util.BadInputException;

/**
 * The emotion labels of a run, in class-index order (docs/contracts.md §2). The default is {@code ang,hap,neu,sad}; this
 * order is the index order everywhere (one-hot labels, logits columns, confusion matrices).
 */
public record EmotionSet(List<String> labels) {
    public static final EmotionSet DEFAULT = new EmotionSet(List.of("ang", "hap", "neu", "sad"));

    public EmotionSet {
        if (labels == null || labels.isEmpty()) {
            throw new BadInputException("emotion set: at least one label is required");
        }
        Set<String> seen = new HashSet<>();
        List<String> clean = new ArrayList<>();
        for (String l : labels) {
            String c = l == null ? "" : l.trim().toLowerCase(Locale.ROOT);
            if (c.isEmpty() || c.contains(",")) {
                throw new BadInputException("emotion set: bad label '" + l + "'");
            }
            if (!seen.add(c)) {
                throw new BadInputException("emotion set: label '" + c + "' occurs twice in " + labels);
            }
            clean.add(c);
        }
        labels = List.copyOf(clean);
    }

    /** Parses a comma-separated list such as {@code ang,hap,neu,sad}. */
    public static EmotionSet parse(String commaSeparated) {
        return new EmotionSet(List.of(commaSeparated.split(",", -1)));
    }

    public int size() {
        return labels.size();
    }

    public boolean contains(String label) {
        return label != null && labels.contains(label.toLowerCase(Locale.ROOT));
    }

    /** The class index of {@code label}; a label outside the set is bad input. */
    public int indexOf(String label) {
        int i = label == null ? -1 : labels.indexOf(label.toLowerCase(Locale.ROOT));
        if (i < 0) {
            throw new BadInputException("emotion '" + label + "' is not in the label set " + String.join(",", labels));
        }
        return i;
    }

    public String label(int index) {
        return labels.get(index);
    }

    @Override
    public String toString() {
        return String.join(",", labels);
    }
}
