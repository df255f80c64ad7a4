package org.ser4j.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.util.BadInputException;

class ModelInfoTest {
    @TempDir
    Path dir;

    @Test
    void encoderOnlyInfoWritesItsEightFieldsAndReadsBack() throws Exception {
        ModelInfo info = ModelInfo.encoderOnly(16_000, true, "ckpt.pt", null, "fairseq");
        info.writeTo(dir);
        assertEquals("""
                {
                  "format_version" : 1,
                  "labels" : [ ],
                  "heads" : [ ],
                  "sample_rate" : 16000,
                  "do_normalize" : true,
                  "source_file" : "ckpt.pt",
                  "source_sha256" : null,
                  "source_format" : "fairseq"
                }
                """, Files.readString(dir.resolve(ModelInfo.FILE)));
        assertEquals(info, ModelInfo.readFrom(dir, 8_000, false));
    }

    @Test
    void trainedInfoWithARecordRoundTripsInOrder() throws Exception {
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("z", "last");
        provenance.put("a", "first");
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("steps", 12);
        record.put("loss", 0.25);
        ModelInfo info = new ModelInfo(1, List.of("ang", "hap"), List.of("emotion", "domain"), 16_000, false, null,
                null, "random-init", new ModelInfo.Training(List.of("EM", "JF"), 6, true, "mean_std", "tiny",
                provenance, Map.of("step", "40", "stage", "train")), null)
                .withRecord("pretraining", ModelInfo.tree(record));
        info.writeTo(dir);
        String text = Files.readString(dir.resolve(ModelInfo.FILE));
        assertTrue(text.indexOf("\"source_format\"") < text.indexOf("\"domains\"")
                && text.indexOf("\"note\"") < text.indexOf("\"pretraining\""), text);
        assertTrue(text.contains("\"provenance\" : {\n    \"a\" : \"first\",\n    \"z\" : \"last\"\n  }"), text);
        ModelInfo back = ModelInfo.readFrom(dir, 16_000, true);
        assertEquals(info, back);
        assertEquals("40", back.training().note().get("step"));
        assertEquals(12, back.records().get("pretraining").get("steps").asInt());
        assertThrows(IllegalArgumentException.class, () -> info.withRecord("labels", ModelInfo.tree(1)));
    }

    @Test
    void readsCamelCaseAndDefaultsAndLeavesLabelChecksToTheCaller() throws Exception {
        Files.writeString(dir.resolve(ModelInfo.FILE),
                "{\"labels\": [\"a\", \"b\", \"a\"], \"sampleRate\": 22050, \"pooling\": \"mean\", \"extra\": [1]}");
        ModelInfo info = ModelInfo.readFrom(dir, 16_000, true);
        assertEquals(ModelInfo.FORMAT_VERSION, info.formatVersion());
        assertEquals(22_050, info.sampleRate());
        assertTrue(info.doNormalize());
        assertEquals("mean", info.training().pooling());
        assertNull(info.training().domains());
        assertEquals(List.of("extra"), List.copyOf(info.records().keySet()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, info::requireDistinctLabels);
        assertTrue(e.getMessage().contains("label 'a' appears twice"), e.getMessage());
        assertNull(info.encoderFields().training());
    }

    @Test
    void notAnObjectIsBadInputNamingTheFile() throws Exception {
        Path f = dir.resolve(ModelInfo.FILE);
        Files.writeString(f, "[1, 2]");
        BadInputException e = assertThrows(BadInputException.class, () -> ModelInfo.read(f, 16_000, true));
        assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains("expected a JSON object"));
        Files.writeString(f, "{");
        e = assertThrows(BadInputException.class, () -> ModelInfo.read(f, 16_000, true));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }
}
