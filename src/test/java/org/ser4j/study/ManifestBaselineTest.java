package org.ser4j.study;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.data.Manifest;
import org.ser4j.data.synth.SynthCorpusWriter;
import org.ser4j.data.synth.SynthLanguage;
import org.ser4j.data.synth.SynthOptions;
import org.ser4j.eval.baseline.LabelledFeatures;

/** Features read back from the written WAVs match the in-memory ones up to PCM16 rounding. */
class ManifestBaselineTest {

    @Test
    void diskAndMemoryFeaturesAgree(@TempDir Path dir) throws Exception {
        SynthOptions o = SynthOptions.defaults().withUtts(1).withThreads(2).withLanguages(List.of(SynthLanguage.JA));
        SynthCorpusWriter.write(o, dir, false);
        LabelledFeatures disk = ManifestBaseline.features(Manifest.read(dir.resolve("manifest.csv")), 2);
        LabelledFeatures memory = SynthCalibration.extract(o).data();
        assertEquals(40, disk.size());
        assertEquals(memory.size(), disk.size());
        Map<String, double[]> bySpeakerAndEmotion = new HashMap<>();
        for (int i = 0; i < memory.size(); i++) {
            bySpeakerAndEmotion.put(memory.speaker()[i] + memory.emotion()[i], memory.x()[i]);
        }
        for (int i = 0; i < disk.size(); i++) {
            String speaker = disk.speaker()[i].substring(disk.speaker()[i].indexOf(':') + 1);
            double[] m = bySpeakerAndEmotion.get(speaker + disk.emotion()[i]);
            for (int j = 0; j < m.length; j++) {
                // Means of log-energy cepstra move by far less than 0.05 under 16-bit rounding of speech-level audio.
                assertEquals(m[j], disk.x()[i][j], 0.05 + 0.01 * Math.abs(m[j]), "feature " + j + " of " + speaker);
            }
        }
    }
}
