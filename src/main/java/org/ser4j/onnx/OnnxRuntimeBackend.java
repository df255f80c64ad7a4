package org.ser4j.onnx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ser4j.infer.ExportedModel;
import org.ser4j.infer.HeadLogits;
import org.ser4j.infer.InferenceBackend;
import org.ser4j.infer.PaddedBatch;
import org.ser4j.util.BadInputException;
import org.ser4j.weights.ModelDirectory;
import org.ser4j.weights.ModelInfo;

/**
 * The {@code onnxruntime} {@link InferenceBackend} of {@code EmotionRecognizer} / {@code ser4j predict}: the model
 * directory exported to ONNX (or a given exported file) run by ONNX Runtime's Java API. Same input and output as
 * {@code SameDiffBackend}: padded normalised waveforms with their sample mask in, emotion (and domain) logits out.
 * CPU by default; see {@link OnnxRuntimeEncoder} for the CUDA execution provider.
 */
public final class OnnxRuntimeBackend implements InferenceBackend {
    private final OnnxRuntimeEncoder encoder;
    private final boolean domainHead;
    private final Path temporary;

    private OnnxRuntimeBackend(OnnxRuntimeEncoder encoder, boolean domainHead, Path temporary) {
        this.encoder = encoder;
        this.domainHead = domainHead;
        this.temporary = temporary;
    }

    /** A factory for {@code RecognizerOptions.withBackend}: exports each loaded model to a temporary ONNX file. */
    public static InferenceBackend.Factory factory(OnnxRuntimeEncoder.Settings settings) {
        return model -> create(model, null, settings);
    }

    /** A factory that runs an already exported file (from {@code ser4j export}) for the loaded model directory. */
    public static InferenceBackend.Factory factory(Path onnxFile, OnnxRuntimeEncoder.Settings settings) {
        return model -> create(model, onnxFile, settings);
    }

    static OnnxRuntimeBackend create(ExportedModel model, Path onnxFile, OnnxRuntimeEncoder.Settings settings) {
        Path temp = null;
        Path file = onnxFile;
        if (file == null) {
            try {
                temp = Files.createTempDirectory("ser4j-onnx");
                file = temp.resolve("model.onnx");
                HubertOnnxExporter.export(asModelDirectory(model), file, HubertOnnxExporter.Options.defaults());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot export " + model.dir() + " to a temporary ONNX file", e);
            }
        }
        OnnxRuntimeEncoder enc = OnnxRuntimeEncoder.open(file, settings);
        Set<String> outputs = enc.outputNames();
        if (!outputs.contains(OnnxNames.EMOTION_LOGITS)) {
            enc.close();
            throw new BadInputException(file + ": the ONNX model has no " + OnnxNames.EMOTION_LOGITS
                    + " output (exported from an encoder-only model directory?)");
        }
        List<String> labels = enc.emotionLabels();
        if (!labels.isEmpty() && !labels.equals(model.metadata().labels())) {
            enc.close();
            throw new BadInputException(file + ": emotion labels " + labels + " differ from the model directory's "
                    + model.metadata().labels() + " (exported from another model?)");
        }
        return new OnnxRuntimeBackend(enc, model.metadata().hasDomainHead()
                && outputs.contains(OnnxNames.DOMAIN_LOGITS), temp);
    }

    /** The same model seen through the exporter's input type (no copies of the tensors). */
    static ModelDirectory asModelDirectory(ExportedModel model) {
        var meta = model.metadata();
        ModelInfo info = new ModelInfo(meta.formatVersion(), meta.labels(), meta.hasDomainHead()
                ? List.of("emotion", "domain") : List.of("emotion"), meta.sampleRate(), meta.doNormalize(),
                model.dir().toString(), "-", "ser4j-model-directory");
        return new ModelDirectory(model.config(), meta.doNormalize(), meta.sampleRate(), info, model.tensors(),
                model.dir());
    }

    @Override
    public HeadLogits forward(PaddedBatch batch) {
        long[] shape = {batch.size(), batch.samples()};
        INDArray x = Nd4j.create(batch.values(), shape, 'c');
        INDArray m = Nd4j.create(batch.mask(), shape, 'c');
        Set<String> wanted = new LinkedHashSet<>(List.of(OnnxNames.EMOTION_LOGITS));
        if (domainHead) {
            wanted.add(OnnxNames.DOMAIN_LOGITS);
        }
        Map<String, INDArray> out = encoder.run(x, m, wanted);
        return new HeadLogits(out.get(OnnxNames.EMOTION_LOGITS).toFloatMatrix(),
                domainHead ? out.get(OnnxNames.DOMAIN_LOGITS).toFloatMatrix() : null);
    }

    @Override
    public String describe() {
        return "onnxruntime(" + org.ser4j.onnx.OnnxRuntimeEncoder.class.getSimpleName() + ", cpu)";
    }

    @Override
    public void close() {
        encoder.close();
        if (temporary != null) {
            try (var files = Files.list(temporary)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(p);
                }
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
