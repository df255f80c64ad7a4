package org.ser4j.data.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.data.Manifest;
import org.ser4j.data.ManifestRow;
import org.ser4j.util.Csv;
import org.ser4j.util.Sha256;

/** Determinism, WAV format and manifest consistency of a small generated corpus (80 utterances). */
class SynthCorpusWriterTest {
    @TempDir
    static Path dir;
    static Path oneThread;
    static Path threeThreads;
    static SynthOptions small = SynthOptions.defaults().withUtts(1).withThreads(1);

    @BeforeAll
    static void generateTwice() throws IOException {
        oneThread = dir.resolve("t1");
        threeThreads = dir.resolve("t3");
        SynthCorpusWriter.write(small, oneThread, false);
        SynthCorpusWriter.write(small.withThreads(3), threeThreads, false);
    }

    static Map<String, String> digests(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.put(root.relativize(f).toString(), Sha256.ofFile(f));
            }
        }
        return out;
    }

    @Test
    void sameSeedGivesByteIdenticalFilesWhateverTheThreadCount() throws IOException {
        Map<String, String> a = digests(oneThread);
        Map<String, String> b = digests(threeThreads);
        assertEquals(80 + 3, a.size(), "80 WAVs + manifest.csv + params.csv + corpus_info.txt");
        assertEquals(a, b);
    }

    @Test
    void anotherSeedGivesOtherAudio() throws IOException {
        Path other = dir.resolve("seed2");
        SynthCorpusWriter.write(small.withSeed(2).withLanguages(List.of(SynthLanguage.JA)), other, false);
        Map<String, String> a = digests(oneThread);
        Map<String, String> b = digests(other);
        Set<String> shared = new HashSet<>(a.values());
        shared.retainAll(new HashSet<>(b.values()));
        assertTrue(shared.isEmpty(), "no file identical between seeds 1 and 2");
    }

    @Test
    void wavsAre16kMonoPcm16OfTheManifestDuration() throws IOException {
        Manifest m = Manifest.read(oneThread.resolve("manifest.csv"));
        double total = 0;
        for (ManifestRow r : m.rows()) {
            Pcm16TestReader.Wav w = Pcm16TestReader.read(m.audioPath(r));
            assertEquals(16000, w.sampleRate());
            assertEquals(1, w.channels());
            assertEquals(16, w.bits());
            assertEquals(r.durationS(), w.samples().length / 16000.0, 1e-4, r.uttId());
            assertTrue(r.durationS() > 1.5 && r.durationS() < 5.0, r.uttId() + " lasts " + r.durationS());
            double peak = 0;
            double ss = 0;
            for (float v : w.samples()) {
                peak = Math.max(peak, Math.abs(v));
                ss += v * v;
            }
            double rmsDb = 10 * Math.log10(ss / w.samples().length);
            assertTrue(peak < 1.0, r.uttId() + " must not clip (limiter)");
            assertTrue(rmsDb > -50 && rmsDb < -6, r.uttId() + " level " + rmsDb + " dBFS");
            total += r.durationS();
        }
        assertTrue(total / m.size() > 2.0 && total / m.size() < 4.0, "mean duration " + total / m.size());
    }

    @Test
    void manifestIsCanonicalAndConsistent() throws IOException {
        Manifest m = Manifest.read(oneThread.resolve("manifest.csv"));
        assertEquals(80, m.size());
        assertEquals(List.of("sentence_id"), m.extraColumns());
        Map<String, Integer> perEmotion = new HashMap<>();
        Map<String, Set<String>> sentencesBySpeakerTake = new HashMap<>();
        for (ManifestRow r : m.rows()) {
            assertEquals("synth", r.corpus());
            assertTrue(r.speaker().matches("(EM|EF|JM|JF)0[1-5]"), r.speaker());
            assertEquals(r.speaker().substring(0, 2), r.domain());
            assertEquals(ManifestRow.defaultDomain(r.language(), r.gender()), r.domain());
            int n = Integer.parseInt(r.speaker().substring(2));
            assertEquals((n - 1) % 5 + 1, r.session());
            assertTrue(Files.isRegularFile(m.audioPath(r)), r.path());
            assertTrue(r.extras().get("sentence_id").startsWith(r.language()));
            perEmotion.merge(r.emotion(), 1, Integer::sum);
            sentencesBySpeakerTake.computeIfAbsent(r.speaker() + r.uttId().substring(r.uttId().length() - 3),
                    k -> new HashSet<>()).add(r.extras().get("sentence_id"));
        }
        assertEquals(Map.of("ang", 20, "hap", 20, "neu", 20, "sad", 20), perEmotion);
        for (Set<String> s : sentencesBySpeakerTake.values()) {
            assertEquals(1, s.size(), "a speaker's k-th take is the same sentence in all four emotions");
        }
        // params.csv: one row per utterance, same ids.
        List<List<String>> params = Csv.parse(Files.readString(oneThread.resolve("params.csv")));
        assertEquals(81, params.size());
        Set<String> ids = new HashSet<>();
        for (List<String> row : params.subList(1, params.size())) {
            assertEquals(params.get(0).size(), row.size());
            ids.add(row.get(0));
        }
        Set<String> manifestIds = new HashSet<>();
        m.rows().forEach(r -> manifestIds.add(r.uttId()));
        assertEquals(manifestIds, ids);
        assertFalse(Files.readString(oneThread.resolve("corpus_info.txt")).isBlank());
    }

    @Test
    void defaultPlanIs800UtterancesOverFiveSessions() {
        SynthCorpus c = new SynthCorpus(SynthOptions.defaults());
        List<UtteranceSpec> plan = c.plan();
        assertEquals(800, plan.size());
        assertEquals(20, c.speakers().size());
        Set<String> ids = new HashSet<>();
        plan.forEach(s -> ids.add(s.uttId()));
        assertEquals(800, ids.size());
        assertEquals(1600, new SynthCorpus(new SynthOptions(1, 2, 10, List.of(SynthLanguage.EN, SynthLanguage.JA), 100,
                0.3, 1.1, 0.4, false, 1)).plan().size());
        assertNotEquals(c.channel(SynthLanguage.JA, 1), c.channel(SynthLanguage.EN, 1));
        assertEquals(new SynthCorpus(SynthOptions.defaults().withSharedChannel(true)).channel(SynthLanguage.JA, 3),
                c.channel(SynthLanguage.EN, 3));
    }
}
