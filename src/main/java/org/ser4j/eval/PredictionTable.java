package org.ser4j.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Predicate;

import org.ser4j.util.AtomicFiles;
import org.ser4j.util.BadInputException;
import org.ser4j.util.Csv;

/**
 * A system's {@code predictions.csv} (docs/contracts.md §4), also the format of a fold's {@code predictions.csv} and
 * {@code evals/step-<N>.csv}: {@code utt_id,corpus,language,fold,split,step,emotion} followed by one
 * {@code logit_<label>} column per class in label order. The label order is read from the header, so a corpus with
 * another label set works unchanged. The trainer writes float32 logits with six decimals ({@link #header},
 * {@link #line}, {@link #concatenate}); {@link #write} writes double logits that re-read exactly.
 */
public final class PredictionTable {
    public static final List<String> FIXED_COLUMNS = List.of("utt_id", "corpus", "language", "fold", "split", "step",
            "emotion");
    public static final String LOGIT_PREFIX = "logit_";

    private final List<String> labels;
    private final List<PredictionRow> rows;

    public PredictionTable(List<String> labels, List<PredictionRow> rows) {
        if (labels.size() < 2) {
            throw new IllegalArgumentException("a prediction table needs at least two labels, got " + labels);
        }
        if (new HashSet<>(labels).size() != labels.size()) {
            throw new IllegalArgumentException("duplicate labels " + labels);
        }
        this.labels = List.copyOf(labels);
        for (PredictionRow r : rows) {
            if (r.logits().length != labels.size()) {
                throw new IllegalArgumentException("utterance " + r.uttId() + " has " + r.logits().length
                        + " logits, expected " + labels.size());
            }
            if (!labels.contains(r.emotion())) {
                throw new IllegalArgumentException("utterance " + r.uttId() + ": emotion '" + r.emotion()
                        + "' is not one of " + labels);
            }
        }
        this.rows = List.copyOf(rows);
    }

    public List<String> labels() {
        return labels;
    }

    public List<PredictionRow> rows() {
        return rows;
    }

    public int size() {
        return rows.size();
    }

    public int labelIndex(String emotion) {
        int i = labels.indexOf(emotion);
        if (i < 0) {
            throw new IllegalArgumentException("emotion '" + emotion + "' is not one of " + labels);
        }
        return i;
    }

    public PredictionTable filter(Predicate<PredictionRow> keep) {
        return new PredictionTable(labels, rows.stream().filter(keep).toList());
    }

    /** Rows of one split ({@code test}, {@code dev} or {@code train}). */
    public PredictionTable split(String split) {
        return filter(r -> r.split().equals(split));
    }

    public PredictionTable column(TestColumn column) {
        return filter(r -> r.column().equals(column));
    }

    public SortedSet<TestColumn> columns() {
        SortedSet<TestColumn> s = new TreeSet<>();
        rows.forEach(r -> s.add(r.column()));
        return s;
    }

    public SortedSet<Integer> folds() {
        SortedSet<Integer> s = new TreeSet<>();
        rows.forEach(r -> s.add(r.fold()));
        return s;
    }

    /** The predicted class of each row: the argmax of the quantised logits, lowest index on ties. */
    public int[] predictions() {
        int c = labels.size();
        long[] q = new long[c];
        int[] out = new int[rows.size()];
        for (int i = 0; i < out.length; i++) {
            PredictionRow r = rows.get(i);
            for (int j = 0; j < c; j++) {
                q[j] = Quantised.of(r.logit(j));
            }
            out[i] = Quantised.argmax(q, 0, c);
        }
        return out;
    }

    public int[] truths() {
        int[] out = new int[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = labelIndex(rows.get(i).emotion());
        }
        return out;
    }

    public ConfusionMatrix confusion() {
        return ConfusionMatrix.of(labels, truths(), predictions());
    }

