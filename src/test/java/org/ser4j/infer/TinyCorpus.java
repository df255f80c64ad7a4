package org.ser4j.infer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.ser4j.audio.WavWriter;
import org.ser4j.data.Manifest;
import org.ser4j.data.ManifestRow;

/** A few seconds of tone-plus-noise utterances as a canonical corpus (WAVs + manifest.csv) for inference tests. */
final class TinyCorpus {
    static final String[] DOMAINS = {"EM", "EF", "JM", "JF"};
    static final String[] LABELS = {"ang", "hap", "neu", "sad"};

    private TinyCorpus() {}

    static float[] wave(Random r, int emotion, int domain, int length) {
        double[] emoFreq = {250, 700, 1500, 3000};
        double[] domFreq = {400, 1100, 2200, 5000};
        float[] w = new float[length];
        double phase = r.nextDouble() * 6;
        for (int i = 0; i < length; i++) {
            double t = i / 16000.0;
            w[i] = (float) (0.5 * ((0.15 + 0.2 * emotion) * Math.sin(2 * Math.PI * emoFreq[emotion] * t + phase)
                    + 0.2 * Math.sin(2 * Math.PI * domFreq[domain] * t) + 0.1 * r.nextGaussian()));
        }
        return w;
    }

    /** {@code sessions} sessions x 4 domains x 4 emotions, one utterance each; returns the manifest path. */
    static Path write(Path dir, int sessions, long seed) throws Exception {
        Random r = new Random(seed);
        List<ManifestRow> rows = new ArrayList<>();
        for (int s = 1; s <= sessions; s++) {
            for (int d = 0; d < 4; d++) {
                for (int e = 0; e < 4; e++) {
                    String dom = DOMAINS[d];
                    String id = dom + "0" + s + "_" + LABELS[e];
                    float[] w = wave(r, e, d, 3200 + 320 * r.nextInt(8));
                    String rel = "wav/" + id + ".wav";
                    WavWriter.writePcm16(dir.resolve(rel), w, 16000);
                    rows.add(new ManifestRow(id, rel, dom.startsWith("E") ? "tiny-en" : "tiny-ja",
                            dom.startsWith("E") ? "en" : "ja", dom + "0" + s, dom.substring(1), dom, s, LABELS[e],
                            w.length / 16000.0, Map.of()));
                }
            }
        }
        Path manifest = dir.resolve("manifest.csv");
        Manifest.of(rows, dir).write(manifest);
        return manifest;
    }
}
