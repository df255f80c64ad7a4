package org.ser4j.data;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Counts of a manifest by session × emotion, printed by {@code corpus manifest} and used in tests. */
public final class ManifestSummary {
    private ManifestSummary() {}

    /** session → emotion → count, sessions ascending, emotions in {@code labels} order then any others. */
    public static SortedMap<Integer, Map<String, Integer>> countsBySessionAndEmotion(Manifest m) {
        SortedMap<Integer, Map<String, Integer>> c = new TreeMap<>();
        for (ManifestRow r : m.rows()) {
            c.computeIfAbsent(r.session(), k -> new TreeMap<>()).merge(r.emotion(), 1, Integer::sum);
        }
        return c;
    }

    /** A plain-text table: one row per session, one column per emotion of {@code labels}, plus totals. */
    public static String table(Manifest m, EmotionSet labels) {
        SortedMap<Integer, Map<String, Integer>> c = countsBySessionAndEmotion(m);
        List<String> cols = labels.labels();
        StringBuilder sb = new StringBuilder(String.format("%-8s", "session"));
        cols.forEach(l -> sb.append(String.format("%8s", l)));
        sb.append(String.format("%8s%n", "total"));
        int[] colTotals = new int[cols.size()];
        int grand = 0;
        for (Map.Entry<Integer, Map<String, Integer>> e : c.entrySet()) {
            sb.append(String.format("%-8d", e.getKey()));
            int rowTotal = 0;
            for (int i = 0; i < cols.size(); i++) {
                int n = e.getValue().getOrDefault(cols.get(i), 0);
                colTotals[i] += n;
                rowTotal += n;
                sb.append(String.format("%8d", n));
            }
            grand += rowTotal;
            sb.append(String.format("%8d%n", rowTotal));
        }
        sb.append(String.format("%-8s", "all"));
        for (int t : colTotals) {
            sb.append(String.format("%8d", t));
        }
        return sb.append(String.format("%8d%n", grand)).toString();
    }
}
