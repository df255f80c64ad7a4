package org.ser4j.data.synth;

import java.util.EnumMap;
import java.util.Map;

/**
 * Emotion profiles per language at full intensity, plus the per-utterance jitter SDs ({@code emotions.tsv}).
 * Values stay in the table's units; {@link UtteranceParams} maps them onto the synthesiser.
 */
public final class EmotionTable {
    private final Map<SynthLanguage, Map<SynthEmotion, double[]>> profiles = new EnumMap<>(SynthLanguage.class);
    private final double[] jitterSd;

    private EmotionTable(double[] jitterSd) {
        this.jitterSd = jitterSd;
    }

    public static EmotionTable bundled() {
        int n = EmotionParameter.values().length;
        double[] jitter = null;
        EmotionTable t = new EmotionTable(new double[n]);
        for (String[] f : TsvTable.read("emotions.tsv", n + 2)) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = Double.parseDouble(f[i + 2].trim());
            }
            if (f[0].equals("*")) {
                jitter = v;
                continue;
            }
            SynthLanguage lang = SynthLanguage.fromCode(f[0]);
            SynthEmotion emo = null;
            for (SynthEmotion e : SynthEmotion.values()) {
                if (e.tableName().equals(f[1])) {
                    emo = e;
                }
            }
            if (emo == null) {
                throw new IllegalStateException("emotions.tsv: unknown emotion " + f[1]);
            }
            t.profiles.computeIfAbsent(lang, k -> new EnumMap<>(SynthEmotion.class)).put(emo, v);
        }
        if (jitter == null) {
            throw new IllegalStateException("emotions.tsv: no '*\tjitter_sd' row");
        }
        System.arraycopy(jitter, 0, t.jitterSd, 0, n);
        return t;
    }

    public double value(SynthLanguage lang, SynthEmotion emo, EmotionParameter p) {
        return profiles.get(lang).get(emo)[p.ordinal()];
    }

    public double jitterSd(EmotionParameter p) {
        return jitterSd[p.ordinal()];
    }
}
