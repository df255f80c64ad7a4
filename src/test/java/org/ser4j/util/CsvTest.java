package org.ser4j.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
