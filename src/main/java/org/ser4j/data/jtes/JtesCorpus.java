package org.ser4j.data.jtes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.ser4j.audio.WavReader;
import org.ser4j.data.DomainSet;
import org.ser4j.data.EmotionSet;
import org.ser4j.data.Manifest;
import org.ser4j.data.ManifestRow;
import org.ser4j.util.BadInputException;
import org.ser4j.util.Csv;

/**
 * Builds the JTES manifest. Files are {@code jtes_v1.1/wav/<spk>/<emo>/<spk>_<emo>_NN.wav} with speakers
 * {@code f01..f50}, {@code m01..m50}, emotion folders {@code ang, joy, neu, sad} and NN the sentence number within
 * that emotion's own 50-sentence list. {@code joy} becomes {@code hap}; the other three keep their names.
 *
 * <p><b>Session assumption.</b> JTES has no sessions. Following Lee (2023), "5 sessions of 20 speakers (10 f +
 * 10 m)", and the only public speaker-block split (oohara1202/s3prl {@code emotion_jtes}), session k holds the
 * speakers f and m numbered 10(k−1)+1 .. 10k: session 1 = f01–f10 + m01–m10. The exact lists Lee used are not
 * published. A {@code speaker,session} CSV overrides this assignment; a split file overrides the folds entirely.
 *
 * <p>The root may be the folder that contains {@code jtes_v1.1}, {@code jtes_v1.1} itself, or any folder with a
 * {@code wav/} sub-folder; manifest paths are relative to the root given. An extra column {@code sentence_id}
 * ({@code <emo>_NN}, original emotion code) identifies the text, for text-independent splits.
 */
public final class JtesCorpus {
    public static final String NAME = "jtes";
    public static final String LANGUAGE = "ja";
    public static final String SENTENCE_COLUMN = "sentence_id";
    private static final Pattern SPEAKER = Pattern.compile("([fm])(\\d{2,3})");
    private static final Pattern FILE = Pattern.compile("([fm]\\d{2,3})_([a-z]+)_(\\d+)\\.wav");

    private JtesCorpus() {}

    public static Manifest build(Path root) {
        return build(root, EmotionSet.DEFAULT, DomainSet.DEFAULT, Map.of());
    }

    /** The default session of a speaker id such as {@code f07} or {@code m43}: ceil(number / 10). */
    public static int defaultSession(String speaker) {
        Matcher m = SPEAKER.matcher(speaker);
        if (!m.matches()) {
            throw new BadInputException("JTES speaker '" + speaker + "': expected f or m followed by a number");
        }
        int n = Integer.parseInt(m.group(2));
        if (n < 1) {
            throw new BadInputException("JTES speaker '" + speaker + "': numbers start at 01");
        }
        return (n - 1) / 10 + 1;
    }

