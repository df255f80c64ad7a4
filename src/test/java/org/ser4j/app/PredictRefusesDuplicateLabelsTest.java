package org.ser4j.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ser4j.weights.SafetensorsWriter;

import picocli.CommandLine;

/** Issue 21: an exported model whose ser4j-model.json lists a label twice is bad input when it is loaded. */
class PredictRefusesDuplicateLabelsTest {
    @TempDir
    Path tmp;

    @Test
    void aModelWithALabelListedTwiceExitsWithTwoNamingFileAndLabels() throws Exception {
        // the emotion head of a 3-label model on the tiny fixture's encoder config (hidden 32)
        Path model = Files.createDirectories(tmp.resolve("model"));
        Files.copy(ConvertEmbedCommandTest.fixture("tiny-large").resolve("config.json"), model.resolve("config.json"));
        Map<String, INDArray> heads = new LinkedHashMap<>();
        heads.put("heads.emotion.projection.weight", Nd4j.rand(DataType.FLOAT, 8, 32));
        heads.put("heads.emotion.projection.bias", Nd4j.zeros(DataType.FLOAT, 8));
        heads.put("heads.emotion.classifier.weight", Nd4j.rand(DataType.FLOAT, 3, 8));
        heads.put("heads.emotion.classifier.bias", Nd4j.zeros(DataType.FLOAT, 3));
        SafetensorsWriter.writeShard(model.resolve("model.safetensors"), heads);
        Path info = model.resolve("ser4j-model.json");
        Files.writeString(info, "{\"format_version\": 1, \"labels\": [\"ang\", \"sad\", \"ang\"]}");
        Path wav = Files.write(tmp.resolve("x.wav"), new byte[] {0}); // never read: the model is refused first

        CommandLine cl = Ser4j.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        assertEquals(2, cl.execute("predict", "--model", model.toString(), wav.toString()), err.toString());
        assertTrue(err.toString().contains(info.toString())
                && err.toString().contains("names a label twice: [ang, sad, ang]"), err.toString());
    }
}
