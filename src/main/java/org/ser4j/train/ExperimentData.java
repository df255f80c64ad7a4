package org.ser4j.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.ser4j.audio.AudioLoader;
import org.ser4j.config.CorpusRef;
import org.ser4j.config.DataConfig;
import org.ser4j.data.Fold;
import org.ser4j.data.Folds;
import org.ser4j.data.Manifest;
import org.ser4j.data.ManifestRow;
import org.ser4j.provenance.DataFingerprint;
import org.ser4j.util.BadInputException;
import org.ser4j.util.Sha256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data of an experiment: its manifests (utterances outside the label set are dropped), the folds (a split file,
 * or leave-one-session-out with an optional dev split of whole speakers), and the 16 kHz waveforms, kept in memory
 * up to a budget so that small corpora are decoded once.
 */
public final class ExperimentData {
    private static final Logger LOG = LoggerFactory.getLogger(ExperimentData.class);
    /** Seed of the dev-speaker choice: fixed, so that every system of every experiment shares the same dev split. */
    public static final long DEV_SPLIT_SEED = 0L;
    /** Waveform cache budget in samples (1 GiB of floats). */
    static final long CACHE_SAMPLES = 256L * 1024 * 1024;

    private final List<Manifest> manifests;
    private final Map<String, String> manifestFingerprints;
    private final Folds folds;
    private final Map<String, ManifestRow> rows;
    private final Map<String, Manifest> manifestOf;
    private final Map<String, Example> examples;
    private final Map<String, float[]> cache = new ConcurrentHashMap<>();
    private final AtomicLong cached = new AtomicLong();

    private ExperimentData(List<Manifest> manifests, Map<String, String> fps, Folds folds,
                           Map<String, ManifestRow> rows, Map<String, Manifest> manifestOf,
                           Map<String, Example> examples) {
        this.manifests = manifests;
        this.manifestFingerprints = fps;
        this.folds = folds;
        this.rows = rows;
        this.manifestOf = manifestOf;
        this.examples = examples;
    }

    /** Relative paths in the config are resolved against {@code base} (the working directory). */
    public static ExperimentData load(DataConfig dc, Path base) {
        List<Manifest> kept = new ArrayList<>();
        Map<String, String> fps = new LinkedHashMap<>();
        Map<String, ManifestRow> rows = new LinkedHashMap<>();
        Map<String, Manifest> manifestOf = new HashMap<>();
        Map<String, Example> examples = new LinkedHashMap<>();
        for (CorpusRef ref : dc.corpora()) {
            Path file = base.resolve(ref.manifest());
            Manifest m = ref.root() == null ? Manifest.read(file) : Manifest.read(file, base.resolve(ref.root()));
            fps.put(ref.manifest(), m.fingerprint());
            List<ManifestRow> in = new ArrayList<>();
            int dropped = 0;
            for (ManifestRow r : m.rows()) {
                if (ref.languages() != null && !ref.languages().contains(r.language())) {
                    continue;
                }
                if (!dc.labels().contains(r.emotion())) {
                    dropped++;
                    continue;
                }
                int d = dc.domains().indexOf(r.domain());
                if (d < 0) {
                    throw new BadInputException("manifest " + file + ": utterance " + r.uttId() + " has domain '"
                            + r.domain() + "', not in data.domains " + dc.domains());
                }
                in.add(r);
                examples.put(r.uttId(), new Example(r.uttId(), r.corpus(), r.language(), r.speaker(), r.session(),
                        dc.labels().indexOf(r.emotion()), d, (int) Math.round(r.durationS() * AudioLoader.TARGET_RATE)));
            }
            if (dropped > 0) {
                LOG.info("{}: {} utterances with labels outside {} left out", file, dropped, dc.labels());
            }
            Manifest filtered = new Manifest(in, m.extraColumns(), m.root());
            kept.add(filtered);
            for (ManifestRow r : in) {
                if (rows.put(r.uttId(), r) != null) {
                    throw new BadInputException("data.corpora: utt_id " + r.uttId() + " occurs in two manifests");
                }
                manifestOf.put(r.uttId(), filtered);
            }
        }
        checkLabelsPresent(dc, rows.values());
        checkAudioExists(kept);
        Folds folds;
        if (dc.splits() != null) {
            folds = Folds.read(base.resolve(dc.splits()));
            folds.checkAgainst(kept);
        } else {
            folds = Folds.loso(kept, dc.devSpeakers(), DEV_SPLIT_SEED);
        }
        return new ExperimentData(kept, fps, folds, rows, manifestOf, examples);
    }

