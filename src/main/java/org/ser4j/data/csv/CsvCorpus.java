package org.ser4j.data.csv;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.ser4j.audio.WavReader;
import org.ser4j.data.DomainSet;
import org.ser4j.data.EmotionSet;
import org.ser4j.data.Manifest;
import org.ser4j.data.ManifestRow;
import org.ser4j.util.BadInputException;
import org.ser4j.util.Csv;

/**
 * Turns a user's CSV into a canonical manifest. Required columns (any order): {@code path, emotion, speaker,
 * gender, language, session}. Optional: {@code utt_id} (default: the file name without extension), {@code corpus}
 * (default: the name given), {@code domain} (default: the domain mapping), {@code duration_s} (default: read from the
 * WAV header; when given, a finite number of seconds &gt; 0). Every other column is kept as an extra label column.
 * {@code path} is relative to the CSV's folder, which becomes the manifest root. Every error names the file and the
 * line (the line a row starts on, also after blank lines or quoted line breaks).
 *
 * <p>Gender accepts M/F/male/female in any case; emotions are lower-cased and rows whose emotion is not in the label
 * set are left out (as the corpus loaders do with e.g. IEMOCAP's fru).
 */
public final class CsvCorpus {
    public static final List<String> REQUIRED = List.of("path", "emotion", "speaker", "gender", "language", "session");
    private static final Set<String> KNOWN = Set.of("utt_id", "path", "corpus", "language", "speaker", "gender",
            "domain", "session", "emotion", "duration_s");

    /** The manifest and how many rows were left out because their emotion is not in the label set. */
    public record Result(Manifest manifest, int droppedRows) {}

    private CsvCorpus() {}

    public static Manifest build(Path csv, String corpusName) {
        return load(csv, corpusName, EmotionSet.DEFAULT, DomainSet.DEFAULT).manifest();
    }

    public static Result load(Path csvFile, String corpusName, EmotionSet emotions, DomainSet domains) {
        Path csv = csvFile.toAbsolutePath().normalize();
        Path root = csv.getParent();
        String text;
        try {
            text = Files.readString(csv, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BadInputException("corpus CSV " + csv + ": file not found");
        } catch (IOException e) {
            throw new BadInputException("corpus CSV " + csv + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        List<Csv.Row> table = Csv.parseRows(text, "corpus CSV " + csv);
        if (table.isEmpty()) {
            throw new BadInputException("corpus CSV " + csv + ": empty; expected a header with " + REQUIRED);
        }
        List<String> header = table.get(0).fields().stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
        Map<String, Integer> col = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            if (col.put(header.get(i), i) != null) {
                throw new BadInputException("corpus CSV " + csv + ": column '" + header.get(i) + "' appears twice");
            }
        }
        for (String r : REQUIRED) {
            if (!col.containsKey(r)) {
                throw new BadInputException("corpus CSV " + csv + ": missing column '" + r + "'; required are "
                        + String.join(",", REQUIRED));
            }
        }
        List<String> extraCols = header.stream().filter(h -> !KNOWN.contains(h)).toList();
        List<ManifestRow> rows = new ArrayList<>();
        int dropped = 0;
        for (int i = 1; i < table.size(); i++) {
            List<String> f = table.get(i).fields();
            int line = table.get(i).line(); // blank lines and quoted line breaks make it differ from i + 1
            String where = "corpus CSV " + csv + " line " + line;
            if (f.size() != header.size()) {
                throw new BadInputException(where + ": " + f.size() + " fields, expected " + header.size());
            }
            String emotion = get(f, col, "emotion").toLowerCase(Locale.ROOT);
            if (!emotions.contains(emotion)) {
                dropped++;
                continue;
            }
            String path = get(f, col, "path").replace('\\', '/');
            if (path.isEmpty()) {
                throw new BadInputException(where + ": empty path");
            }
            String uttId = col.containsKey("utt_id") ? get(f, col, "utt_id") : stem(path);
            String gender = gender(get(f, col, "gender"), where);
            String language = get(f, col, "language").toLowerCase(Locale.ROOT);
            if (language.isEmpty()) {
                throw new BadInputException(where + ": empty language");
            }
            String speaker = get(f, col, "speaker");
            if (speaker.isEmpty()) {
                throw new BadInputException(where + ": empty speaker");
            }
            int session;
            try {
                session = Integer.parseInt(get(f, col, "session"));
            } catch (NumberFormatException e) {
                throw new BadInputException(where + ": session must be an integer >= 1, got '"
                        + get(f, col, "session") + "'");
            }
            String corpus = col.containsKey("corpus") && !get(f, col, "corpus").isEmpty() ? get(f, col, "corpus")
                    : corpusName;
            String domain = col.containsKey("domain") && !get(f, col, "domain").isEmpty() ? get(f, col, "domain")
                    : domains.domainOf(language, gender);
            double duration;
            if (col.containsKey("duration_s") && !get(f, col, "duration_s").isEmpty()) {
                duration = duration(get(f, col, "duration_s"), where);
            } else {
                duration = WavReader.info(root.resolve(path)).durationSeconds();
            }
            Map<String, String> extras = new LinkedHashMap<>();
            for (String c : extraCols) {
                extras.put(c, get(f, col, c));
            }
            try {
                rows.add(new ManifestRow(uttId, path, corpus, language, speaker, gender, domain, session, emotion,
                        duration, extras));
            } catch (IllegalArgumentException e) {
                throw new BadInputException(where + ": " + e.getMessage());
            }
        }
        if (rows.isEmpty()) {
            throw new BadInputException("corpus CSV " + csv + ": no row has an emotion in " + emotions);
        }
        try {
            return new Result(new Manifest(rows, extraCols, root), dropped);
        } catch (BadInputException e) {
            throw new BadInputException("corpus CSV " + csv + ": " + e.getMessage());
        }
    }

    /** A stated duration must be a finite, positive number of seconds: NaN or 0 s would corrupt crops and stats. */
    private static double duration(String value, String where) {
        double d;
        try {
            d = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new BadInputException(where + ": duration_s must be a number of seconds, got '" + value + "'");
        }
        if (!Double.isFinite(d) || d <= 0) {
            throw new BadInputException(where + ": duration_s must be a finite number of seconds > 0, got '" + value
                    + "'");
        }
        return d;
    }

    private static String get(List<String> f, Map<String, Integer> col, String name) {
        return f.get(col.get(name)).trim();
    }

    private static String stem(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static String gender(String g, String where) {
        return switch (g.toLowerCase(Locale.ROOT)) {
            case "m", "male" -> "M";
            case "f", "female" -> "F";
            default -> throw new BadInputException(where + ": gender must be M or F (or male/female), got '" + g + "'");
        };
    }
}
