package org.ser4j.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A report table: named columns and labelled rows of cells. A cell is a number (a percentage, rendered with two
 * decimals), a text, or missing. Missing cells render as {@value #MISSING_MD} in Markdown and {@value #MISSING_CSV}
 * in CSV, never as 0.
 */
public record ResultTable(String id, String title, String note, List<String> columns, List<Row> rows) {
    public static final String MISSING_MD = "—";
    public static final String MISSING_CSV = "NA";

    /** One cell: a value, a text, or neither (missing). */
    public record Cell(Double value, String text) {
        public static final Cell MISSING = new Cell(null, null);

        public static Cell of(double v) {
            return Double.isNaN(v) ? MISSING : new Cell(v, null);
        }

        public static Cell text(String t) {
            return new Cell(null, t);
        }

        public boolean missing() {
            return value == null && text == null;
        }

        String render(String missing) {
            if (value != null) {
                return String.format(Locale.ROOT, "%.2f", value);
            }
            return text != null ? text : missing;
        }
    }

    public record Row(String label, List<Cell> cells) {}

    public ResultTable {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        for (Row r : rows) {
            if (r.cells().size() != columns.size()) {
                throw new IllegalArgumentException(id + ": row '" + r.label() + "' has " + r.cells().size()
                        + " cells for " + columns.size() + " columns");
            }
        }
    }

    public Cell cell(String rowLabel, String column) {
        int c = columns.indexOf(column);
        for (Row r : rows) {
            if (r.label().equals(rowLabel) && c >= 0) {
                return r.cells().get(c);
            }
        }
        throw new IllegalArgumentException(id + ": no cell (" + rowLabel + ", " + column + ")");
    }

    public String markdown() {
        StringBuilder sb = new StringBuilder("## ").append(title).append("\n\n");
        if (note != null && !note.isEmpty()) {
            sb.append(note).append("\n\n");
        }
        sb.append("| |");
        columns.forEach(c -> sb.append(' ').append(c.replace("|", "\\|")).append(" |"));
        sb.append("\n|---|");
        columns.forEach(c -> sb.append("---|"));
        sb.append('\n');
        for (Row r : rows) {
            sb.append("| ").append(r.label()).append(" |");
            r.cells().forEach(c -> sb.append(' ').append(c.render(MISSING_MD)).append(" |"));
            sb.append('\n');
        }
        return sb.toString();
    }

    public String csv() {
        StringBuilder sb = new StringBuilder();
        List<String> header = new ArrayList<>();
        header.add("row");
        header.addAll(columns);
        sb.append(org.ser4j.util.Csv.line(header)).append('\n');
        for (Row r : rows) {
            List<String> f = new ArrayList<>();
            f.add(r.label());
            r.cells().forEach(c -> f.add(c.render(MISSING_CSV)));
            sb.append(org.ser4j.util.Csv.line(f)).append('\n');
        }
        return sb.toString();
    }
}
