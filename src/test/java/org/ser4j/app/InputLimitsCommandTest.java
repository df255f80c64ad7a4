package org.ser4j.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.audio.TestWavs;


/** The plausibility limits of issue 21 through the command line: exit code 2 and the file or option named. */
class InputLimitsCommandTest {
    @TempDir
    Path dir;

    /** The CLI run of {@link CorpusCommandsTest}: exit code, stdout and stderr. */
    static CorpusCommandsTest.Run run(String... args) {
        return CorpusCommandsTest.run(args);
    }

    @Test
    void corpusCheckListsImplausibleSampleRatesAndOverLongFiles() throws Exception {
        Files.createDirectories(dir.resolve("wav"));
        Files.write(dir.resolve("wav/good.wav"), TestWavs.wav(1, false, 1, 16_000, 16, new byte[6400], null));
        // 1600 samples at 10 Hz: predict would have resampled them 1600-fold
        Files.write(dir.resolve("wav/slow.wav"), TestWavs.wav(1, false, 1, 10, 16, new byte[3200], null));
        Files.write(dir.resolve("wav/long.wav"), TestWavs.wav(1, false, 1, 1000, 8, new byte[3_600_001], null));
        Path manifest = dir.resolve("manifest.csv");
        Files.writeString(manifest, "utt_id,path,corpus,language,speaker,gender,domain,session,emotion,duration_s\n"
                + "good,wav/good.wav,c,en,s1,M,EM,1,ang,0.2\n"
                + "slow,wav/slow.wav,c,en,s1,M,EM,1,hap,160.0\n"
                + "long,wav/long.wav,c,en,s1,M,EM,1,sad,3600.001\n");
        CorpusCommandsTest.Run r = run("corpus", "check", "--manifest", manifest.toString());
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("checked 3 files") && r.out().contains("2 unreadable"), r.out());
        assertTrue(r.out().contains("slow.wav: sample rate 10 Hz is outside the supported 1000 .. 768000 Hz"),
                r.out());
        assertTrue(r.out().contains("long.wav: 3600.0 s of audio") && r.out().contains("exceeds the limit of 3600 s"),
                r.out());
        assertFalse(r.out().contains("good.wav"), r.out());
    }

    @Test
    void predictAndEmbedRefuseWindowsOutsideTheirBounds() throws Exception {
        Path wav = dir.resolve("one-second.wav");
        Files.write(wav, TestWavs.wav(1, false, 1, 16_000, 16, new byte[32_000], null));
        Path model = dir.resolve("never-loaded");
        String[][] bad = {
            {"--window-seconds", "61"}, {"--window-seconds", "1e9"}, {"--window-seconds", "0.1"},
            {"--window-seconds", "NaN"}, {"--window-seconds", "10", "--overlap-seconds", "5.5"},
            {"--overlap-seconds", "-1"}, {"--overlap-seconds", "NaN"}};
        for (String[] opts : bad) {
            for (String verb : new String[] {"predict", "embed"}) {
                String[] head = verb.equals("predict") ? new String[] {"predict", "--model", model.toString()}
                        : new String[] {"embed", "--model", model.toString(), "--out", dir.resolve("e").toString()};
                String[] args = new String[head.length + opts.length + 1];
                System.arraycopy(head, 0, args, 0, head.length);
                System.arraycopy(opts, 0, args, head.length, opts.length);
                args[args.length - 1] = wav.toString();
                CorpusCommandsTest.Run r = run(args);
                assertEquals(2, r.exit(), verb + " " + String.join(" ", opts) + ": " + r.err());
                assertTrue(r.err().contains("--window-seconds/--overlap-seconds") && (r.err().contains("window must be")
                        || r.err().contains("overlap must be")), r.err());
                assertFalse(r.err().contains("never-loaded"), "options are checked before the model: " + r.err());
            }
        }
        CorpusCommandsTest.Run batch = run("predict", "--model", model.toString(), "--batch-size", "65", wav.toString());
        assertEquals(2, batch.exit(), batch.err());
        assertTrue(batch.err().contains("batch size must be 1 .. 64, got 65"), batch.err());
        // the embedder's own rule (overlap of at least 4 frames) is an option error too, not a crash
        CorpusCommandsTest.Run tinyOverlap = run("embed", "--model", ConvertEmbedCommandTest.fixture("tiny-large").toString(), "--out",
                dir.resolve("e").toString(), "--overlap-seconds", "0.01", wav.toString());
        assertEquals(2, tinyOverlap.exit(), tinyOverlap.err());
        assertTrue(tinyOverlap.err().contains("--window-seconds/--overlap-seconds")
                && tinyOverlap.err().contains("at least 4 frames"), tinyOverlap.err());
        assertFalse(Files.exists(dir.resolve("e")), "nothing written");
    }

    @Test
    void reportOnAFolderWithoutSystemsIsBadInputAndWritesNothing() throws Exception {
        Path runs = Files.createDirectories(dir.resolve("runs/exp/mtl/trial-1"));
        Files.writeString(runs.resolve("notes.txt"), "no system here");
        Path out = dir.resolve("report");
        CorpusCommandsTest.Run r = run("report", dir.resolve("runs").toString(), "--out", out.toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains(dir.resolve("runs") + ": no system folders found"), r.err());
        assertFalse(Files.exists(out), "nothing written");
    }
}
