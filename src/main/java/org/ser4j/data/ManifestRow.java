package org.ser4j.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One utterance of the canonical manifest (docs/contracts.md §2). {@code path} is relative to the corpus root;
 * {@code extras} holds the optional columns after the ten fixed ones, in column order.
 */
public record ManifestRow(String uttId, String path, String corpus, String language, String speaker, String gender,
                          String domain, int session, String emotion, double durationS, Map<String, String> extras) {

    public ManifestRow {
        Objects.requireNonNull(uttId, "utt_id");
        Objects.requireNonNull(path, "path");
        if (!"M".equals(gender) && !"F".equals(gender)) {
            throw new IllegalArgumentException("utterance " + uttId + ": gender must be M or F, got '" + gender + "'");
        }
        if (session < 1) {
            throw new IllegalArgumentException("utterance " + uttId + ": session must be >= 1, got " + session);
        }
        if (!(durationS > 0) || Double.isInfinite(durationS)) { // NaN fails the first test
            throw new IllegalArgumentException("utterance " + uttId + ": duration_s must be a finite number > 0, got "
                    + durationS);
        }
        extras = extras == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extras));
    }

    /** The default domain: upper-case language initial + gender (EM, EF, JM, JF). */
    public static String defaultDomain(String language, String gender) {
        String lang = language.toUpperCase(java.util.Locale.ROOT);
        String initial = switch (lang) {
            case "EN" -> "E";
            case "JA" -> "J";
            default -> lang.substring(0, 1);
        };
        return initial + gender;
    }

    List<String> fields(List<String> extraColumns) {
        List<String> f = new ArrayList<>(List.of(uttId, path, corpus, language, speaker, gender, domain,
                Integer.toString(session), emotion, formatDuration(durationS)));
        for (String col : extraColumns) {
            f.add(extras.getOrDefault(col, ""));
        }
        return f;
    }

    static String formatDuration(double seconds) {
        return String.format(java.util.Locale.ROOT, "%.4f", seconds);
    }
}