    /** Reads a {@code speaker,session} CSV (header required) that overrides the session assumption. */
    public static Map<String, Integer> readSessionMap(Path csv) {
        List<List<String>> t;
        try {
            t = Csv.parse(Files.readString(csv, StandardCharsets.UTF_8), "JTES session map " + csv + ":");
        } catch (IOException e) {
            throw new BadInputException("JTES session map " + csv + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (t.isEmpty() || !t.get(0).equals(List.of("speaker", "session"))) {
            throw new BadInputException("JTES session map " + csv + ": expected the header speaker,session");
        }
        Map<String, Integer> m = new HashMap<>();
        for (int i = 1; i < t.size(); i++) {
            List<String> r = t.get(i);
            try {
                int s = Integer.parseInt(r.get(1).trim());
                if (r.size() != 2 || s < 1) {
                    throw new NumberFormatException();
                }
                m.put(r.get(0).trim(), s);
            } catch (RuntimeException e) {
                throw new BadInputException("JTES session map " + csv + " line " + (i + 1)
                        + ": expected speaker,session with session >= 1, got " + r);
            }
        }
        return m;
    }

    public static Manifest build(Path givenRoot, EmotionSet emotions, DomainSet domains,
                                 Map<String, Integer> sessionOverride) {
        Path root = givenRoot.toAbsolutePath().normalize();
        Path wavDir = findWavDir(root);
        List<ManifestRow> rows = new ArrayList<>();
        for (Path spkDir : list(wavDir)) {
            String spk = spkDir.getFileName().toString();
            if (!Files.isDirectory(spkDir) || spk.startsWith(".")) {
                continue;
            }
            if (!SPEAKER.matcher(spk).matches()) {
                throw new BadInputException("JTES " + spkDir + ": speaker folder should be f01..f50 or m01..m50");
            }
            int session = sessionOverride.isEmpty() ? defaultSession(spk) : sessionFromOverride(spk, sessionOverride);
            String gender = spk.substring(0, 1).toUpperCase(Locale.ROOT);
            for (Path emoDir : list(spkDir)) {
                String emoFolder = emoDir.getFileName().toString();
                if (!Files.isDirectory(emoDir) || emoFolder.startsWith(".")) {
                    continue;
                }
                String emotion = mapEmotion(emoFolder.toLowerCase(Locale.ROOT), emotions);
                if (emotion == null) {
                    continue;
                }
                for (Path wav : list(emoDir)) {
                    String name = wav.getFileName().toString();
                    if (name.startsWith(".") || !name.toLowerCase(Locale.ROOT).endsWith(".wav")) {
                        continue;
                    }
                    Matcher fm = FILE.matcher(name.toLowerCase(Locale.ROOT));
                    if (!fm.matches() || !fm.group(1).equals(spk)
                            || !fm.group(2).equals(emoFolder.toLowerCase(Locale.ROOT))) {
                        throw new BadInputException("JTES " + wav + ": expected the name " + spk + "_"
                                + emoFolder + "_NN.wav");
                    }
                    String id = name.substring(0, name.length() - 4);
                    String sentence = fm.group(2) + "_" + fm.group(3);
                    double duration = WavReader.info(wav).durationSeconds();
                    rows.add(new ManifestRow(id, root.relativize(wav).toString().replace('\\', '/'), NAME, LANGUAGE,
                            spk, gender, domains.domainOf(LANGUAGE, gender), session, emotion, duration,
                            Map.of(SENTENCE_COLUMN, sentence)));
                }
            }
        }
        if (rows.isEmpty()) {
            throw new BadInputException("JTES " + wavDir + ": no WAV files with an emotion in " + emotions);
        }
        return Manifest.of(rows, root);
    }

    private static int sessionFromOverride(String spk, Map<String, Integer> override) {
        Integer s = override.get(spk);
        if (s == null) {
            throw new BadInputException("JTES session map: speaker " + spk + " has no session");
        }
        return s;
    }

    /** joy → hap when the set has hap but no joy; otherwise a code is kept only if the set has it. */
    static String mapEmotion(String folder, EmotionSet emotions) {
        if (emotions.contains(folder)) {
            return folder;
        }
        if (folder.equals("joy") && emotions.contains("hap")) {
            return "hap";
        }
        return null;
    }

    private static Path findWavDir(Path root) {
        for (Path candidate : List.of(root.resolve("jtes_v1.1").resolve("wav"), root.resolve("wav"), root)) {
            if (Files.isDirectory(candidate) && hasSpeakerDirs(candidate)) {
                return candidate;
            }
        }
        throw new BadInputException("JTES root " + root + ": expected jtes_v1.1/wav/<speaker>/<emotion>/*.wav "
                + "(speaker folders f01..m50) under it");
    }

    private static boolean hasSpeakerDirs(Path dir) {
        return list(dir).stream().anyMatch(p -> Files.isDirectory(p)
                && SPEAKER.matcher(p.getFileName().toString()).matches());
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new BadInputException("JTES " + dir + ": cannot list (" + e.getMessage() + ")", e);
        }
    }
}
