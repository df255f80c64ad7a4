package org.ser4j.data.iemocap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ser4j.util.BadInputException;

/**
 * Parses one {@code SessionN/dialog/EmoEvaluation/<dialog>.txt}. Only the consensus summary lines count:
 * {@code [start - end]<TAB>UTT_ID<TAB>code<TAB>[V, A, D]}. The per-annotator lines that follow each summary
 * ({@code C-E1:}, {@code A-E2:}, self-evaluations {@code C-F:}) and the {@code %} header are ignored.
 *
 * <p>The file is decoded as ISO-8859-1: every byte maps to a character, so stray non-UTF-8 bytes in annotator
 * comments cannot make the read fail, and the ASCII fields we use are unaffected.
 */
public final class IemocapLabelFile {
    /** A summary line: the utterance id and its consensus code, lower-cased. */
    public record Entry(String uttId, String code, double startS, double endS) {}

    // Tabs in the release; any whitespace accepted so that re-saved copies still parse.
    private static final Pattern SUMMARY = Pattern.compile(
            "^\\[\\s*([0-9.]+)\\s*-\\s*([0-9.]+)\\s*\\]\\s+(\\S+)\\s+(\\S+)(?:\\s+\\[.*)?\\s*$");

    private IemocapLabelFile() {}

    public static List<Entry> read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new BadInputException("IEMOCAP label file " + file + ": cannot read (" + e.getMessage() + ")", e);
        }
        return parse(text, file.toString());
    }

    public static List<Entry> parse(String text, String name) {
        List<Entry> out = new ArrayList<>();
        String[] lines = text.split("\r?\n|\r");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (!line.startsWith("[")) {
                continue;
            }
            Matcher m = SUMMARY.matcher(line);
            if (!m.matches()) {
                throw new BadInputException("IEMOCAP label file " + name + " line " + (i + 1)
                        + ": expected '[start - end]<TAB>utt_id<TAB>code<TAB>[V, A, D]', got '" + line.strip() + "'");
            }
            out.add(new Entry(m.group(3), m.group(4).toLowerCase(Locale.ROOT), Double.parseDouble(m.group(1)),
                    Double.parseDouble(m.group(2))));
        }
        return out;
    }
}
