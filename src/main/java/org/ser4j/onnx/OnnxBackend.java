package org.ser4j.onnx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.ser4j.weights.ModelDirectory;

/**
 * The {@code onnxruntime} backend for a model directory: opens a given exported ONNX file, or exports the directory
 * (with hidden states) to a temporary file first, which is deleted again on {@link #close()}.
 */
public final class OnnxBackend implements AutoCloseable {
    private final OnnxRuntimeEncoder encoder;
    private final Path temporary;

    private OnnxBackend(OnnxRuntimeEncoder encoder, Path temporary) {
        this.encoder = encoder;
        this.temporary = temporary;
    }

    /** @param onnxFile an exported model, or null to export {@code md} now */
    public static OnnxBackend open(ModelDirectory md, Path onnxFile) {
        return open(md, onnxFile, OnnxRuntimeEncoder.Settings.cpu(0));
    }

    public static OnnxBackend open(ModelDirectory md, Path onnxFile, OnnxRuntimeEncoder.Settings settings) {
        if (onnxFile != null) {
            return new OnnxBackend(OnnxRuntimeEncoder.open(onnxFile, settings), null);
        }
        try {
            Path dir = Files.createTempDirectory("ser4j-onnx");
            Path file = dir.resolve("model.onnx");
            HubertOnnxExporter.export(md, file, HubertOnnxExporter.Options.defaults().withHiddenStates(true));
            return new OnnxBackend(OnnxRuntimeEncoder.open(file, settings), dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot export a temporary ONNX model", e);
        }
    }

    public OnnxRuntimeEncoder encoder() {
        return encoder;
    }

    @Override
    public void close() throws IOException {
        encoder.close();
        if (temporary != null) {
            try (var files = Files.list(temporary)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(temporary);
        }
    }
}
