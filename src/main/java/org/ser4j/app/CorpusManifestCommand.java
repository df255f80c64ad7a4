package org.ser4j.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import org.ser4j.data.DomainSet;
import org.ser4j.data.EmotionSet;
import org.ser4j.data.Manifest;
import org.ser4j.data.ManifestSummary;
import org.ser4j.data.csv.CsvCorpus;
import org.ser4j.data.iemocap.IemocapCorpus;
import org.ser4j.data.jtes.JtesCorpus;
import org.ser4j.util.BadInputException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ser4j corpus manifest}: one canonical manifest from a corpus tree or a user CSV (docs/contracts.md §2). */
@Command(name = "manifest", mixinStandardHelpOptions = true,
        description = "Write the canonical manifest of a corpus and print counts per session x emotion.")
public final class CorpusManifestCommand implements Callable<Integer> {
    /** The corpora this command can read. */
    public enum Kind { iemocap, jtes, csv }

    @Spec
    CommandSpec spec;

    @Option(names = "--corpus", required = true, description = "iemocap, jtes or csv")
    Kind corpus;

    @Option(names = "--root", required = true, paramLabel = "DIR",
            description = "IEMOCAP release root (holds Session1..5); JTES folder holding jtes_v1.1; for csv the "
                    + "corpus CSV file itself (its folder becomes the root)")
    Path root;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "manifest CSV to write")
    Path out;

    @Option(names = "--emotions", defaultValue = "ang,hap,neu,sad", paramLabel = "LIST",
            description = "label set in class-index order (default: ${DEFAULT-VALUE})")
    String emotions;

    @Option(names = "--domains", defaultValue = "", paramLabel = "MAP",
            description = "domain mapping lang/G=DOMAIN,... (default: EM,EF,JM,JF from language initial + gender)")
    String domains;

    @Option(names = "--sessions", paramLabel = "FILE",
            description = "JTES only: speaker,session CSV replacing the default assumption (session k = speakers "
                    + "10(k-1)+1..10k)")
    Path sessions;

    @Option(names = "--name", paramLabel = "NAME",
            description = "csv only: corpus name for rows without a corpus column (default: the CSV file name)")
    String name;

    @Override
    public Integer call() throws Exception {
        EmotionSet labels = EmotionSet.parse(emotions);
        DomainSet domainSet = DomainSet.parse(domains);
        if (sessions != null && corpus != Kind.jtes) {
            throw new BadInputException("--sessions applies to --corpus jtes only");
        }
        Manifest m;
        int dropped = 0;
        switch (corpus) {
            case iemocap -> m = IemocapCorpus.build(root, labels, domainSet);
            case jtes -> m = JtesCorpus.build(root, labels, domainSet,
                    sessions == null ? Map.of() : JtesCorpus.readSessionMap(sessions));
            default -> {
                if (!Files.isRegularFile(root)) {
                    throw new BadInputException("--root " + root + ": for --corpus csv give the corpus CSV file");
                }
                String corpusName = name != null ? name : stem(root.getFileName().toString());
                CsvCorpus.Result r = CsvCorpus.load(root, corpusName, labels, domainSet);
                m = r.manifest();
                dropped = r.droppedRows();
            }
        }
        m.write(out);
        var o = spec.commandLine().getOut();
        o.printf("wrote %d utterances to %s (paths relative to %s)%n", m.size(), out, m.root());
        if (dropped > 0) {
            o.printf("left out %d rows whose emotion is not in %s%n", dropped, labels);
        }
        o.printf("manifest sha256 %s%n%n", m.fingerprint());
        o.print(ManifestSummary.table(m, labels));
        o.flush();
        return 0;
    }

    private static String stem(String file) {
        int dot = file.lastIndexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }
}
