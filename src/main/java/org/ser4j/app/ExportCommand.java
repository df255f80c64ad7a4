package org.ser4j.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.ser4j.onnx.HubertOnnxExporter;
import org.ser4j.onnx.ModelHeads;
import org.ser4j.onnx.OnnxModelWriter;
import org.ser4j.util.BadInputException;
import org.ser4j.weights.ModelDirectory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ser4j export --format onnx}: the inference graph of a model directory (encoder, plus emotion/domain heads
 * when present) as an ONNX model for ONNX Runtime, written from ser4j's own config and weights.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a model directory as ONNX (opset 17): inputs input_values float [batch, samples] and "
                + "attention_mask int64 [batch, samples]; outputs last_hidden_state, frame_attention_mask, and with "
                + "heads pooled_embedding, emotion_logits (+ domain_logits).")
public final class ExportCommand implements Callable<Integer> {
    @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "Export format: onnx.")
    String format;

    @Option(names = "--model", required = true, paramLabel = "MODEL_DIR",
            description = "ser4j model directory (convert or training export) or a Hugging Face model directory.")
    Path model;

    @Option(names = "--out", required = true, paramLabel = "FILE.onnx", description = "Output ONNX file.")
    Path out;

    @Option(names = "--hidden-states", description = "Also output hidden_states [layers+1, batch, frames, hidden] "
            + "(needed by 'ser4j embed --backend onnxruntime').")
    boolean hiddenStates;

    @Option(names = "--external-data-threshold", paramLabel = "BYTES",
            defaultValue = "" + HubertOnnxExporter.Options.DEFAULT_EXTERNAL_THRESHOLD,
            description = "Weights totalling more than this go to FILE.onnx.data (ONNX external data); default "
                    + "${DEFAULT-VALUE} (protobuf cannot hold 2 GiB).")
    long externalThreshold;

    @Override
    public Integer call() throws Exception {
        if (!"onnx".equalsIgnoreCase(format)) {
            throw new BadInputException("--format: only 'onnx' is supported, got '" + format + "'");
        }
        ModelDirectory md = ModelDirectory.load(model);
        ModelHeads heads = ModelHeads.of(md);
        OnnxModelWriter.Result r = HubertOnnxExporter.export(md, out,
                new HubertOnnxExporter.Options(hiddenStates, externalThreshold));
        System.out.printf("%s -> %s (%d nodes, %.1f MB of weights%s)%s%n", model, r.model(), r.nodes(),
                r.initializerBytes() / 1e6, r.externalData() == null ? "" : ", external data " + r.externalData(),
                heads.any() ? " heads: emotion " + heads.emotionLabels()
                        + (heads.domain() ? ", domain " + heads.domainLabels() : "") : " (encoder only)");
        return 0;
    }
}
