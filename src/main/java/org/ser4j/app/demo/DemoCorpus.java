package org.ser4j.app.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.ser4j.data.DomainSet;
import org.ser4j.data.EmotionSet;
import org.ser4j.data.Manifest;
import org.ser4j.data.ManifestRow;
import org.ser4j.data.csv.CsvCorpus;
import org.ser4j.data.synth.SynthCorpusWriter;
import org.ser4j.data.synth.SynthLanguage;
import org.ser4j.data.synth.SynthOptions;
import org.ser4j.util.AtomicFiles;
import org.ser4j.util.BadInputException;

/**
 * The demo's corpus. By default the synthetic corpus ({@code <work>/synth/}): generated once, into a temporary folder
 * that is renamed when complete, so an interrupted generation is never mistaken for a corpus; a rerun finds
 * {@code manifest.csv} and reuses it. With {@code --corpus-csv} a user's bilingual corpus CSV (the format of
 * {@code ser4j corpus manifest --corpus csv}) becomes {@code <work>/corpus-<name>/manifest.csv}, its paths relative to
 * the CSV's folder, and its systems go to {@code <work>/runs-<name>/} (the synthetic corpus's to {@code runs/}), so
 * both stay reusable in one work folder.
 */
final class DemoCorpus {
    /** The labels the demo's experiments classify (their {@code data.labels}). */
    static final List<String> LABELS = EmotionSet.DEFAULT.labels();
    /** The experiment YAMLs' two languages: the first stands for IEMOCAP (English), the second for JTES. */
    static final List<String> YAML_LANGUAGES = List.of("en", "ja");

    /**
     * The corpus the experiments run on.
     *
     * @param manifest    the canonical manifest
     * @param root        the folder its paths are relative to (null = the manifest's folder)
     * @param languages   the experiment YAMLs' language (en, ja) -> the corpus's language (identity for the
     *                    synthetic corpus)
     * @param sessions    the corpus's sessions per corpus language (its LOSO folds); null = the YAMLs' folds
     * @param description for the headline
     * @param runsFolder  the systems' folder under the work folder
     */
    record Source(Path manifest, Path root, Map<String, String> languages, Map<String, List<Integer>> sessions,
                  String description, String runsFolder) {
        /**
         * The folds of an experiment that keeps {@code corpusLanguages} (null = every language): the sessions they
         * have; null = keep the YAML's folds (synthetic corpus).
         */
        List<Integer> folds(List<String> corpusLanguages) {
            if (sessions == null) {
                return null;
            }
            Set<Integer> out = new TreeSet<>();
            sessions.forEach((lang, s) -> {
                if (corpusLanguages == null || corpusLanguages.contains(lang)) {
                    out.addAll(s);
                }
            });
            return new ArrayList<>(out);
        }
    }

    private DemoCorpus() {}

    static Source ensure(Path work, DemoSettings.CorpusOptions o, int threads, PrintStream out) throws IOException {
        Path dir = work.resolve("synth");
        Path manifest = dir.resolve("manifest.csv");
        Map<String, String> identity = Map.of("en", "en", "ja", "ja");
        String description = "synthetic corpus";
        if (Files.isRegularFile(manifest)) {
            out.println("corpus: reusing " + manifest);
            return new Source(manifest, null, identity, null, description, "runs");
        }
        Path tmp = work.resolve("synth.tmp");
        AtomicFiles.deleteTree(tmp);
        Files.createDirectories(work);
        SynthOptions d = SynthOptions.defaults();
        SynthOptions options = new SynthOptions(o.seed(), o.speakersPerSession(), o.uttsPerSpeakerEmotion(),
                List.of(SynthLanguage.EN, SynthLanguage.JA), d.jitterPct(), d.intensityMin(), d.intensityMax(),
                d.style(), false, Math.max(1, threads));
        SynthCorpusWriter.Summary s = SynthCorpusWriter.write(options, tmp, false);
        AtomicFiles.deleteTree(dir);
        AtomicFiles.move(tmp, dir);
        out.printf(Locale.ROOT, "corpus: generated %d utterances (%.0f s of audio) in %.1f s -> %s%n", s.utterances(),
                s.audioSeconds(), s.wallSeconds(), dir);
        return new Source(manifest, null, identity, null, description, "runs");
    }

