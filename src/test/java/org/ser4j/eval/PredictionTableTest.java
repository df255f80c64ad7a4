package org.ser4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.util.BadInputException;

class PredictionTableTest {
    @TempDir
    Path dir;

    @Test
    void roundTripKeepsLogitsExactlyAndLabelOrderFromTheHeader() throws Exception {
        List<String> labels = List.of("neu", "ang", "joy");
        PredictionTable t = new PredictionTable(labels, List.of(
                new PredictionRow("u1", "synth", "en", 1, "test", 300, "ang", new double[] {0.1, 2.5e-7, -3}),
                new PredictionRow("u2", "synth", "ja", 2, "dev", 300, "joy", new double[] {1, 1, 1})));
        Path f = dir.resolve("predictions.csv");
        t.write(f);
        assertTrue(Files.readString(f).startsWith("utt_id,corpus,language,fold,split,step,emotion,logit_neu,"
                + "logit_ang,logit_joy\n"));
        PredictionTable back = PredictionTable.read(f);
        assertEquals(labels, back.labels());
        assertArrayEquals(t.rows().get(0).logits(), back.rows().get(0).logits());
        // a three-way tie goes to the lowest index
        assertArrayEquals(new int[] {0, 0}, back.predictions());
        assertEquals(1, back.split("dev").size());
    }

    @Test
    void badInputNamesFileLineAndField() throws Exception {
        Path f = dir.resolve("predictions.csv");
        Files.writeString(f, "utt_id,corpus,language,fold,split,step,emotion,logit_ang,logit_hap\n"
                + "u1,c,en,1,test,1,ang,0.1,x\n");
        BadInputException e = assertThrows(BadInputException.class, () -> PredictionTable.read(f));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("logit_hap"), e.getMessage());
        Files.writeString(f, "utt_id,corpus,language,fold,split,step,emotion,logit_ang,logit_hap\n"
                + "u1,c,en,1,test,1,sad,0.1,0.2\n");
        e = assertThrows(BadInputException.class, () -> PredictionTable.read(f));
        assertTrue(e.getMessage().contains("sad"), e.getMessage());
    }

    @Test
    void systemInfoRoundTripsAndIgnoresUnknownKeys() throws Exception {
        SystemInfo s = new SystemInfo("multi", "fake-JF", 1, 3, 42, List.of("ang", "hap", "neu", "sad"),
                List.of(1, 2), "test", Map.of("git", "abc"));
        Path f = dir.resolve("system.json");
        s.write(f);
        assertEquals(s, SystemInfo.read(f));
        Files.writeString(f, "{\"experiment\":\"e\",\"mode\":\"dann\",\"gamma\":-1,\"trial\":1,\"seed\":7,"
                + "\"label_order\":[\"a\",\"b\"],\"selection_protocol\":\"dev\",\"new_field\":1}");
        SystemInfo r = SystemInfo.read(f);
        assertEquals(List.of("a", "b"), r.labels());
        assertEquals("dev", r.selection());
        Files.writeString(f, "{\"experiment\":\"e\",\"mode\":\"weird\",\"gamma\":0,\"trial\":1,\"seed\":7,"
                + "\"labels\":[\"a\"]}");
        BadInputException e = assertThrows(BadInputException.class, () -> SystemInfo.read(f));
        assertTrue(e.getMessage().contains("mode"), e.getMessage());
    }

    @Test
    void metricsLinesReadWithMissingOptionalFieldsAsNaN() throws Exception {
        Path f = dir.resolve("metrics.jsonl");
        Files.writeString(f, "{\"step\":100,\"split\":\"test\",\"uar\":0.5,\"war\":0.6,\"loss_emo\":1.2}\n\n"
                + "{\"step\":200,\"split\":\"test\",\"uar\":0.7,\"war\":0.7,\"loss_emo\":0.9,\"loss_dom\":0.4,"
                + "\"dom_acc\":0.8}\n");
        List<MetricsLine> l = MetricsLog.readAll(f);
        assertEquals(2, l.size());
        assertTrue(Double.isNaN(l.get(0).lossDom()));
        assertEquals(0.8, l.get(1).domAcc(), 0);
    }
}
