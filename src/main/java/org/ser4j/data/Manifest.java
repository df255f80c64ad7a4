package org.ser4j.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.ser4j.util.AtomicFiles;
import org.ser4j.util.BadInputException;
import org.ser4j.util.Csv;
import org.ser4j.util.Sha256;

/**
 * The canonical manifest (docs/contracts.md §2): ten fixed columns, optional extra columns, paths relative to a root.
 * The root is not part of the content and not part of the fingerprint.
 */
public final class Manifest {
    public static final List<String> COLUMNS = List.of("utt_id", "path", "corpus", "language", "speaker", "gender",
            "domain", "session", "emotion", "duration_s");

    private final List<ManifestRow> rows;
    private final List<String> extraColumns;
    private final Path root;

    public Manifest(List<ManifestRow> rows, List<String> extraColumns, Path root) {
        this.rows = List.copyOf(rows);
        this.extraColumns = List.copyOf(extraColumns);
        this.root = root;
        Set<String> seen = new HashSet<>();
        for (ManifestRow r : rows) {
            if (!seen.add(r.uttId())) {
                throw new BadInputException("manifest: utt_id '" + r.uttId() + "' occurs more than once");
            }
        }
    }

    /** A manifest whose extra columns are the union of the rows' extras, in first-seen order. */
    public static Manifest of(List<ManifestRow> rows, Path root) {
        Set<String> extras = new LinkedHashSet<>();
        for (ManifestRow r : rows) {
            extras.addAll(r.extras().keySet());
        }
        return new Manifest(rows, new ArrayList<>(extras), root);
    }

    public List<ManifestRow> rows() {
        return rows;
    }

    public List<String> extraColumns() {
        return extraColumns;
    }

    /** The folder that {@code path} values are relative to. */
    public Path root() {
        return root;
    }

    public Manifest withRoot(Path newRoot) {
        return new Manifest(rows, extraColumns, newRoot);
    }

    public Path audioPath(ManifestRow row) {
        return root.resolve(row.path());
    }

    public int size() {
        return rows.size();
    }

    /** The manifest as CSV text with {@code \n} line endings, rows in the given order. */
    public String toCsv(List<ManifestRow> ordered) {
        List<String> header = new ArrayList<>(COLUMNS);
        header.addAll(extraColumns);
        StringBuilder sb = new StringBuilder(Csv.line(header)).append('\n');
        for (ManifestRow r : ordered) {
            sb.append(Csv.line(r.fields(extraColumns))).append('\n');
        }
        return sb.toString();
    }

    /** Rows sorted by utt_id, as the canonical form for fingerprinting and committed files. */
    public List<ManifestRow> sortedRows() {
        List<ManifestRow> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing(ManifestRow::uttId));
        return sorted;
    }

    /** SHA-256 over the canonical CSV (rows sorted by utt_id, header included, root excluded). */
    public String fingerprint() {
        return Sha256.hex(toCsv(sortedRows()));
    }

    public void write(Path file) throws IOException {
        AtomicFiles.writeString(file, toCsv(sortedRows()));
    }

    /** Reads a manifest whose root is its own folder. */
    public static Manifest read(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return read(file, parent);
    }

    public static Manifest read(Path file, Path root) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BadInputException("manifest " + file + ": file not found");
        } catch (IOException e) {
            throw new BadInputException("manifest " + file + ": cannot read (" + e.getMessage() + ")", e);
        }
        List<List<String>> table = Csv.parse(text, "manifest " + file + ":");
        if (table.isEmpty()) {
            throw new BadInputException("manifest " + file + ": empty, expected a header " + String.join(",", COLUMNS));
        }
        List<String> header = table.get(0);
        if (header.size() < COLUMNS.size() || !header.subList(0, COLUMNS.size()).equals(COLUMNS)) {
            throw new BadInputException("manifest " + file + ": the first ten columns must be exactly "
                    + String.join(",", COLUMNS) + ", got " + String.join(",", header));
        }
        List<String> extras = header.subList(COLUMNS.size(), header.size());
        List<ManifestRow> rows = new ArrayList<>();
        for (int i = 1; i < table.size(); i++) {
            List<String> f = table.get(i);
            int line = i + 1;
            if (f.size() != header.size()) {
                throw new BadInputException("manifest " + file + " line " + line + ": " + f.size()
                        + " fields, expected " + header.size());
            }
            Map<String, String> extraValues = new LinkedHashMap<>();
            for (int c = 0; c < extras.size(); c++) {
                extraValues.put(extras.get(c), f.get(COLUMNS.size() + c));
            }
            try {
                rows.add(new ManifestRow(f.get(0), f.get(1), f.get(2), f.get(3), f.get(4), f.get(5), f.get(6),
                        Integer.parseInt(f.get(7).trim()), f.get(8), Double.parseDouble(f.get(9).trim()), extraValues));
            } catch (NumberFormatException e) {
                throw new BadInputException("manifest " + file + " line " + line
                        + ": session must be an integer and duration_s a number (" + e.getMessage() + ")");
            } catch (IllegalArgumentException e) {
                throw new BadInputException("manifest " + file + " line " + line + ": " + e.getMessage());
            }
        }
        try {
            return new Manifest(rows, extras, root);
        } catch (BadInputException e) {
            throw new BadInputException(file + ": " + e.getMessage());
        }
    }
}
