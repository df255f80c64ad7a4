package org.ser4j.app;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.ser4j.infer.ChunkingPolicy;
import org.ser4j.infer.EmotionRecognizer;
import org.ser4j.infer.Prediction;
import org.ser4j.infer.RecognizerOptions;
import org.ser4j.onnx.OnnxRuntimeBackend;
import org.ser4j.onnx.OnnxRuntimeEncoder;
import org.ser4j.util.AtomicFiles;
import org.ser4j.util.BadInputException;
import org.ser4j.util.Csv;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ser4j predict}: emotion label and probabilities of WAV files from an exported model directory (a fold's
 * {@code model/} folder, docs/contracts.md §5). CSV columns: {@code file,label,p_<label>...,windows,duration_s}; JSON: an
 * array of {@code {file, label, probabilities: {label: p}, windows, duration_s}}. Files are processed in groups so
 * that memory stays bounded however many are given.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Predict the emotion of WAV files with an exported model directory; CSV or JSON output.")
public final class PredictCommand implements Callable<Integer> {
    /** Files decoded and held in memory at a time. */
    static final int FILES_PER_GROUP = 64;

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "Exported model directory (config.json, ser4j-model.json, model.safetensors).")
    Path model;

    @Option(names = "--format", defaultValue = "csv", paramLabel = "csv|json",
            description = "Output format (default ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "Output file (default: standard output).")
    Path out;

    @Option(names = "--batch-size", defaultValue = "8", paramLabel = "N",
            description = "Windows per forward pass, 1 .. 64 (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--window-seconds", defaultValue = "20", paramLabel = "S",
            description = "Longer files are cut into windows of this length whose logits are averaged "
                    + "(0.5 .. 60 s, default ${DEFAULT-VALUE} s).")
    double windowSeconds;

    @Option(names = "--overlap-seconds", defaultValue = "2", paramLabel = "S",
            description = "Overlap of consecutive windows, 0 .. half the window (default ${DEFAULT-VALUE} s).")
    double overlapSeconds;

    @Option(names = "--backend", defaultValue = "samediff", paramLabel = "NAME",
            description = "samediff (default) or onnxruntime (exports the model to ONNX unless --onnx is given).")
    String backend;

    @Option(names = "--onnx", paramLabel = "FILE.onnx",
            description = "With --backend onnxruntime: the model as exported by 'ser4j export --format onnx'.")
    Path onnx;

    @Parameters(arity = "1..*", paramLabel = "FILE.wav", description = "Input WAV files.")
    List<Path> files;

    @Override
    public Integer call() throws Exception {
        String fmt = format.toLowerCase(Locale.ROOT);
        if (!fmt.equals("csv") && !fmt.equals("json")) {
            throw new BadInputException("--format: expected csv or json, got '" + format + "'");
        }
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new BadInputException(f + ": no such WAV file");
            }
        }
        RecognizerOptions options;
        try {
            options = RecognizerOptions.defaults().withBatchSize(batchSize)
                    .withChunking(new ChunkingPolicy(windowSeconds, overlapSeconds));
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--batch-size/--window-seconds/--overlap-seconds: " + e.getMessage(), e);
        }
        if ("onnxruntime".equals(backend)) {
            options = options.withBackend(OnnxRuntimeBackend.factory(onnx, OnnxRuntimeEncoder.Settings.cpu(0)));
        } else if (!"samediff".equals(backend)) {
            throw new BadInputException("--backend: expected samediff or onnxruntime, got '" + backend + "'");
        }
        List<Prediction> predictions = new ArrayList<>();
        try (EmotionRecognizer recognizer = EmotionRecognizer.load(model, options)) {
            for (int from = 0; from < files.size(); from += FILES_PER_GROUP) {
                predictions.addAll(recognizer.predictFiles(files.subList(from, Math.min(files.size(),
                        from + FILES_PER_GROUP))));
            }
            String text = fmt.equals("csv") ? csv(recognizer.labels(), predictions) : json(predictions);
            if (out == null) {
                PrintStream stdout = new PrintStream(System.out, true, StandardCharsets.UTF_8);
                stdout.print(text);
                stdout.flush();
            } else {
                AtomicFiles.writeString(out, text);
                System.err.printf(Locale.ROOT, "ser4j: %d predictions written to %s%n", predictions.size(), out);
            }
        }
        return 0;
    }

    String csv(List<String> labels, List<Prediction> predictions) {
        StringBuilder sb = new StringBuilder("file,label");
        for (String l : labels) {
            sb.append(",p_").append(l);
        }
        sb.append(",windows,duration_s\n");
        for (int i = 0; i < predictions.size(); i++) {
            Prediction p = predictions.get(i);
            sb.append(Csv.line(List.of(files.get(i).toString(), p.label())));
            for (float v : p.probabilities()) {
                sb.append(',').append(String.format(Locale.ROOT, "%.6f", v));
            }
            sb.append(',').append(p.windows()).append(',')
                    .append(String.format(Locale.ROOT, "%.3f", p.durationSeconds())).append('\n');
        }
        return sb.toString();
    }

    String json(List<Prediction> predictions) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < predictions.size(); i++) {
            Prediction p = predictions.get(i);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("file", files.get(i).toString());
            row.put("label", p.label());
            row.put("probabilities", p.probabilityMap());
            if (p.domainProbabilities() != null) {
                Map<String, Float> dom = new LinkedHashMap<>();
                for (int d = 0; d < p.domains().size(); d++) {
                    dom.put(p.domains().get(d), p.domainProbabilities()[d]);
                }
                row.put("domain_probabilities", dom);
            }
            row.put("windows", p.windows());
            row.put("duration_s", Math.round(p.durationSeconds() * 1000) / 1000.0);
            rows.add(row);
        }
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows) + "\n";
    }
}
