package org.ser4j.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.ser4j.audio.WavWriter;

/**
 * Small corpus trees in the exact release layouts, generated inside tests (no corpus is ever read from disk outside
 * the test's temporary folder).
 */
public final class FakeCorpora {
    private FakeCorpora() {}

    /** A WAV of {@code n} samples at {@code rate}: a quiet ramp, so files differ and are not silent. */
    public static void wav(Path file, int n, int rate) throws IOException {
        Files.createDirectories(file.getParent());
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (0.1 * Math.sin(i * 0.05) + 0.01 * (i % 7));
        }
        WavWriter.writePcm16(file, x, rate);
    }

    private static String block(String start, String end, String id, String code) {
        // One summary line then annotator lines, exactly as in the release: TAB separated, blank line after.
        return "[" + start + " - " + end + "]\t" + id + "\t" + code + "\t[2.5000, 3.0000, 2.5000]\n"
                + "C-E2:\tNeutral;\t()\n"
                + "C-E3:\tFrustration; Anger;\t(irritated)\n"
                + "C-E1:\tNeutral;\t()\n"
                + "C-F:\tNeutral;\t()\n"
                + "C-M:\tOther;\t(bored)\n"
                + "A-E3:\tval 3; act 2; dom  2;\t()\n"
                + "A-E1:\tval 2; act 3; dom  3;\t()\n"
                + "A-F:\tval 3; act 2; dom  3;\t()\n\n";
    }

    /**
     * IEMOCAP_full_release with two sessions. Kept (default 4 classes): Ses01F_impro01_F000 neu, Ses01F_impro01_M000
     * EXC→hap (a man in an F dialog), Ses01F_script01_2_F002 Ang (mixed case), Ses02M_impro05a_M012 sad (8 kHz),
     * Ses02M_impro05a_F003 hap. Dropped: xxx, fru, sur.
     * Returns the release root.
     */
    public static Path iemocap(Path dir) throws IOException {
        Path root = dir.resolve("IEMOCAP_full_release");
        Path s1 = root.resolve("Session1");
        Path eval1 = s1.resolve("dialog/EmoEvaluation");
        Files.createDirectories(eval1.resolve("Categorical"));
        String header = "% [START_TIME - END_TIME] TURN_NAME EMOTION [V, A, D]\n\n";
        byte[] impro = (header
                + block("6.2901", "8.2357", "Ses01F_impro01_F000", "neu")
                + block("10.0100", "11.3925", "Ses01F_impro01_M000", "EXC")
                + block("14.8872", "18.0175", "Ses01F_impro01_F001", "xxx")
                + block("19.2900", "20.7875", "Ses01F_impro01_M001", "fru")
                + "[21.3000 - 23.1000]\tSes01F_impro01_F002\tsur\t[2.0000, 4.0000, 3.0000]\n"
                + "C-E1:\tSurprise;\t(caf\u00e9 \u00e0 la cr\u00e8me)\n\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        Files.write(eval1.resolve("Ses01F_impro01.txt"), impro);
        Files.writeString(eval1.resolve("Ses01F_script01_2.txt"), header
                + block("1.0000", "2.5000", "Ses01F_script01_2_F002", "Ang"));
        // AppleDouble resource fork: binary, with a line that would not parse as a summary line.
        Files.write(eval1.resolve("._Ses01F_impro01.txt"),
                new byte[] {0, 5, 22, 7, 0, 2, 0, 0, '\n', '[', 'j', 'u', 'n', 'k', '\n', (byte) 0xFF, (byte) 0xFE});
        Files.writeString(eval1.resolve("Categorical/Ses01F_impro01_e2_cat.txt"),
                "Ses01F_impro01_F000 :Neutral state; ()\n");
        Path wav1 = s1.resolve("sentences/wav");
        wav(wav1.resolve("Ses01F_impro01/Ses01F_impro01_F000.wav"), 16000, 16000);
        wav(wav1.resolve("Ses01F_impro01/Ses01F_impro01_M000.wav"), 24000, 16000);
        wav(wav1.resolve("Ses01F_impro01/Ses01F_impro01_F001.wav"), 8000, 16000);
        wav(wav1.resolve("Ses01F_impro01/Ses01F_impro01_M001.wav"), 8000, 16000);
        wav(wav1.resolve("Ses01F_impro01/Ses01F_impro01_F002.wav"), 8000, 16000);
        Files.write(wav1.resolve("Ses01F_impro01/._Ses01F_impro01_F000.wav"), new byte[] {0, 5, 22, 7});
        wav(wav1.resolve("Ses01F_script01_2/Ses01F_script01_2_F002.wav"), 4000, 16000);

        Path s2 = root.resolve("Session2");
        Path eval2 = s2.resolve("dialog/EmoEvaluation");
        Files.createDirectories(eval2);
        Files.writeString(eval2.resolve("Ses02M_impro05a.txt"), header
                + block("0.5000", "3.0000", "Ses02M_impro05a_M012", "sad")
                + block("3.5000", "5.0000", "Ses02M_impro05a_F003", "hap"));
        Path wav2 = s2.resolve("sentences/wav/Ses02M_impro05a");
        wav(wav2.resolve("Ses02M_impro05a_M012.wav"), 20000, 8000);
        wav(wav2.resolve("Ses02M_impro05a_F003.wav"), 12000, 16000);
        // The whole-dialog WAV that SER does not use.
        wav(s2.resolve("dialog/wav/Ses02M_impro05a.wav"), 1000, 16000);
        Files.createDirectories(root.resolve("Documentation"));
        return root;
    }

    /**
     * A JTES tree (returns the folder that contains jtes_v1.1): f01 with all four emotions, m11 joy, f21 sad, m50 neu,
     * plus a dot-file. Durations are distinct per file.
     */
    public static Path jtes(Path dir) throws IOException {
        Path top = dir.resolve("JTES");
        Path wav = top.resolve("jtes_v1.1/wav");
        int n = 4000;
        for (String emo : new String[] {"ang", "joy", "neu", "sad"}) {
            wav(wav.resolve("f01/" + emo + "/f01_" + emo + "_01.wav"), n, 16000);
            n += 800;
        }
        wav(wav.resolve("f01/ang/f01_ang_02.wav"), 8000, 16000);
        wav(wav.resolve("m11/joy/m11_joy_02.wav"), 9600, 48000);
        wav(wav.resolve("f21/sad/f21_sad_50.wav"), 3200, 16000);
        wav(wav.resolve("m50/neu/m50_neu_49.wav"), 4800, 16000);
        Files.write(wav.resolve("f01/ang/._f01_ang_01.wav"), new byte[] {0, 5, 22, 7});
        return top;
    }
}
