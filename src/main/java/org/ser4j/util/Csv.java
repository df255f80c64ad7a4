package org.ser4j.util;

import java.util.ArrayList;
import java.util.List;

/**
 * Minimal RFC 4180 CSV: fields with commas, quotes or newlines are quoted; quotes are doubled. Parsing is strict, so
 * that a malformed row is named instead of silently merged with or split from its neighbours.
 */
public final class Csv {
    private Csv() {}

    public static String escape(String field) {
        if (field == null) {
            return "";
        }
        boolean quote = field.indexOf(',') >= 0 || field.indexOf('"') >= 0 || field.indexOf('\n') >= 0
                || field.indexOf('\r') >= 0;
        return quote ? '"' + field.replace("\"", "\"\"") + '"' : field;
    }

    public static String line(List<String> fields) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(escape(fields.get(i)));
        }
        return sb.toString();
    }

    /** One parsed row and the 1-based line of the text it starts on, for error messages. */
    public record Row(int line, List<String> fields) {}

    /**
     * Splits a whole CSV text into rows of fields. Blank lines are skipped. A malformed text (unterminated quote,
     * a quote inside an unquoted field, text after a closing quote) throws {@link IllegalArgumentException} naming
     * the line; prefer {@link #parse(String, Object)}, which also names the source.
     */
    public static List<List<String>> parse(String text) {
        return fieldsOf(rows(text));
    }

    /** As {@link #parse(String)}, but a malformed text is bad input naming {@code source} and the line. */
    public static List<List<String>> parse(String text, Object source) {
        return fieldsOf(parseRows(text, source));
    }

    /** The rows with the line each starts on; a malformed text is bad input naming {@code source} and the line. */
    public static List<Row> parseRows(String text, Object source) {
        try {
            return rows(text);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(source + " " + e.getMessage(), e);
        }
    }

    private static List<List<String>> fieldsOf(List<Row> rows) {
        List<List<String>> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            out.add(r.fields());
        }
        return out;
    }

    private static List<Row> rows(String text) {
        List<Row> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean inQuotes = false;
        boolean closedQuote = false; // the current field was quoted and its closing quote has been read
        boolean any = false;
        int line = 1;
        int rowLine = 1;
        int quoteLine = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inQuotes) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        inQuotes = false;
                        closedQuote = true;
                    }
                } else {
                    if (c == '\n' || (c == '\r' && !(i + 1 < text.length() && text.charAt(i + 1) == '\n'))) {
                        line++;
                    }
                    field.append(c);
                }
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
                closedQuote = false;
                any = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (any || field.length() > 0) {
                    row.add(field.toString());
                    rows.add(new Row(rowLine, row));
                }
                line++;
                rowLine = line;
                row = new ArrayList<>();
                field.setLength(0);
                closedQuote = false;
                any = false;
            } else if (closedQuote && c != ' ' && c != '\t') {
                throw new IllegalArgumentException("line " + line + ": '" + c + "' after the closing quote of field "
                        + (row.size() + 1) + "; expected a comma or the end of the line");
            } else if (c == '"' && !closedQuote) {
                if (!field.toString().isBlank()) {
                    throw new IllegalArgumentException("line " + line + ": quote inside the unquoted field "
                            + (row.size() + 1) + "; quote the whole field and double the quotes inside it");
                }
                inQuotes = true;
                quoteLine = line;
                any = true;
            } else {
                field.append(c);
                any = true;
            }
        }
        if (inQuotes) {
            throw new IllegalArgumentException("line " + quoteLine + ": unterminated quoted field (the quote opened "
                    + "in field " + (row.size() + 1) + " is never closed)");
        }
        if (any || field.length() > 0) {
            row.add(field.toString());
            rows.add(new Row(rowLine, row));
        }
        return rows;
    }
}
