package org.ser4j.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * In-memory labelled utterances for trainer tests: the emotion sets the tone frequency, the domain adds a second
 * tone, plus noise. Sessions 1..sessions, two speakers per session and domain.
 */
final class SyntheticExamples {
    final List<Example> examples = new ArrayList<>();
    final Map<String, float[]> waves = new HashMap<>();

    SyntheticExamples(int sessions, int perSpeaker, long seed) {
        Random r = new Random(seed);
        double[] emoFreq = {250, 700, 1500, 3000};
        double[] domFreq = {400, 1100, 2200, 5000};
        for (int s = 1; s <= sessions; s++) {
            for (int d = 0; d < 4; d++) {
                String speaker = "D" + d + "S" + s;
                for (int u = 0; u < perSpeaker; u++) {
                    int e = (u + s + d) % 4;
                    int len = 4000 + 160 * r.nextInt(20);
                    float[] w = new float[len];
                    double phase = r.nextDouble() * 6;
                    for (int i = 0; i < len; i++) {
                        double t = i / 16000.0;
                        w[i] = (float) ((0.15 + 0.25 * e) * Math.sin(2 * Math.PI * emoFreq[e] * t + phase)
                                + 0.3 * Math.sin(2 * Math.PI * domFreq[d] * t) + 0.2 * r.nextGaussian());
                    }
                    String id = speaker + "_" + u;
                    examples.add(new Example(id, d < 2 ? "en-corpus" : "ja-corpus", d < 2 ? "en" : "ja", speaker, s, e,
                            d, len));
                    waves.put(id, w);
                }
            }
        }
    }

    WaveformSource source() {
        return ex -> waves.get(ex.uttId());
    }

    FoldData fold(int k) {
        List<Example> train = new ArrayList<>();
        List<Example> test = new ArrayList<>();
        for (Example e : examples) {
            (e.session() == k ? test : train).add(e);
        }
        return new FoldData(k, train, List.of(), test);
    }
}
