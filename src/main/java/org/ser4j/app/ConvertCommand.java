package org.ser4j.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.concurrent.Callable;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.ser4j.nn.hubert.HubertGraph;
import org.ser4j.util.BadInputException;
import org.ser4j.weights.ModelDirectory;
import org.ser4j.weights.WeightImporter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ser4j convert}: a HuBERT checkpoint (HF directory with safetensors or pytorch_model.bin, a single weights
 * file next to its config.json, or a fairseq .pt) to a ser4j model directory (docs/contracts.md §5). The tensors are checked
 * strictly against the architecture in the config, and for NaN or infinite values, before anything is written; an
 * output that would overwrite the input is refused.
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Convert a HuBERT checkpoint (HF dir, .safetensors/.bin, or fairseq .pt) to a ser4j model directory.")
public final class ConvertCommand implements Callable<Integer> {
    @Option(names = "--in", required = true, paramLabel = "CHECKPOINT_DIR_OR_FILE",
            description = "HF model directory, a .safetensors/.bin file beside config.json, or a fairseq .pt checkpoint.")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "MODEL_DIR", description = "Output ser4j model directory;"
            + " must not be the input, nor the folder holding an input file.")
    Path out;

    @Option(names = "--ignore-unexpected", description = "Drop tensors that are not part of HubertModel (e.g. an HF"
            + " classifier head) instead of failing.")
    boolean ignoreUnexpected;

    @Option(names = "--allow-non-finite", description = "Write weights holding NaN or infinite values instead of"
            + " failing (ser4j's other commands still refuse such a model when they load it).")
    boolean allowNonFinite;

    @Override
    public Integer call() throws Exception {
        refuseOutputOverlappingInput(in, out);
        ModelDirectory md = ModelDirectory.load(in);
        WeightImporter.Policy policy = ignoreUnexpected ? WeightImporter.Policy.ignoreUnexpected()
                : WeightImporter.Policy.strict();
        if (allowNonFinite) {
            policy = policy.allowingNonFinite();
        }
        var expected = HubertGraph.parameterShapes(md.config());
        WeightImporter.Report report = WeightImporter.check(expected, md.tensors(), policy, in.toString());
        var kept = new LinkedHashMap<String, INDArray>();
        for (String name : report.assigned()) {
            kept.put(name, md.tensors().get(name));
        }
        kept.putAll(report.passedThrough());
        ModelDirectory.write(out, md.config(), md.doNormalize(), md.sampleRate(), kept, md.info());
        System.out.printf("converted %s -> %s: %d tensors, %,d values, %d layers, hidden %d%s%n", in, out,
                kept.size(), HubertGraph.parameterCount(md.config()), md.config().numHiddenLayers(),
                md.config().hiddenSize(), report.unexpected().isEmpty() ? "" : ", dropped " + report.unexpected());
        return 0;
    }

    /**
     * The output folder receives config.json, ser4j-model.json and model*.safetensors, the names an input checkpoint
     * and the config beside it have: writing into the input folder, or into the folder holding an input file, would
     * destroy the source. A folder inside an input folder is fine. Compared by real path, so symbolic links and
     * {@code ..} do not hide an overlap.
     */
    static void refuseOutputOverlappingInput(Path in, Path out) throws IOException {
        if (!Files.exists(in)) {
            return; // ModelDirectory.load names the missing input
        }
        Path input = in.toRealPath();
        Path output = realPathOfPossiblyMissing(out);
        String overlap = null;
        if (output.equals(input)) {
            overlap = "is the input";
        } else if (!Files.isDirectory(input) && output.equals(input.getParent())) {
            overlap = "is the folder holding the input file (and the config.json read with it)";
        } else if (!Files.isDirectory(input) && output.startsWith(input)) {
            overlap = "lies below the input file";
        }
        if (overlap != null) {
            throw new BadInputException("--out " + out + " would overwrite the input --in " + in + ": " + output
                    + " " + overlap + "; choose another output folder");
        }
    }

    /** The real path of the longest existing prefix of {@code p}, with the missing rest appended. */
    private static Path realPathOfPossiblyMissing(Path p) throws IOException {
        Path absolute = p.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        return existing.toRealPath().resolve(existing.relativize(absolute)).normalize();
    }
}
