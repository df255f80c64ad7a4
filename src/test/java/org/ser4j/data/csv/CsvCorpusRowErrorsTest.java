package org.ser4j.data.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.data.Manifest;
import org.ser4j.util.BadInputException;

/** A malformed corpus CSV row or an implausible duration is bad input naming the file, the line and the field. */
class CsvCorpusRowErrorsTest {
    private static final String HEADER = "path,emotion,speaker,gender,language,session,duration_s\n";

    @TempDir
    Path dir;

    private BadInputException refused(String body, String... words) throws Exception {
        Path csv = dir.resolve("corpus.csv");
        Files.writeString(csv, HEADER + body);
        BadInputException e = assertThrows(BadInputException.class, () -> CsvCorpus.build(csv, "x"));
        assertTrue(e.getMessage().contains(csv.toAbsolutePath().normalize().toString()), e.getMessage());
        for (String w : words) {
            assertTrue(e.getMessage().contains(w), "'" + w + "' missing from: " + e.getMessage());
        }
        return e;
    }

    @Test
    void anUnterminatedQuoteNamesTheFileAndTheLineItOpensOn() throws Exception {
        refused("a.wav,ang,s1,M,en,1,1.0\n\"b.wav,hap,s1,M,en,1,1.0\nc.wav,sad,s1,M,en,1,1.0\n",
                "line 3: unterminated quoted field");
        refused("a.wav,ang,s1,M,en,1,1.0\nb\"x.wav,hap,s1,M,en,1,1.0\n", "line 3: quote inside the unquoted field 1");
    }

    @Test
    void errorsAfterBlankLinesAndQuotedLineBreaksNameTheRealLine() throws Exception {
        // the bad row is the third data row but starts on line 6 of the file
        refused("a.wav,ang,s1,M,en,1,1.0\n\n\"b\nc.wav\",hap,s1,M,en,1,1.0\nd.wav,sad,s1,X,en,1,1.0\n",
                "line 6", "gender");
    }

    @Test
    void durationMustBeAFinitePositiveNumber() throws Exception {
        for (String bad : new String[] {"NaN", "Infinity", "-Infinity", "-1.5", "0", "-0.0"}) {
            refused("a.wav,ang,s1,M,en,1,2.0\nb.wav,hap,s1,M,en,1," + bad + "\n",
                    "line 3: duration_s must be a finite number of seconds > 0, got '" + bad + "'");
        }
        refused("a.wav,ang,s1,M,en,1,two\n", "line 2: duration_s must be a number of seconds, got 'two'");
        Path csv = dir.resolve("ok.csv");
        Files.writeString(csv, HEADER + "a.wav,ang,s1,M,en,1,1e-3\n");
        Manifest m = CsvCorpus.build(csv, "x");
        assertEquals(0.001, m.rows().get(0).durationS(), 0);
    }
}
