package org.ser4j.app.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.ser4j.fusion.FusionEntry;
import org.ser4j.fusion.FusionResult;
import org.ser4j.util.AtomicFiles;

/**
 * The one-screen headline of a demo run: pooled test UAR of every (experiment, mode) over its trials, the best single
 * mode of the fused pool, and the late-fusion result next to it. Written to {@code summary.md} and
 * {@code summary.json} in the work folder and printed.
 */
final class DemoSummary {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Pooled test UAR of each trial of one (experiment, mode). */
    record ModeRow(String experiment, String mode, List<Double> uars, boolean fused) {
        double mean() {
            return uars.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }

        double sd() {
            double m = mean();
            if (uars.size() < 2) {
                return 0;
            }
            double s = 0;
            for (double u : uars) {
                s += (u - m) * (u - m);
            }
            return Math.sqrt(s / (uars.size() - 1));
        }

        double max() {
            return uars.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }
    }

    private DemoSummary() {}

    static List<ModeRow> rows(List<SystemTask> tasks, java.util.Set<String> fusedExperiments) throws IOException {
        Map<String, ModeRow> rows = new LinkedHashMap<>();
        for (SystemTask t : tasks) {
            Path sys = t.dir().resolve("system.json");
            if (!Files.isRegularFile(sys)) {
                continue;
            }
            JsonNode j = JSON.readTree(sys.toFile());
            ModeRow r = rows.computeIfAbsent(t.experiment() + "/" + t.mode(),
                    k -> new ModeRow(t.experiment(), t.mode(), new ArrayList<>(), fusedExperiments.contains(t.experiment())));
            r.uars().add(j.path("pooled_test_uar").asDouble(Double.NaN));
        }
        List<ModeRow> out = new ArrayList<>(rows.values());
        // paper order: single-corpus first, then the fused pool by mode
        out.sort(java.util.Comparator.comparing((ModeRow r) -> r.fused())
                .thenComparing(r -> org.ser4j.eval.SystemInfo.MODES.indexOf(r.mode()))
                .thenComparing(ModeRow::experiment));
        return out;
    }

    static String render(List<ModeRow> rows, FusionResult fusion, String header, String footer) {
        StringBuilder sb = new StringBuilder();
        sb.append(header).append('\n');
        sb.append(String.format(Locale.ROOT, "%-24s %-8s %7s %6s %6s  %s%n", "experiment", "mode", "UAR %", "sd",
                "max", "trials"));
        ModeRow best = null;
        for (ModeRow r : rows) {
            sb.append(String.format(Locale.ROOT, "%-24s %-8s %7.2f %6.2f %6.2f  %d%n", r.experiment(), r.mode(),
                    100 * r.mean(), 100 * r.sd(), 100 * r.max(), r.uars().size()));
            if (r.fused() && (best == null || r.mean() > best.mean())) {
                best = r;
            }
        }
        if (fusion != null && !fusion.top().isEmpty()) {
            FusionEntry f = fusion.top().get(0);
            sb.append(String.format(Locale.ROOT, "late fusion: best %d of %d systems (%s, protocol %s%s): UAR %.2f  "
                            + "WAR %.2f%n  members: %s%n", f.k(), fusion.systems().size(), fusion.rule(),
                    fusion.protocol(), fusion.optimistic() ? ", oracle" : "", 100 * f.uar(), 100 * f.war(),
                    f.composition()));
            if (best != null) {
                double gain = f.uar() - best.mean();
                sb.append(String.format(Locale.ROOT, "best single mode: %s/%s mean UAR %.2f -> late fusion %+.2f "
                                + "points (%s)%n", best.experiment(), best.mode(), 100 * best.mean(), 100 * gain,
                        gain > 0 ? "fusion above the best single mode's mean" : "fusion NOT above it"));
            }
        }
        sb.append(footer).append('\n');
        return sb.toString();
    }

    static void write(Path work, String text, List<ModeRow> rows, FusionResult fusion, Map<String, Object> run)
            throws IOException {
        AtomicFiles.writeString(work.resolve("summary.md"), "```\n" + text + "```\n");
        Map<String, Object> j = new LinkedHashMap<>(run);
        List<Map<String, Object>> modes = new ArrayList<>();
        for (ModeRow r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("experiment", r.experiment());
            m.put("mode", r.mode());
            m.put("in_fusion_pool", r.fused());
            m.put("trial_uars", r.uars());
            m.put("mean_uar", r.mean());
            m.put("sd_uar", r.sd());
            modes.add(m);
        }
        j.put("modes", modes);
        if (fusion != null && !fusion.top().isEmpty()) {
            FusionEntry f = fusion.top().get(0);
            Map<String, Object> fj = new LinkedHashMap<>();
            fj.put("k", f.k());
            fj.put("systems", fusion.systems().size());
            fj.put("protocol", fusion.protocol());
            fj.put("optimistic", fusion.optimistic());
            fj.put("uar", f.uar());
            fj.put("war", f.war());
            fj.put("composition", f.composition());
            j.put("late_fusion", fj);
        }
        AtomicFiles.writeString(work.resolve("summary.json"), JSON.writeValueAsString(j) + "\n");
    }
}
