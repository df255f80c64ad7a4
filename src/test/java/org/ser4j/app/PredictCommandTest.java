package org.ser4j.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.infer.EmotionRecognizer;
import org.ser4j.infer.Prediction;
import org.ser4j.infer.TrainedTinyModel;
import org.ser4j.util.Csv;

import picocli.CommandLine;

class PredictCommandTest {
    @Test
    void writesCsvAndJsonThatAgreeWithTheApi(@TempDir Path dir) throws Exception {
        Path model = TrainedTinyModel.model();
        Path a = TrainedTinyModel.wav("EM01_ang");
        Path b = TrainedTinyModel.wav("JF01_sad");
        Path csv = dir.resolve("p.csv");
        Path json = dir.resolve("p.json");
        CommandLine cl = Ser4j.commandLine();
        assertEquals(0, cl.execute("predict", "--model", model.toString(), "--out", csv.toString(), a.toString(),
                b.toString()));
        assertEquals(0, Ser4j.commandLine().execute("predict", "--model", model.toString(), "--format", "json",
                "--out", json.toString(), a.toString(), b.toString()));
        List<List<String>> rows = Csv.parse(Files.readString(csv));
        assertEquals(List.of("file", "label", "p_ang", "p_hap", "p_neu", "p_sad", "windows", "duration_s"),
                rows.get(0));
        JsonNode arr = new ObjectMapper().readTree(json.toFile());
        assertEquals(2, arr.size());
        try (EmotionRecognizer r = EmotionRecognizer.load(model)) {
            Prediction pa = r.predict(a);
            assertEquals(pa.label(), rows.get(1).get(1));
            assertEquals(pa.label(), arr.get(0).get("label").asText());
            assertEquals(pa.probability("hap"), Float.parseFloat(rows.get(1).get(3)), 1e-6);
            assertEquals(pa.probability("sad"), arr.get(0).get("probabilities").get("sad").asDouble(), 1e-6);
            assertEquals(4, arr.get(1).get("domain_probabilities").size());
        }
    }

    @Test
    void badInputExitsWithTwoAndNamesTheFile(@TempDir Path dir) throws Exception {
        Path model = TrainedTinyModel.model();
        Path broken = dir.resolve("broken.wav");
        Files.writeString(broken, "RIFF but not really");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cl = Ser4j.commandLine();
        cl.setErr(new PrintWriter(err, true));
        assertEquals(2, cl.execute("predict", "--model", model.toString(), broken.toString()));
        assertTrue(err.toString().contains("broken.wav"), err.toString());
        // issue 21: NaN samples are bad input, not NaN probabilities
        Path nan = dir.resolve("nan.wav");
        Files.write(nan, org.ser4j.audio.TestWavs.wav(3, true, 1, 16000, 32,
                org.ser4j.audio.TestWavs.packFloats(32, new double[] {0.1, Double.NaN, 0.2}), null));
        ByteArrayOutputStream nanErr = new ByteArrayOutputStream();
        Path csv = dir.resolve("nan.csv");
        CommandLine nanCl = Ser4j.commandLine();
        nanCl.setErr(new PrintWriter(nanErr, true));
        assertEquals(2, nanCl.execute("predict", "--model", model.toString(), "--out", csv.toString(),
                TrainedTinyModel.wav("EM01_ang").toString(), nan.toString()));
        assertTrue(nanErr.toString().contains(nan.toString())
                && nanErr.toString().contains("non-finite sample NaN at sample index 1"), nanErr.toString());
        assertTrue(!Files.exists(csv), "nothing written");
        assertEquals(2, Ser4j.commandLine().execute("predict", "--model", dir.resolve("nope").toString(),
                broken.toString()));
        assertEquals(2, Ser4j.commandLine().execute("predict", "--model", model.toString(), "--format", "xml",
                TrainedTinyModel.wav("EM01_ang").toString()));
    }
}
