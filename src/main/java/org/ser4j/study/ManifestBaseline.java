package org.ser4j.study;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.ser4j.audio.AudioLoader;
import org.ser4j.data.Manifest;
import org.ser4j.data.ManifestRow;
import org.ser4j.eval.baseline.LabelledFeatures;
import org.ser4j.eval.baseline.MfccStatistics;
import org.ser4j.util.BadInputException;

/**
 * The same MFCC + logistic-regression baseline on any corpus on disk, given its canonical manifest (e.g. a corpus
 * written by {@code ser4j corpus synth}, or IEMOCAP/JTES manifests): pooled LOSO, within-language LOSO and
 * cross-language UARs over the emotions ang, hap, neu, sad.
 *
 * <p>Run by {@code ser4j study baseline} ({@link BaselineCommand}).
 */
public final class ManifestBaseline {
    static final List<String> EMOTIONS = List.of("ang", "hap", "neu", "sad");

    private ManifestBaseline() {}

    public static LabelledFeatures features(Manifest m, int threads) {
        MfccStatistics stats = MfccStatistics.baseline();
        List<ManifestRow> rows = new ArrayList<>();
        for (ManifestRow r : m.sortedRows()) {
            if (EMOTIONS.contains(r.emotion())) {
                rows.add(r);
            }
        }
        if (rows.isEmpty()) {
            throw new BadInputException("manifest: no utterance with an emotion among " + EMOTIONS);
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<double[]>> fs = new ArrayList<>();
            for (ManifestRow r : rows) {
                fs.add(pool.submit(() -> stats.features(AudioLoader.load16k(m.audioPath(r)))));
            }
            int n = rows.size();
            double[][] x = new double[n][];
            int[] emo = new int[n];
            int[] ses = new int[n];
            String[] lang = new String[n];
            String[] spk = new String[n];
            for (int i = 0; i < n; i++) {
                x[i] = fs.get(i).get();
                ManifestRow r = rows.get(i);
                emo[i] = EMOTIONS.indexOf(r.emotion());
                ses[i] = r.session();
                lang[i] = r.language();
                // The domain prefix lets the per-domain breakdown work for any corpus.
                spk[i] = r.domain() + ":" + r.speaker();
            }
            return new LabelledFeatures(x, emo, ses, lang, spk);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
