package org.ser4j.app;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.ser4j.eval.TestColumn;
import org.ser4j.fusion.CombinationRule;
import org.ser4j.fusion.FusionEntry;
import org.ser4j.fusion.FusionInputs;
import org.ser4j.fusion.FusionProtocol;
import org.ser4j.fusion.FusionResult;
import org.ser4j.fusion.FusionSettings;
import org.ser4j.fusion.FusionStudy;
import org.ser4j.fusion.FusionWriter;
import org.ser4j.fusion.IntermediateFusion;
import org.ser4j.util.BadInputException;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ser4j fuse}: exhaustive late-combination subset search over system folders (docs/contracts.md §6). */
@Command(name = "fuse", mixinStandardHelpOptions = true,
        description = "Late combination of trained systems: exhaustive nCk subset search, exact scoring; writes "
                + "fusion.json and fusion.md.")
public final class FuseCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "SYSTEM_DIR", description = "System folders (runs/<exp>/<mode>/trial-<t>).")
    List<Path> systems;

    static final class Sizes {
        @Option(names = "--k", paramLabel = "K", description = "Subset size (default: min(9, number of systems)).")
        Integer k;

        @Option(names = "--all-k", description = "Search every subset size 1..n.")
        boolean allK;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Sizes sizes;

    @Option(names = "--top", defaultValue = "20", description = "How many best subsets to report (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--protocol", defaultValue = "test",
            description = "Selection: test (oracle, optimistic), dev (chosen on dev rows) or nested (chosen on the "
                    + "other folds). Default: ${DEFAULT-VALUE}.")
    String protocol;

    @Option(names = "--rule", defaultValue = "sum",
            description = "Combination: sum (of logits, the paper's), softmax (mean of probabilities) or vote. "
                    + "Default: ${DEFAULT-VALUE}.")
    String rule;

    @Option(names = "--corpus", description = "Use only test rows of this corpus (with --language: one test column).")
    String corpus;

    @Option(names = "--language", description = "Use only test rows of this language (needs --corpus).")
    String language;

    @Option(names = "--threads", description = "Search threads (default: available processors).")
    Integer threads;

    @Option(names = "--intermediate", paramLabel = "linear|mlp",
            description = "Also evaluate intermediate concatenation of all given systems' embeddings with this "
                    + "classifier; writes intermediate.json.")
    String intermediate;

    @Option(names = "--out", defaultValue = "fusion", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if ((corpus == null) != (language == null)) {
            throw new BadInputException("--corpus and --language go together (a test column is a corpus/language pair)");
        }
        TestColumn column = corpus == null ? null : new TestColumn(corpus, language);
        FusionInputs in = FusionInputs.load(systems, column);
        int n = in.size();
        List<Integer> ks;
        if (sizes != null && sizes.allK) {
            ks = FusionSettings.allK(n);
        } else {
            int k = sizes != null && sizes.k != null ? sizes.k : Math.min(9, n);
            if (k < 1 || k > n) {
                throw new BadInputException("--k " + k + " is outside 1.." + n + " (" + n + " systems given)");
            }
            ks = List.of(k);
        }
        if (top < 1) {
            throw new BadInputException("--top must be >= 1, got " + top);
        }
        int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (t < 1) {
            throw new BadInputException("--threads must be >= 1, got " + t);
        }
        FusionSettings st = new FusionSettings(ks, top, FusionProtocol.parse(protocol), CombinationRule.parse(rule), t);
        FusionResult r = FusionStudy.run(in, st);
        FusionWriter.write(r, out);
        FusionEntry first = r.top().get(0);
        System.out.printf(java.util.Locale.ROOT, "%d systems, protocol %s%s: %s%n", n, r.protocol(),
                r.optimistic() ? " (oracle, optimistic)" : "",
                r.nested() != null ? String.format(java.util.Locale.ROOT, "nested held-out UAR %.2f WAR %.2f",
                        100 * r.nested().uar(), 100 * r.nested().war())
                        : String.format(java.util.Locale.ROOT, "best UAR %.2f WAR %.2f (%s)", 100 * first.uar(),
                        100 * first.war(), first.composition()));
        System.out.println("wrote " + out.resolve("fusion.json") + " and " + out.resolve("fusion.md"));
        if (intermediate != null) {
            IntermediateFusion.Result ir = IntermediateFusion.evaluate(systems, column,
                    IntermediateFusion.Classifier.parse(intermediate), 17);
            java.util.Map<String, Object> j = new java.util.LinkedHashMap<>();
            j.put("systems", in.names());
            j.put("column", column == null ? "all" : column.toString());
            j.put("classifier", intermediate);
            j.put("dimension", ir.dimension());
            j.put("uar", ir.evaluation().pooledUar());
            j.put("war", ir.evaluation().pooledWar());
            j.put("mean_of_folds_uar", ir.evaluation().meanOfFoldsUar());
            j.put("note", "classifier trained on the train split of each fold, scored on its test fold; pooled");
            org.ser4j.util.AtomicFiles.writeString(out.resolve("intermediate.json"),
                    new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
                            .writeValueAsString(j) + "\n");
            System.out.printf(java.util.Locale.ROOT, "intermediate concatenation (%s, %d dims): UAR %.2f WAR %.2f%n",
                    intermediate, ir.dimension(), 100 * ir.evaluation().pooledUar(), 100 * ir.evaluation().pooledWar());
        }
        return 0;
    }

}