    /** A label of data.labels that no utterance carries is almost always a typo (it would train an empty class). */
    private static void checkLabelsPresent(DataConfig dc, java.util.Collection<ManifestRow> rows) {
        java.util.Set<String> found = new java.util.TreeSet<>();
        for (ManifestRow r : rows) {
            found.add(r.emotion());
        }
        for (String l : dc.labels()) {
            if (!found.contains(l)) {
                throw new BadInputException("data.labels: no utterance of " + dc.corpora().stream()
                        .map(CorpusRef::manifest).toList() + " has the label '" + l + "' (labels kept: " + found + ")");
            }
        }
    }

    /**
     * Every audio file a manifest names must exist before training starts: otherwise the run would fail at the first
     * batch that reaches it, after writing fold folders.
     */
    private static void checkAudioExists(List<Manifest> manifests) {
        List<String> missing = new ArrayList<>();
        int count = 0;
        for (Manifest m : manifests) {
            for (ManifestRow r : m.rows()) {
                Path p = m.audioPath(r);
                if (!Files.isRegularFile(p)) {
                    count++;
                    if (missing.size() < 5) {
                        missing.add(r.uttId() + " -> " + p);
                    }
                }
            }
        }
        if (count > 0) {
            throw new BadInputException("data.corpora: " + count + " audio file(s) named in the manifests do not exist, "
                    + "e.g. " + String.join(", ", missing));
        }
    }

    public List<Integer> foldNumbers() {
        return folds.foldNumbers();
    }

    public FoldData fold(int k) {
        if (!folds.foldNumbers().contains(k)) {
            throw new BadInputException("folds: fold " + k + " does not exist; the data has folds " + folds.foldNumbers());
        }
        Fold f = folds.fold(k);
        return new FoldData(k, pick(f.train()), pick(f.dev()), pick(f.test()));
    }

    private List<Example> pick(List<String> ids) {
        List<Example> out = new ArrayList<>();
        for (String id : ids) {
            Example e = examples.get(id);
            if (e != null) {
                out.add(e); // split files may list utterances whose labels this experiment leaves out
            }
        }
        return out;
    }

    /** Manifest fingerprints + a SHA-256 over the fold's {@code utt_id,split} lines (sorted) + counts. */
    public DataFingerprint fingerprint(FoldData f) {
        List<String> lines = new ArrayList<>();
        f.train().forEach(e -> lines.add(e.uttId() + ",train"));
        f.dev().forEach(e -> lines.add(e.uttId() + ",dev"));
        f.test().forEach(e -> lines.add(e.uttId() + ",test"));
        lines.sort(null);
        return new DataFingerprint(manifestFingerprints, Sha256.hex(String.join("\n", lines) + "\n"),
                Map.of("train", f.train().size(), "dev", f.dev().size(), "test", f.test().size()));
    }

    /** The manifests' fingerprints in one string: identifies the audio behind the utterance ids. */
    public String manifestsKey() {
        return manifestFingerprints.toString();
    }

    /** The raw 16 kHz waveform (normalisation happens per batch item, after cropping). */
    public WaveformSource waveforms() {
        return ex -> {
            float[] w = cache.get(ex.uttId());
            if (w != null) {
                return w;
            }
            ManifestRow r = rows.get(ex.uttId());
            float[] loaded = AudioLoader.load16k(manifestOf.get(ex.uttId()).audioPath(r));
            if (cached.addAndGet(loaded.length) <= CACHE_SAMPLES) {
                cache.put(ex.uttId(), loaded);
            }
            return loaded;
        };
    }

    public List<Manifest> manifests() {
        return manifests;
    }

    public ManifestRow row(String uttId) {
        return rows.get(uttId);
    }
}
