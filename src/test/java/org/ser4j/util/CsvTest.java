package org.ser4j.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class CsvTest {
    @Test
    void quotesRoundTrip() {
        List<String> fields = List.of("plain", "a,b", "say \"hi\"", "", "line\nbreak");
        String line = Csv.line(fields);
        assertEquals(List.of(fields), Csv.parse(line + "\n"));
        assertEquals(List.of(List.of("a", "b"), List.of("c", "")), Csv.parse("a,b\r\n\r\nc,\n"));
    }

    @Test
    void rowsKnowTheLineTheyStartOnAcrossBlankLinesAndQuotedLineBreaks() {
        String text = "h1,h2\n\n\"two\nlines\",x\r\nlast,\"a\r\nb\"\n\nend,y";
        List<Csv.Row> rows = Csv.parseRows(text, "t.csv");
        assertEquals(List.of(1, 3, 5, 8), rows.stream().map(Csv.Row::line).toList());
        assertEquals(List.of("two\nlines", "x"), rows.get(1).fields());
        assertEquals(List.of("last", "a\r\nb"), rows.get(2).fields());
        assertEquals(List.of("end", "y"), rows.get(3).fields());
    }

    @Test
    void malformedTextNamesTheSourceAndTheLine() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> Csv.parse("a,b\nc,d\ne,\"never closed\nf,g\n", "corpus CSV /x/c.csv"));
        assertEquals("corpus CSV /x/c.csv line 3: unterminated quoted field (the quote opened in field 2 is never "
                + "closed)", e.getMessage());
        e = assertThrows(BadInputException.class, () -> Csv.parse("a,b\nsay \"hi\",d\n", "m.csv"));
        assertTrue(e.getMessage().startsWith("m.csv line 2: quote inside the unquoted field 1"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> Csv.parse("a,b\n\n\"x\"y,d\n", "m.csv"));
        assertTrue(e.getMessage().startsWith("m.csv line 3: 'y' after the closing quote of field 1"), e.getMessage());
        // without a source, the line is still named
        IllegalArgumentException plain = assertThrows(IllegalArgumentException.class, () -> Csv.parse("\"a\n\n"));
        assertTrue(plain.getMessage().startsWith("line 1: unterminated quoted field"), plain.getMessage());
    }

    @Test
    void blanksAroundAQuotedFieldAreKeptAsBefore() {
        assertEquals(List.of(List.of("a", " b ", " c")), Csv.parse("a, \"b\" , \"c\""));
    }
}
