package org.ser4j.pretrain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ser4j.audio.WaveformNormalizer;
import org.ser4j.config.GrlConfig;
import org.ser4j.data.synth.SynthCorpus;
import org.ser4j.data.synth.SynthOptions;
import org.ser4j.data.synth.SynthesisedUtterance;
import org.ser4j.nn.hubert.HubertConfig;
import org.ser4j.train.Example;
import org.ser4j.train.FoldData;
import org.ser4j.train.FoldTrainer;
import org.ser4j.train.HubertEncoderFactory;
import org.ser4j.train.ModelDirectoryExporter;
import org.ser4j.train.ModelSpec;
import org.ser4j.train.MultitaskModel;
import org.ser4j.train.TrainSettings;
import org.ser4j.util.AtomicFiles;

/**
 * Benchmark (not a test): fine-tunes the tiny encoder from the pre-trained weights or from random init with the
 * train package's own loop ({@link FoldTrainer} over {@link MultitaskModel}, vanilla mode), for the same steps, on a
 * default-shaped synthetic corpus generated with a seed pre-training never used (speakers 1..5 per domain; none of
 * them is in pre-training), and tests on the held-out session. Adds one entry to an evidence JSON.
 *
 * <p>Usage: {@code FinetuneComparison EVIDENCE.json LABEL MODEL_DIR|random STEPS CORPUS_SEED TEST_SESSION [RUN_DIR]}
 * (random init uses the architecture of MODEL_DIR given as {@code random:MODEL_DIR}).
 */
public final class FinetuneComparison {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final List<String> EMOTIONS = List.of("ang", "hap", "neu", "sad");
    static final List<String> DOMAINS = List.of("EM", "EF", "JM", "JF");

    private FinetuneComparison() {}

    public static void main(String[] args) throws Exception {
        Path evidence = Path.of(args[0]);
        String label = args[1];
        boolean random = args[2].startsWith("random:");
        Path modelDir = Path.of(random ? args[2].substring("random:".length()) : args[2]);
        int steps = Integer.parseInt(args[3]);
        long corpusSeed = Long.parseLong(args[4]);
        int testSession = Integer.parseInt(args[5]);
        Path runDir = Path.of(args.length > 6 ? args[6] : "experiments/runs/pretrain-evidence").resolve(label);

        long t0 = System.nanoTime();
        SynthCorpus corpus = new SynthCorpus(SynthOptions.defaults().withSeed(corpusSeed));
        List<SynthesisedUtterance> utts = corpus.synthesiseAll(null, true);
        Map<String, float[]> waves = new HashMap<>();
        List<Example> train = new ArrayList<>();
        List<Example> test = new ArrayList<>();
        for (SynthesisedUtterance u : utts) {
            var row = u.row();
            waves.put(row.uttId(), WaveformNormalizer.normalize(u.samples()));
            Example e = new Example(row.uttId(), row.corpus(), row.language(), row.speaker(), row.session(),
                    EMOTIONS.indexOf(row.emotion()), DOMAINS.indexOf(row.domain()), u.samples().length);
            (row.session() == testSession ? test : train).add(e);
        }
        long t1 = System.nanoTime();

        HubertConfig cfg = HubertConfig.fromJson(modelDir.resolve("config.json"));
        long seed = 1234;
        HubertEncoderFactory factory = new HubertEncoderFactory(cfg, random ? null : modelDir, seed);
        ModelSpec spec = new ModelSpec(EMOTIONS, DOMAINS, 64, false, 0, seed);
        MultitaskModel model = MultitaskModel.build(factory, spec);
        factory.loadPretrained(model.sameDiff());
        Set<String> frozen = model.encoder().featureEncoderVariables();
        int batch = 8;
        int maxTrain = 8_000; // the demo's data.max_train_seconds 0.5
        int maxEval = 12_000; // and data.max_eval_seconds 0.75
        double lrEncoder = 1e-3;
        double lrHeads = 1e-2;
        TrainSettings s = new TrainSettings("train", steps, batch, 1, lrEncoder, lrHeads, 0.1, 0.01, 1.0, steps, 0,
                "test", GrlConfig.defaults(), maxTrain, maxEval, 16, frozen, null, seed, true);
        AtomicFiles.deleteTree(runDir); // a fresh run, never a resume of an older one
        FoldTrainer trainer = new FoldTrainer(model, new FoldData(testSession, train, List.of(), test),
                ex -> waves.get(ex.uttId()), s, runDir, new ModelDirectoryExporter(factory, spec, Map.of()), System.err);
        FoldTrainer.Outcome o = trainer.run();
        long t2 = System.nanoTime();

        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("init", random ? "random (HubertGraph init, seed " + seed + ")" : modelDir.toString());
        entry.put("steps", steps);
        entry.put("test_uar", o.selectedScore());
        entry.put("last_train_loss", o.lastTrainLoss());
        entry.put("corpus", Map.of("generator", "ser4j synth defaults (800 utterances, speakers 1..5 per domain)",
                "seed", corpusSeed, "test_session", testSession, "train_utterances", train.size(),
                "test_utterances", test.size()));
        entry.put("fine_tuning", Map.of("mode", "vanilla", "batch_size", batch, "lr_encoder", lrEncoder,
                "lr_heads", lrHeads, "warmup_ratio", 0.1, "max_train_samples", maxTrain, "max_eval_samples", maxEval,
                "frozen_feature_encoder", true, "head_width", 64, "seed", seed));
        entry.put("seconds", Map.of("corpus", (t1 - t0) / 1e9, "fine_tuning", (t2 - t1) / 1e9));
        entry.put("threads", System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
        record(evidence, label, entry);
        System.out.printf("%s: test UAR %.4f after %d steps%n", label, o.selectedScore(), steps);
    }

    /** Read-modify-write of the evidence file (one entry per label), atomically replaced. */
    static synchronized void record(Path evidence, String label, Map<String, Object> entry) throws IOException {
        ObjectNode root = Files.isRegularFile(evidence) ? (ObjectNode) JSON.readTree(Files.readString(evidence))
                : JSON.createObjectNode();
        ObjectNode runs = root.has("runs") ? (ObjectNode) root.get("runs") : root.putObject("runs");
        runs.set(label, JSON.valueToTree(entry));
        if (evidence.toAbsolutePath().getParent() != null) {
            Files.createDirectories(evidence.toAbsolutePath().getParent());
        }
        AtomicFiles.writeString(evidence, JSON.writeValueAsString(root) + "\n");
    }
}
