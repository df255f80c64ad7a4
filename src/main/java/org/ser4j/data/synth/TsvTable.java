package org.ser4j.data.synth;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the tab-separated tables bundled as class-path resources: '#' lines are comments, blank lines skipped. */
final class TsvTable {
    private TsvTable() {}

    static List<String[]> read(String resource, int columns) {
        String text;
        try (InputStream in = TsvTable.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing class-path resource org/ser4j/data/synth/" + resource);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + resource, e);
        }
        List<String[]> rows = new ArrayList<>();
        int lineNo = 0;
        for (String line : text.split("\n")) {
            lineNo++;
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] f = l.split("\t");
            if (f.length != columns) {
                throw new IllegalStateException(resource + " line " + lineNo + ": " + f.length + " columns, expected " + columns);
            }
            rows.add(f);
        }
        return rows;
    }
}
