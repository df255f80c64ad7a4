package org.ser4j.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.ser4j.nn.hubert.HubertGraph;
import org.ser4j.weights.ModelDirectory;
import org.ser4j.weights.WeightImporter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ser4j convert}: a HuBERT checkpoint (HF directory with safetensors or pytorch_model.bin, a single weights
 * file next to its config.json, or a fairseq .pt) to a ser4j model directory (contracts §5). The tensors are checked
 * strictly against the architecture in the config before anything is written.
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Convert a HuBERT checkpoint (HF dir, .safetensors/.bin, or fairseq .pt) to a ser4j model directory.")
public final class ConvertCommand implements Callable<Integer> {
    @Option(names = "--in", required = true, paramLabel = "CHECKPOINT_DIR_OR_FILE",
            description = "HF model directory, a .safetensors/.bin file beside config.json, or a fairseq .pt checkpoint.")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "MODEL_DIR", description = "Output ser4j model directory.")
    Path out;

    @Option(names = "--ignore-unexpected", description = "Drop tensors that are not part of HubertModel (e.g. an HF"
            + " classifier head) instead of failing.")
    boolean ignoreUnexpected;

    @Override
    public Integer call() throws Exception {
        ModelDirectory md = ModelDirectory.load(in);
        WeightImporter.Policy policy = ignoreUnexpected ? WeightImporter.Policy.ignoreUnexpected()
                : WeightImporter.Policy.strict();
        var expected = HubertGraph.parameterShapes(md.config());
        WeightImporter.Report report = WeightImporter.check(expected, md.tensors(), policy, in.toString());
        var kept = new java.util.LinkedHashMap<String, org.nd4j.linalg.api.ndarray.INDArray>();
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
}
