package org.ser4j.app.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.audio.WavWriter;
import org.ser4j.config.Mode;
import org.ser4j.config.ResolvedExperiment;
import org.ser4j.config.ResultConfig;
import org.ser4j.data.Manifest;
import org.ser4j.data.ManifestRow;
import org.ser4j.train.Step1Reuse;

/**
 * Issue 21: the demo's fake-domain systems reuse the multi-corpus MTL system as step 1, and that reuse is checked;
 * the two experiments as the demo resolves them (experiments/demo.yaml) must agree in every key that can change
 * step 1, or the demo's fake-domain run would be refused.
 */
class DemoStep1ReuseTest {
    /** Five sessions of one speaker per domain, one short utterance per emotion: enough to resolve the folds. */
    private static Path writeCorpus(Path dir) throws Exception {
        List<ManifestRow> rows = new ArrayList<>();
        for (int session = 1; session <= 5; session++) {
            for (String domain : List.of("EM", "EF", "JM", "JF")) {
                String language = domain.startsWith("E") ? "en" : "ja";
                for (String emotion : List.of("ang", "hap", "neu", "sad")) {
                    String speaker = domain + session;
                    String id = speaker + "_" + emotion;
                    String rel = "wav/" + id + ".wav";
                    float[] wave = new float[1600];
                    for (int i = 0; i < wave.length; i++) {
                        wave[i] = (float) (0.1 * Math.sin(i * 0.05 * (1 + session)));
                    }
                    WavWriter.writePcm16(dir.resolve(rel), wave, 16000);
                    rows.add(new ManifestRow(id, rel, language + "-corpus", language, speaker, domain.substring(1),
                            domain, session, emotion, 0.1, Map.of()));
                }
            }
        }
        Path manifest = dir.resolve("manifest.csv");
        Manifest.of(rows, dir).write(manifest);
        return manifest;
    }

    @Test
    void theDemosFakeDomainConfigAgreesWithTheMtlSystemItReuses(@TempDir Path work) throws Exception {
        Path home = Path.of("").toAbsolutePath();
        DemoSettings settings = DemoSettings.read(home.resolve("experiments/demo.yaml"));
        DemoCorpus.Source corpus = new DemoCorpus.Source(writeCorpus(work.resolve("synth")), null,
                Map.of("en", "en", "ja", "ja"), null, "synthetic corpus", "runs");
        DemoPlan plan = DemoPlan.build(home, work, settings, corpus, List.of());
        SystemTask mtl = null;
        ResolvedExperiment fake = null;
        for (SystemTask t : plan.tasks) {
            if (t.mode() == Mode.MTL && mtl == null) {
                mtl = t;
            }
            if (t.mode().isFake()) {
                fake = t.run().experiment();
                assertEquals(plan.runsDir.resolve("multi-corpus/mtl").toString(), fake.config().train().step1System());
            }
        }
        assertNotNull(mtl, "the demo trains an MTL system");
        assertNotNull(fake, "the demo trains fake-domain systems");
        // the two configs do differ (name, modes, embeddings, step1_system), only not in what step 1 depends on
        assertTrue(ResultConfig.of(mtl.run().experiment()).describeDifferences(ResultConfig.of(fake)).contains("name"));
        assertEquals("", Step1Reuse.differences(ResultConfig.of(mtl.run().experiment()), ResultConfig.of(fake)));
    }
}