    /**
     * A user's bilingual corpus CSV as the demo's corpus: read as {@code ser4j corpus manifest --corpus csv} reads it
     * (rows with other emotions left out), checked for what the experiments need (two languages, each with every
     * label of {@link #LABELS} and at least two sessions), domains re-derived from language x gender: the first
     * language (en if present) gives EM/EF, the second (ja if present) JM/JF, as the experiments' domain heads and
     * fake-domain modes name them. Written to {@code <work>/corpus-<name>/manifest.csv} (rewritten on every run, so an
     * edited CSV takes effect; unchanged content keeps the finished folds reusable).
     */
    static Source fromCsv(Path work, Path csvFile, PrintStream out) throws IOException {
        Path csv = csvFile.toAbsolutePath().normalize();
        String name = csv.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String corpusName = dot > 0 ? name.substring(0, dot) : name;
        CsvCorpus.Result r = CsvCorpus.load(csv, corpusName, EmotionSet.DEFAULT, DomainSet.DEFAULT);
        Manifest m = r.manifest();
        Map<String, Set<String>> labelsOf = new TreeMap<>();
        Map<String, Set<Integer>> sessionsOf = new TreeMap<>();
        for (ManifestRow row : m.rows()) {
            labelsOf.computeIfAbsent(row.language(), k -> new TreeSet<>()).add(row.emotion());
            sessionsOf.computeIfAbsent(row.language(), k -> new TreeSet<>()).add(row.session());
        }
        String where = "corpus CSV " + csv;
        if (labelsOf.size() != 2) {
            throw new BadInputException(where + ": column 'language': the demo needs a bilingual corpus (exactly two "
                    + "languages), found " + labelsOf.keySet() + (r.droppedRows() > 0 ? " among the rows labelled "
                    + String.join(",", LABELS) : ""));
        }
        for (Map.Entry<String, Set<String>> e : labelsOf.entrySet()) {
            List<String> missing = LABELS.stream().filter(l -> !e.getValue().contains(l)).toList();
            if (!missing.isEmpty()) {
                throw new BadInputException(where + ": column 'emotion': the demo's experiments classify "
                        + String.join(",", LABELS) + " in each language; language '" + e.getKey() + "' has no "
                        + String.join(",", missing) + " utterance (rows with other emotions are left out)");
            }
        }
        for (Map.Entry<String, Set<Integer>> e : sessionsOf.entrySet()) {
            if (e.getValue().size() < 2) {
                throw new BadInputException(where + ": column 'session': leave-one-session-out needs at least two "
                        + "sessions per language; language '" + e.getKey() + "' has " + e.getValue());
            }
        }
        // alphabetical, except that en comes first and ja second when present (as in the YAMLs)
        List<String> langs = new ArrayList<>(labelsOf.keySet());
        if (langs.get(1).equals("en") || langs.get(0).equals("ja")) {
            java.util.Collections.reverse(langs);
        }
        Map<String, String> languages = new LinkedHashMap<>();
        languages.put(YAML_LANGUAGES.get(0), langs.get(0));
        languages.put(YAML_LANGUAGES.get(1), langs.get(1));
        List<ManifestRow> rows = new ArrayList<>();
        for (ManifestRow row : m.rows()) {
            String domain = (row.language().equals(langs.get(0)) ? "E" : "J") + row.gender();
            rows.add(new ManifestRow(row.uttId(), row.path(), row.corpus(), row.language(), row.speaker(),
                    row.gender(), domain, row.session(), row.emotion(), row.durationS(), row.extras()));
        }
        Manifest mapped = new Manifest(rows, m.extraColumns(), m.root());
        String tag = corpusName.replaceAll("[^A-Za-z0-9._-]", "_");
        Path target = work.resolve("corpus-" + tag).resolve("manifest.csv");
        Files.createDirectories(target.getParent());
        mapped.write(target);
        Map<String, List<Integer>> sessions = new LinkedHashMap<>();
        sessionsOf.forEach((l, s) -> sessions.put(l, new ArrayList<>(s)));
        String description = String.format(Locale.ROOT, "corpus %s (%d utterances; %s = EM/EF, %s = JM/JF)", csv,
                rows.size(), langs.get(0), langs.get(1));
        out.printf(Locale.ROOT, "corpus: %d utterances from %s%s; domains %s/M=EM %s/F=EF %s/M=JM %s/F=JF -> %s%n",
                rows.size(), csv, r.droppedRows() > 0 ? " (" + r.droppedRows() + " rows with other emotions left out)"
                        : "", langs.get(0), langs.get(0), langs.get(1), langs.get(1), target);
        return new Source(target, m.root(), languages, sessions, description, "runs-" + tag);
    }
}
