package org.ser4j.data.iemocap;

import java.io.IOException;
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

/**
 * Builds the IEMOCAP manifest from the release root (the folder holding {@code Session1..Session5}).
 *
 * <p>Rules (datasets/iemocap/README.md): audio is {@code SessionN/sentences/wav/<dialog>/<utt>.wav}, with the dialog being
 * the utterance id without its last {@code _XNNN} part; labels are the summary lines of
 * {@code SessionN/dialog/EmoEvaluation/*.txt}, codes read case-insensitively; {@code exc} is merged into
 * {@code hap} (unless the label set has its own {@code exc}); codes outside the label set ({@code fru}, {@code xxx},
 * ...) are dropped. On the full release the default set gives 5,531 utterances.
 *
 * <p>The speaker is the session plus the letter after the <em>last</em> underscore ({@code Ses01F_impro01_M000} is
 * spoken by {@code Ses01_M}, a man, although the dialog prefix says F): the letter after the session number only says
 * which actor wore the motion-capture markers. Dot-files (AppleDouble {@code ._*}) are skipped everywhere.
 */
public final class IemocapCorpus {
    public static final String NAME = "iemocap";
    public static final String LANGUAGE = "en";
    private static final Pattern SESSION_DIR = Pattern.compile("Session(\\d+)");
    private static final Pattern UTT_ID = Pattern.compile("Ses(\\d\\d)[FM]_.+_([FM])[X\\d]{3}");

    private IemocapCorpus() {}

    public static Manifest build(Path root) {
        return build(root, EmotionSet.DEFAULT, DomainSet.DEFAULT);
    }

    public static Manifest build(Path releaseRoot, EmotionSet emotions, DomainSet domains) {
        Path root = releaseRoot.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new BadInputException("IEMOCAP root " + root + ": not a directory");
        }
        List<Path> sessionDirs = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            s.filter(p -> Files.isDirectory(p) && SESSION_DIR.matcher(p.getFileName().toString()).matches())
                    .sorted().forEach(sessionDirs::add);
        } catch (IOException e) {
            throw new BadInputException("IEMOCAP root " + root + ": cannot list (" + e.getMessage() + ")", e);
        }
        if (sessionDirs.isEmpty()) {
            throw new BadInputException("IEMOCAP root " + root + ": no Session1..Session5 folders; give the release "
                    + "root (IEMOCAP_full_release)");
        }
        List<ManifestRow> rows = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (Path sessionDir : sessionDirs) {
            Matcher sm = SESSION_DIR.matcher(sessionDir.getFileName().toString());
            sm.matches();
            int session = Integer.parseInt(sm.group(1));
            Path labelDir = sessionDir.resolve("dialog").resolve("EmoEvaluation");
            if (!Files.isDirectory(labelDir)) {
                throw new BadInputException("IEMOCAP " + sessionDir + ": no dialog/EmoEvaluation folder");
            }
            checkEveryDialogHasLabels(sessionDir, labelDir);
            for (Path labelFile : labelFiles(labelDir)) {
                for (IemocapLabelFile.Entry e : IemocapLabelFile.read(labelFile)) {
                    String emotion = mapCode(e.code(), emotions);
                    if (emotion == null) {
                        continue;
                    }
                    String id = e.uttId();
                    Matcher um = UTT_ID.matcher(id);
                    if (!um.matches()) {
                        throw new BadInputException("IEMOCAP label file " + labelFile + ": utterance id '" + id
                                + "' does not look like SesNN[FM]_<dialog>_[FM]NNN");
                    }
                    if (Integer.parseInt(um.group(1)) != session) {
                        throw new BadInputException("IEMOCAP label file " + labelFile + ": utterance " + id
                                + " is filed under Session" + session);
                    }
                    String previous = seen.put(id, labelFile.toString());
                    if (previous != null) {
                        throw new BadInputException("IEMOCAP: utterance " + id + " is labelled in both " + previous
                                + " and " + labelFile);
                    }
                    String gender = um.group(2);
                    String dialog = id.substring(0, id.lastIndexOf('_'));
                    Path wav = sessionDir.resolve("sentences").resolve("wav").resolve(dialog).resolve(id + ".wav");
                    if (!Files.isRegularFile(wav)) {
                        missing.add(root.relativize(wav).toString());
                        continue;
                    }
                    String rel = root.relativize(wav).toString().replace('\\', '/');
                    double duration = WavReader.info(wav).durationSeconds();
                    String speaker = id.substring(0, 5) + "_" + gender;
                    rows.add(new ManifestRow(id, rel, NAME, LANGUAGE, speaker, gender,
                            domains.domainOf(LANGUAGE, gender), session, emotion, duration, Map.of()));
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new BadInputException("IEMOCAP root " + root + ": " + missing.size() + " labelled utterances have no "
                    + "WAV file, e.g. " + String.join(", ", missing.subList(0, Math.min(5, missing.size()))));
        }
        if (rows.isEmpty()) {
            throw new BadInputException("IEMOCAP root " + root + ": no utterance with a label in " + emotions);
        }
        return Manifest.of(rows, root);
    }

    /** The consensus code mapped into the label set, or null when the utterance is not used. */
    static String mapCode(String code, EmotionSet emotions) {
        String c = code.toLowerCase(Locale.ROOT);
        if (emotions.contains(c)) {
            return c;
        }
        if (c.equals("exc") && emotions.contains("hap")) {
            return "hap";
        }
        return null;
    }

    /**
     * Each utterance folder {@code sentences/wav/<dialog>} has its label file {@code EmoEvaluation/<dialog>.txt} in
     * the release; a missing one would silently drop the whole dialog, so it is an error naming the expected file.
     */
    private static void checkEveryDialogHasLabels(Path sessionDir, Path labelDir) {
        Path wavDir = sessionDir.resolve("sentences").resolve("wav");
        if (!Files.isDirectory(wavDir)) {
            return; // a release without sentence WAVs fails below with the missing WAV files named
        }
        try (Stream<Path> s = Files.list(wavDir)) {
            for (Path dialog : s.filter(Files::isDirectory).sorted().toList()) {
                String name = dialog.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                if (!Files.isRegularFile(labelDir.resolve(name + ".txt"))) {
                    throw new BadInputException("IEMOCAP label file " + labelDir.resolve(name + ".txt")
                            + " is missing: the utterances of " + dialog + " have no labels");
                }
            }
        } catch (IOException e) {
            throw new BadInputException("IEMOCAP " + wavDir + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    private static List<Path> labelFiles(Path labelDir) {
        try (Stream<Path> s = Files.list(labelDir)) {
            return s.filter(p -> Files.isRegularFile(p) && !p.getFileName().toString().startsWith(".")
                    && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".txt")).sorted().toList();
        } catch (IOException e) {
            throw new BadInputException("IEMOCAP " + labelDir + ": cannot list (" + e.getMessage() + ")", e);
        }
    }
}
