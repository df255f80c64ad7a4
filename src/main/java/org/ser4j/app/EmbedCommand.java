package org.ser4j.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ser4j.audio.AudioLoader;
import org.ser4j.infer.ChunkingPolicy;
import org.ser4j.onnx.OnnxBackend;
import org.ser4j.util.AtomicFiles;
import org.ser4j.util.BadInputException;
import org.ser4j.util.Npy;
import org.ser4j.weights.HubertEmbedder;
import org.ser4j.weights.ModelDirectory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ser4j embed}: every hidden state of each WAV file as {@code OUT_DIR/<stem>.npy}, float32
 * {@code [layers + 1, frames, hidden]} in Hugging Face {@code output_hidden_states} order. Audio is read, mixed to
 * mono, resampled to 16 kHz and normalised as the model's preprocessor_config.json says.
 */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = "Write all HuBERT hidden states of WAV files as OUT_DIR/<stem>.npy [layers+1, frames, hidden].")
public final class EmbedCommand implements Callable<Integer> {
    private static final String WINDOW_OPTIONS = "--window-seconds/--overlap-seconds";

    @Option(names = "--model", required = true, paramLabel = "MODEL_DIR",
            description = "ser4j model directory (from convert) or a Hugging Face model directory as it is.")
    Path model;

    @Option(names = "--out", required = true, paramLabel = "OUT_DIR", description = "Output directory.")
    Path out;

    @Option(names = "--window-seconds", defaultValue = "30", paramLabel = "S",
            description = "Longer inputs run in windows of this length, 0.5 .. 60 s (default ${DEFAULT-VALUE} s).")
    double windowSeconds;

    @Option(names = "--overlap-seconds", defaultValue = "2", paramLabel = "S",
            description = "Overlap between windows, 0.08 s .. half the window (default ${DEFAULT-VALUE} s).")
    double overlapSeconds;

    @Option(names = "--backend", defaultValue = "samediff", paramLabel = "NAME",
            description = "samediff (default) or onnxruntime (exports the model to ONNX unless --onnx is given).")
    String backend;

    @Option(names = "--onnx", paramLabel = "FILE.onnx",
            description = "With --backend onnxruntime: a model exported with 'ser4j export --hidden-states'.")
    Path onnx;

    @Parameters(arity = "1..*", paramLabel = "FILE.wav", description = "Input WAV files.")
    List<Path> files;

    @Override
    public Integer call() throws Exception {
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new BadInputException(f + ": no such WAV file");
            }
        }
        requireDistinctOutputs();
        // The same bounds as predict's windows, checked before the model is loaded.
        String chunking = ChunkingPolicy.problem(windowSeconds, overlapSeconds);
        if (chunking != null) {
            throw new BadInputException(WINDOW_OPTIONS + ": " + chunking);
        }
        if (!"samediff".equals(backend) && !"onnxruntime".equals(backend)) {
            throw new BadInputException("--backend: expected samediff or onnxruntime, got '" + backend + "'");
        }
        ModelDirectory md = ModelDirectory.load(model);
        int window = (int) Math.round(windowSeconds * AudioLoader.TARGET_RATE);
        int overlap = (int) Math.round(overlapSeconds * AudioLoader.TARGET_RATE);
        if ("onnxruntime".equals(backend)) {
            try (OnnxBackend ort = OnnxBackend.open(md, onnx)) {
                embedAll(embedder(md, window, overlap, ort.encoder()::hiddenStates));
            }
            return 0;
        }
        embedAll(embedder(md, window, overlap, null));
        return 0;
    }

    /** The embedder's own rule (an overlap of at least 4 frames) named as an option error, not a crash. */
    private static HubertEmbedder embedder(ModelDirectory md, int window, int overlap,
                                           HubertEmbedder.WindowRunner runner) {
        try {
            return new HubertEmbedder(md, window, overlap, runner);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(WINDOW_OPTIONS + ": " + e.getMessage(), e);
        }
    }

    /**
     * Every file is embedded into a hidden staging folder inside {@code out} first and the {@code .npy} files are moved
     * into place only when all of them are complete and finite: a failure on any input leaves {@code out} as it was.
     */
    private void embedAll(HubertEmbedder embedder) throws IOException {
        AtomicFiles.createDirectories(out);
        Path staging = Files.createTempDirectory(out, ".embed-");
        try {
            List<String> shapes = new ArrayList<>();
            for (Path f : files) {
                float[] audio = AudioLoader.load16k(f);
                INDArray hs;
                try {
                    hs = embedder.hiddenStates(audio);
                } catch (BadInputException e) {
                    throw new BadInputException(f + ": " + e.getMessage(), e);
                }
                Npy.write(staging.resolve(npyName(f)), hs.shape(), hs.castTo(DataType.FLOAT).dup('c').data().asFloat());
                shapes.add(Arrays.toString(hs.shape()));
            }
            for (int i = 0; i < files.size(); i++) {
                Path target = out.resolve(npyName(files.get(i)));
                AtomicFiles.move(staging.resolve(npyName(files.get(i))), target);
                System.out.printf("%s -> %s %s%n", files.get(i), target, shapes.get(i));
            }
        } finally {
            AtomicFiles.deleteTree(staging);
        }
    }

    private static String npyName(Path wav) {
        return wav.getFileName().toString().replaceFirst("\\.[^.]*$", "") + ".npy";
    }

    /** Two inputs with the same file stem would write the same {@code .npy}, the later silently replacing the other. */
    private void requireDistinctOutputs() {
        Map<String, Path> byName = new HashMap<>();
        for (Path f : files) {
            Path other = byName.putIfAbsent(npyName(f), f);
            if (other != null) {
                throw new BadInputException(f + " and " + other + " would both be written to " + out.resolve(npyName(f))
                        + "; embed them into separate --out folders");
            }
        }
    }
}