    public static PredictionTable read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read predictions (" + e.getMessage() + ")", e);
        }
        List<List<String>> lines;
        try {
            lines = Csv.parse(text);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty()) {
            throw new BadInputException(file + ": empty file, expected the header " + String.join(",", FIXED_COLUMNS)
                    + ",logit_<label>...");
        }
        List<String> header = lines.get(0);
        int f = FIXED_COLUMNS.size();
        if (header.size() < f + 2 || !header.subList(0, f).equals(FIXED_COLUMNS)) {
            throw new BadInputException(file + ": header must start with " + String.join(",", FIXED_COLUMNS)
                    + " and have at least two logit_<label> columns, got " + String.join(",", header));
        }
        List<String> labels = new ArrayList<>();
        for (String h : header.subList(f, header.size())) {
            if (!h.startsWith(LOGIT_PREFIX) || h.length() == LOGIT_PREFIX.length()) {
                throw new BadInputException(file + ": column '" + h + "' after 'emotion' must be logit_<label>");
            }
            labels.add(h.substring(LOGIT_PREFIX.length()));
        }
        List<PredictionRow> rows = new ArrayList<>(lines.size() - 1);
        Set<String> seen = new HashSet<>();
        for (int li = 1; li < lines.size(); li++) {
            List<String> l = lines.get(li);
            String where = file + " line " + (li + 1);
            if (l.size() != header.size()) {
                throw new BadInputException(where + ": expected " + header.size() + " fields, got " + l.size());
            }
            String split = l.get(4);
            if (!split.equals("train") && !split.equals("dev") && !split.equals("test")) {
                throw new BadInputException(where + ": split must be train|dev|test, got '" + split + "'");
            }
            if (!labels.contains(l.get(6))) {
                throw new BadInputException(where + ": emotion '" + l.get(6) + "' is not one of " + labels);
            }
            // A dev utterance can serve several folds (each fold holds out speakers of its own training sessions).
            if (!seen.add(split + "\u0000" + l.get(3) + "\u0000" + l.get(0))) {
                throw new BadInputException(where + ": utt_id '" + l.get(0) + "' appears twice in split " + split
                        + " of fold " + l.get(3));
            }
            double[] logits = new double[labels.size()];
            for (int j = 0; j < logits.length; j++) {
                logits[j] = parseDouble(l.get(f + j), where, header.get(f + j));
            }
            rows.add(new PredictionRow(l.get(0), l.get(1), l.get(2), parseInt(l.get(3), where, "fold"), split,
                    parseLong(l.get(5), where, "step"), l.get(6), logits));
        }
        return new PredictionTable(labels, rows);
    }

    /** The header line for these labels, with its line end. */
    public static String header(List<String> labels) {
        List<String> header = new ArrayList<>(FIXED_COLUMNS);
        labels.forEach(l -> header.add(LOGIT_PREFIX + l));
        return Csv.line(header) + '\n';
    }

    /** One row as the trainer writes it, with its line end: the float32 logits with six decimals. */
    public static String line(String uttId, String corpus, String language, int fold, String split, long step,
                              String emotion, float[] logits) {
        StringBuilder sb = new StringBuilder(Csv.line(List.of(uttId, corpus, language, Integer.toString(fold), split,
                Long.toString(step), emotion)));
        for (float v : logits) {
            sb.append(',').append(String.format(Locale.ROOT, "%.6f", v));
        }
        return sb.append('\n').toString();
    }

    /**
     * Writes {@code out} as the rows of {@code parts} (files of this format with the same labels) in order, under
     * one header; the rows are copied as they are, so the logits keep their text.
     */
    public static void concatenate(List<Path> parts, List<String> labels, Path out) throws IOException {
        StringBuilder sb = new StringBuilder(header(labels));
        for (Path part : parts) {
            List<String> lines = Files.readAllLines(part);
            for (String l : lines.subList(1, lines.size())) {
                sb.append(l).append('\n');
            }
        }
        AtomicFiles.writeString(out, sb.toString());
    }

    public void write(Path file) throws IOException {
        StringBuilder sb = new StringBuilder(header(labels));
        for (PredictionRow r : rows) {
            List<String> f = new ArrayList<>(List.of(r.uttId(), r.corpus(), r.language(), Integer.toString(r.fold()),
                    r.split(), Long.toString(r.step()), r.emotion()));
            for (double v : r.logits()) {
                // Double.toString round-trips exactly, so re-reading gives the same quantised logits.
                f.add(Double.toString(v));
            }
            sb.append(Csv.line(f)).append('\n');
        }
        AtomicFiles.writeString(file, sb.toString());
    }

    private static double parseDouble(String s, String where, String field) {
        try {
            double v = Double.parseDouble(s);
            if (!Double.isFinite(v)) {
                throw new NumberFormatException("not finite");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new BadInputException(where + ": " + field + " must be a finite number, got '" + s + "'");
        }
    }

    private static int parseInt(String s, String where, String field) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new BadInputException(where + ": " + field + " must be an integer, got '" + s + "'");
        }
    }

    private static long parseLong(String s, String where, String field) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new BadInputException(where + ": " + field + " must be an integer, got '" + s + "'");
        }
    }
}
