package org.ser4j.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import org.ser4j.util.AtomicFiles;
import org.ser4j.util.BadInputException;
import org.ser4j.util.Csv;
import org.ser4j.util.Seeds;
import org.ser4j.util.Sha256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folds of a run as committed data (docs/contracts.md §3): rows {@code utt_id,fold,split}, the fingerprints of the
 * manifests they were cut from, and a SHA-256 over manifests + split so that a result can name exactly which data
 * it used.
 *
 * <p>File format: {@code #} comment lines first ({@code # manifest_sha256=<hex>} once per manifest,
 * {@code # split_sha256=<hex>}), then a CSV with header {@code utt_id,fold,split}, rows sorted by fold and utt_id.
 * A hand-written split file (for example one that replaces the JTES session assumption) may omit the comment lines;
 * it then is not tied to a manifest and only its utt_ids are checked.
 */
public final class Folds {
    private static final Logger LOG = LoggerFactory.getLogger(Folds.class);
    public static final List<String> HEADER = List.of("utt_id", "fold", "split");

    /** One line of a split file. */
    public record Assignment(String uttId, int fold, Split split) {}

    private final List<String> manifestFingerprints;
    private final List<Assignment> rows;
    private final SortedMap<Integer, Fold> folds;

    public Folds(List<String> manifestFingerprints, List<Assignment> rows) {
        List<String> fps = new ArrayList<>(manifestFingerprints);
        Collections.sort(fps);
        this.manifestFingerprints = List.copyOf(fps);
        List<Assignment> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingInt(Assignment::fold).thenComparing(Assignment::uttId));
        this.rows = List.copyOf(sorted);
        Map<Integer, Map<Split, List<String>>> byFold = new TreeMap<>();
        Set<String> seen = new HashSet<>();
        for (Assignment a : this.rows) {
            if (a.fold() < 1) {
                throw new BadInputException("split: fold must be >= 1, got " + a.fold() + " for " + a.uttId());
            }
            if (!seen.add(a.fold() + "\u0000" + a.uttId())) {
                throw new BadInputException("split: utt_id " + a.uttId() + " appears twice in fold " + a.fold());
            }
            byFold.computeIfAbsent(a.fold(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(a.split(), k -> new ArrayList<>()).add(a.uttId());
        }
        SortedMap<Integer, Fold> f = new TreeMap<>();
        for (Map.Entry<Integer, Map<Split, List<String>>> e : byFold.entrySet()) {
            Map<Split, List<String>> m = e.getValue();
            f.put(e.getKey(), new Fold(e.getKey(), m.getOrDefault(Split.TRAIN, List.of()),
                    m.getOrDefault(Split.DEV, List.of()), m.getOrDefault(Split.TEST, List.of())));
        }
        this.folds = Collections.unmodifiableSortedMap(f);
    }

    /** Leave-one-session-out over one manifest, no dev split. */
    public static Folds loso(Manifest manifest) {
        return loso(List.of(manifest), 0, 0L);
    }

    /**
     * Leave-one-session-out over one or several corpora: fold k tests session k of every corpus and trains on all
     * other sessions. With {@code devSpeakersPerCorpus > 0}, that many whole speakers of each corpus are moved from
     * the training sessions to dev, chosen by a generator seeded from (seed, fold, corpus). A corpus with several
     * languages (the synthetic corpus, a bilingual user CSV) gives that many speakers of each language, so that dev
     * covers every language; a one-language corpus (IEMOCAP, JTES) is one group, as before.
     *
     * <p>A speaker that also speaks in the test session (possible in a user corpus, never in IEMOCAP or JTES) is
     * left out of train and dev in that fold, with a warning, so no speaker is ever on both sides.
     */
    public static Folds loso(List<Manifest> manifests, int devSpeakersPerCorpus, long seed) {
        if (devSpeakersPerCorpus < 0) {
            throw new BadInputException("dev speakers must be >= 0, got " + devSpeakersPerCorpus);
        }
        List<ManifestRow> all = new ArrayList<>();
        List<String> fps = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Manifest m : manifests) {
            fps.add(m.fingerprint());
            for (ManifestRow r : m.rows()) {
                if (!ids.add(r.uttId())) {
                    throw new BadInputException("folds: utt_id " + r.uttId() + " occurs in more than one manifest");
                }
                all.add(r);
            }
        }
        SortedSet<Integer> sessions = new TreeSet<>();
        all.forEach(r -> sessions.add(r.session()));
        Map<String, Set<String>> languagesOf = new HashMap<>();
        all.forEach(r -> languagesOf.computeIfAbsent(r.corpus(), k -> new HashSet<>()).add(r.language()));
        Set<String> multilingual = new HashSet<>();
        languagesOf.forEach((c, langs) -> {
            if (langs.size() > 1) {
                multilingual.add(c);
            }
        });
        if (sessions.size() < 2) {
            throw new BadInputException("folds: leave-one-session-out needs at least 2 sessions, the manifest has "
                    + sessions);
        }
        List<Assignment> out = new ArrayList<>();
        for (int fold : sessions) {
            Set<String> testSpeakers = new HashSet<>();
            for (ManifestRow r : all) {
                if (r.session() == fold) {
                    testSpeakers.add(speakerKey(r));
                }
            }
            // Training speakers per corpus (and language, in a corpus with several), sorted so that the seeded
            // choice does not depend on row order.
            Map<String, SortedSet<String>> trainSpeakers = new TreeMap<>();
            Map<String, String> corpusOfGroup = new HashMap<>();
            int leaking = 0;
            for (ManifestRow r : all) {
                if (r.session() != fold) {
                    if (testSpeakers.contains(speakerKey(r))) {
                        leaking++;
                    } else {
                        String group = multilingual.contains(r.corpus()) ? r.corpus() + "/" + r.language() : r.corpus();
                        trainSpeakers.computeIfAbsent(group, k -> new TreeSet<>()).add(r.speaker());
                        corpusOfGroup.put(group, r.corpus());
                    }
                }
            }
            if (leaking > 0) {
                LOG.warn("fold {}: {} training utterances belong to speakers of the test session; left out", fold,
                        leaking);
            }
            Set<String> devSpeakers = new HashSet<>();
            if (devSpeakersPerCorpus > 0) {
                for (Map.Entry<String, SortedSet<String>> e : trainSpeakers.entrySet()) {
                    List<String> speakers = new ArrayList<>(e.getValue());
                    if (devSpeakersPerCorpus >= speakers.size()) {
                        throw new BadInputException("folds: corpus " + e.getKey() + " has only " + speakers.size()
                                + " training speakers in fold " + fold + "; cannot hold out " + devSpeakersPerCorpus
                                + " for dev (lower data.dev_speakers / --dev-speakers, 0 = no dev split)");
                    }
                    Collections.shuffle(speakers, new Random(Seeds.derive(seed, "dev-speakers", fold, e.getKey())));
                    for (String s : speakers.subList(0, devSpeakersPerCorpus)) {
                        devSpeakers.add(corpusOfGroup.get(e.getKey()) + "/" + s);
                    }
                }
            }
            for (ManifestRow r : all) {
                String key = speakerKey(r);
                if (r.session() == fold) {
                    out.add(new Assignment(r.uttId(), fold, Split.TEST));
                } else if (!testSpeakers.contains(key)) {
                    out.add(new Assignment(r.uttId(), fold, devSpeakers.contains(key) ? Split.DEV : Split.TRAIN));
                }
            }
        }
        return new Folds(fps, out);
    }

    private static String speakerKey(ManifestRow r) {
        return r.corpus() + "/" + r.speaker();
    }

    public List<String> manifestFingerprints() {
        return manifestFingerprints;
    }

    public List<Assignment> rows() {
        return rows;
    }

    public List<Integer> foldNumbers() {
        return List.copyOf(folds.keySet());
    }

    public Fold fold(int number) {
        Fold f = folds.get(number);
        if (f == null) {
            throw new BadInputException("split: no fold " + number + "; folds are " + folds.keySet());
        }
        return f;
    }

    /** The CSV body (header + rows), without comment lines. */
    public String bodyCsv() {
        StringBuilder sb = new StringBuilder(Csv.line(HEADER)).append('\n');
        for (Assignment a : rows) {
            sb.append(Csv.line(List.of(a.uttId(), Integer.toString(a.fold()), a.split().code()))).append('\n');
        }
        return sb.toString();
    }

    /** SHA-256 over the manifest fingerprints (sorted, one line each) followed by the canonical split CSV. */
    public String fingerprint() {
        StringBuilder sb = new StringBuilder();
        for (String fp : manifestFingerprints) {
            sb.append("manifest_sha256=").append(fp).append('\n');
        }
        return Sha256.hex(sb.append(bodyCsv()).toString());
    }

    public String toText() {
        StringBuilder sb = new StringBuilder("# ser4j split file: utt_id,fold,split (docs/contracts.md §3)\n");
        for (String fp : manifestFingerprints) {
            sb.append("# manifest_sha256=").append(fp).append('\n');
        }
        sb.append("# split_sha256=").append(fingerprint()).append('\n');
        return sb.append(bodyCsv()).toString();
    }

    public void write(Path file) throws IOException {
        AtomicFiles.writeString(file, toText());
    }

    public static Folds read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BadInputException("split file " + file + ": file not found");
        } catch (IOException e) {
            throw new BadInputException("split file " + file + ": cannot read (" + e.getMessage() + ")", e);
        }
        List<String> fps = new ArrayList<>();
        String declared = null;
        StringBuilder body = new StringBuilder();
        for (String line : text.split("\r?\n", -1)) {
            if (line.startsWith("#")) {
                body.append('\n'); // a blank line in its place keeps the CSV's line numbers those of the file
                String c = line.substring(1).trim();
                if (c.startsWith("manifest_sha256=")) {
                    fps.add(c.substring("manifest_sha256=".length()).trim());
                } else if (c.startsWith("split_sha256=")) {
                    declared = c.substring("split_sha256=".length()).trim();
                }
            } else {
                body.append(line).append('\n');
            }
        }
        List<List<String>> table = Csv.parse(body.toString(), "split file " + file + ":");
        if (table.isEmpty() || !table.get(0).equals(HEADER)) {
            throw new BadInputException("split file " + file + ": expected the header utt_id,fold,split, got "
                    + (table.isEmpty() ? "nothing" : String.join(",", table.get(0))));
        }
        List<Assignment> rows = new ArrayList<>();
        for (int i = 1; i < table.size(); i++) {
            List<String> f = table.get(i);
            if (f.size() != 3) {
                throw new BadInputException("split file " + file + " row " + (i + 1) + ": " + f.size()
                        + " fields, expected 3");
            }
            try {
                rows.add(new Assignment(f.get(0), Integer.parseInt(f.get(1).trim()), Split.parse(f.get(2))));
            } catch (NumberFormatException e) {
                throw new BadInputException("split file " + file + " row " + (i + 1) + ": fold must be an integer, got '"
                        + f.get(1) + "'");
            } catch (BadInputException e) {
                throw new BadInputException("split file " + file + " row " + (i + 1) + ": " + e.getMessage());
            }
        }
        Folds folds;
        try {
            folds = new Folds(fps, rows);
        } catch (BadInputException e) {
            throw new BadInputException("split file " + file + ": " + e.getMessage());
        }
        if (declared != null && !declared.equals(folds.fingerprint())) {
            throw new BadInputException("split file " + file + ": content does not match its split_sha256 (edited by "
                    + "hand? remove the split_sha256 line to accept the edit)");
        }
        return folds;
    }

    /**
     * Checks that these folds were cut from exactly these manifests (when the split file names fingerprints) and that
     * every utt_id exists in them.
     */
    public void checkAgainst(List<Manifest> manifests) {
        if (!manifestFingerprints.isEmpty()) {
            List<String> actual = new ArrayList<>();
            manifests.forEach(m -> actual.add(m.fingerprint()));
            Collections.sort(actual);
            if (!actual.equals(manifestFingerprints)) {
                throw new BadInputException("split file was made from manifests " + manifestFingerprints
                        + " but the given manifests have fingerprints " + actual);
            }
        }
        Set<String> ids = new HashSet<>();
        manifests.forEach(m -> m.rows().forEach(r -> ids.add(r.uttId())));
        for (Assignment a : rows) {
            if (!ids.contains(a.uttId())) {
                throw new BadInputException("split file: utt_id " + a.uttId() + " (fold " + a.fold()
                        + ") is not in the manifest");
            }
        }
    }

    /** Counts of utterances per fold and split, for summaries. */
    public Map<Integer, Map<Split, Integer>> counts() {
        Map<Integer, Map<Split, Integer>> c = new TreeMap<>();
        for (Fold f : folds.values()) {
            Map<Split, Integer> m = new HashMap<>();
            for (Split s : Split.values()) {
                m.put(s, f.ids(s).size());
            }
            c.put(f.number(), m);
        }
        return c;
    }
}
