package org.ser4j.fusion;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import org.ser4j.util.AtomicFiles;
import org.ser4j.util.BadInputException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;

/** Writes {@code fusion.json} (snake_case keys) and {@code fusion.md}, the same content for a human reader. */
public final class FusionWriter {
    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private FusionWriter() {}

    public static void write(FusionResult r, Path outDir) throws IOException {
        AtomicFiles.writeString(outDir.resolve("fusion.json"), JSON.writeValueAsString(r) + "\n");
        AtomicFiles.writeString(outDir.resolve("fusion.md"), markdown(r));
    }

    public static FusionResult read(Path file) {
        try {
            return JSON.readValue(file.toFile(), FusionResult.class);
        } catch (IOException e) {
            throw new BadInputException(file + ": not a ser4j fusion.json (" + e.getMessage() + ")", e);
        }
    }

    public static String markdown(FusionResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Late combination (").append(r.rule()).append(") of ").append(r.systems().size())
                .append(" systems\n\n");
        sb.append("- test rows: ").append(r.column()).append(", ").append(r.utterances()).append(" utterances\n");
        sb.append("- subset sizes k: ").append(r.k().size() == r.systems().size() && r.k().size() > 1
                ? "all (1.." + r.systems().size() + ")" : r.k().toString()).append(", ")
                .append(r.subsetsSearched()).append(" subsets searched exhaustively\n");
        sb.append("- selection protocol: **").append(r.protocol()).append("** - ").append(r.selectionNote())
                .append('\n');
        if (r.optimistic()) {
            sb.append("- **optimistic**: the subsets below are chosen on the rows they are scored on\n");
        }
        sb.append("- UAR/WAR are pooled over folds (one confusion matrix over all test rows)\n");
        sb.append("- single systems: mean UAR ").append(pct(r.singles().mean())).append(" (std ")
                .append(pct(r.singles().std())).append(", max ").append(pct(r.singles().max())).append(", min ")
                .append(pct(r.singles().min())).append(")\n");
        sb.append("- all ").append(r.systems().size()).append(" combined: UAR ").append(pct(r.fullCombination().uar()))
                .append(", WAR ").append(pct(r.fullCombination().war())).append("\n\n");
        if (r.nested() != null) {
            sb.append("Nested held-out result: UAR ").append(pct(r.nested().uar())).append(", WAR ")
                    .append(pct(r.nested().war())).append(" (mean of per-fold UARs ")
                    .append(pct(r.nested().meanOfFoldsUar())).append(")\n\n");
        }
        boolean sel = r.top().stream().anyMatch(e -> e.selectionUar() != null);
        boolean fold = r.top().stream().anyMatch(e -> e.fold() != null);
        sb.append("## ").append(fold ? "Subset chosen for each held-out fold" : "Best subsets").append("\n\n");
        sb.append(fold ? "| fold " : "| rank ").append("| k | UAR % | WAR % |")
                .append(sel ? " selection UAR % | selection WAR % |" : "").append(" composition | members |\n");
        sb.append("|---|---|---|---|").append(sel ? "---|---|" : "").append("---|---|\n");
        for (FusionEntry e : r.top()) {
            sb.append("| ").append(fold ? e.fold() : e.rank()).append(" | ").append(e.k()).append(" | ")
                    .append(pct(e.uar())).append(" | ").append(pct(e.war())).append(" | ");
            if (sel) {
                sb.append(pct(e.selectionUar())).append(" | ").append(pct(e.selectionWar())).append(" | ");
            }
            sb.append(e.composition()).append(" | ").append(java.util.Arrays.toString(e.members())).append(" |\n");
        }
        if (!r.bestPerK().isEmpty() && r.bestPerK().size() > 1) {
            sb.append("\n## Best subset per k\n\n| k | UAR % | WAR % | composition |\n|---|---|---|---|\n");
            for (FusionEntry e : r.bestPerK()) {
                sb.append("| ").append(e.k()).append(" | ").append(pct(e.uar())).append(" | ").append(pct(e.war()))
                        .append(" | ").append(e.composition()).append(" |\n");
            }
        }
        sb.append("\n## Systems (member index = position in path order)\n\n");
        for (int i = 0; i < r.systems().size(); i++) {
            sb.append(i).append(". `").append(r.systems().get(i)).append("` (").append(r.modes().get(i))
                    .append(")\n");
        }
        return sb.toString();
    }

    static String pct(Double v) {
        return v == null || v.isNaN() ? "-" : String.format(Locale.ROOT, "%.2f", 100 * v);
    }
}
