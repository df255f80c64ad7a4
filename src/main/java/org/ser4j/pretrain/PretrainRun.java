package org.ser4j.pretrain;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ser4j.nn.hubert.HubertConfig;
import org.ser4j.nn.hubert.HubertGraph;
import org.ser4j.util.AtomicFiles;
import org.ser4j.util.BadInputException;
import org.ser4j.util.Seeds;
import org.ser4j.util.Sha256;
import org.ser4j.weights.ModelDirectory;
import org.ser4j.weights.ModelInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pre-training run end to end: synthesise the unlabelled crops, fit the k-means targets, train the masked
 * prediction, export the encoder as a model directory whose {@code ser4j-model.json} records how it was made.
 */
public final class PretrainRun {
    private static final Logger LOG = LoggerFactory.getLogger(PretrainRun.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Crops kept out of training for the final masked-prediction accuracy. */
    static final int HELD_OUT = 64;

    private PretrainRun() {}

    /** The encoder trained by pre-training: masking on, dropout and LayerDrop off (tiny model, short run). */
    public static HubertConfig pretrainingEncoder(PretrainConfig.Model m) {
        return new HubertConfig(m.hiddenSize(), m.numHiddenLayers(), m.numAttentionHeads(), m.intermediateSize(),
                Collections.nCopies(7, m.convDim()), List.of(10, 3, 3, 3, 3, 2, 2), List.of(5, 2, 2, 2, 2, 2, 2), true,
                "layer", true, true, 1e-5, m.numConvPosEmbeddings(), m.numConvPosEmbeddingGroups(), 0, 0, 0, 0, 0, true,
                m.maskTimeProb(), m.maskTimeLength(), 1, 0.0, 10, 0, Map.of());
    }

    /**
     * The config.json shipped with the encoder, for fine-tuning: same architecture, HF's fine-tuning defaults for
     * regularisation scaled to short utterances (dropout 0.1, no LayerDrop in a 2-layer model, SpecAugment time
     * masks p = 0.05 of 5 frames).
     */
    public static HubertConfig fineTuningEncoder(PretrainConfig.Model m) {
        return new HubertConfig(m.hiddenSize(), m.numHiddenLayers(), m.numAttentionHeads(), m.intermediateSize(),
                Collections.nCopies(7, m.convDim()), List.of(10, 3, 3, 3, 3, 2, 2), List.of(5, 2, 2, 2, 2, 2, 2), true,
                "layer", true, true, 1e-5, m.numConvPosEmbeddings(), m.numConvPosEmbeddingGroups(), 0.1, 0.1, 0.0, 0.0,
                0.0, true, 0.05, 5, 2, 0.0, 10, 0, Map.of());
    }

    public static PretrainModel model(PretrainConfig cfg) {
        PretrainConfig.Model m = cfg.model();
        if (cfg.targets().regression()) {
            return PretrainModel.buildRegression(pretrainingEncoder(m), 2 * (cfg.targets().cepstra() + 2),
                    m.unmaskedWeight(), Seeds.derive(cfg.seed(), "init"), HubertGraph.Entry.WAVEFORM);
        }
        return PretrainModel.build(pretrainingEncoder(m), cfg.targets().clusters(), m.projectionDim(), m.temperature(),
                m.unmaskedWeight(), Seeds.derive(cfg.seed(), "init"));
    }

    /**
     * @param base    paths in the config ({@code runs_dir}, {@code output}) are relative to it
     * @param command the command line, recorded in the provenance
     */
    public static Path run(Path configFile, Path base, String command, int synthThreads, PrintStream progress)
            throws IOException {
        PretrainConfig cfg = PretrainConfig.load(configFile);
        Path runDir = base.resolve(cfg.runsDir()).resolve(cfg.name());
        Path out = base.resolve(cfg.output());
        long t0 = System.nanoTime();
        UnlabelledUtterances utts = UnlabelledUtterances.synthesise(cfg.data(), synthThreads);
        UnlabelledCrops crops = UnlabelledCrops.crop(utts, cfg.data().cropSeconds(), cfg.seed());
        long t1 = System.nanoTime();
        LOG.info("{} crops of {} samples synthesised in {} s, fingerprint {}", crops.size(), crops.cropSamples(),
                String.format("%.1f", (t1 - t0) / 1e9), crops.fingerprint());
        CropTargets targets;
        Map<String, Object> targetInfo;
        if (cfg.targets().regression()) {
            FrameRegressionTargets rt = FrameRegressionTargets.fit(crops, cfg.targets().cepstra());
            targets = rt;
            targetInfo = new LinkedHashMap<>(rt.describe());
            targetInfo.put("objective", PretrainConfig.REGRESSION_OBJECTIVE);
        } else {
            ClusterTargets ct = ClusterTargets.fit(crops, cfg.targets(), cfg.seed());
            targets = ct;
            targetInfo = new LinkedHashMap<>(Map.of("features", "MFCC 13 + delta 13, window 400 hop 320 (50 Hz), standardised",
                    "clusters", ct.clusters(), "kmeans_frames", cfg.targets().kmeansFrames(),
                    "kmeans_inertia", ct.inertia()));
        }
        long t2 = System.nanoTime();
        LOG.info("targets ({}) in {} s", cfg.targets().objective(), String.format("%.1f", (t2 - t1) / 1e9));
        PretrainModel model = model(cfg);
        Pretrainer trainer = new Pretrainer(model, crops, targets, cfg.train(), cfg.seed(), HELD_OUT, runDir, progress);
        Pretrainer.Result r = trainer.run();
        long t3 = System.nanoTime();
        PretrainModel last = model;
        List<Map<String, Object>> stages = new java.util.ArrayList<>();
        if (!cfg.stages().isEmpty()) {
            long f0 = System.nanoTime();
            List<float[]> features = FrozenCnnStage.cnnFeatures(model, utts);
            List<float[]> normalised = utts.normalised();
            LOG.info("CNN features of {} whole utterances in {} s", features.size(),
                    String.format("%.1f", (System.nanoTime() - f0) / 1e9));
            for (PretrainConfig.Stage stage : cfg.stages()) {
                FrozenCnnStage.Outcome o = FrozenCnnStage.run(cfg, stage, last, features, normalised, runDir, HELD_OUT,
                        progress);
                last = o.model();
                stages.add(o.provenance());
            }
        }
        long t4 = System.nanoTime();
        Map<String, Object> prov = new LinkedHashMap<>();
        prov.put("command", command);
        // The code that made the weights: a dirty tree is recorded as such, with the hash of its diff.
        org.ser4j.provenance.GitInfo git = org.ser4j.provenance.GitInfo.of(configFile.toAbsolutePath().getParent());
        prov.put("code_commit", git.commit());
        prov.put("code_dirty", git.dirty());
        prov.put("config_file", configFile.toString());
        prov.put("config_sha256", Sha256.ofFile(configFile));
        prov.put("seed", cfg.seed());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("generator", "ser4j synthetic corpus (org.ser4j.data.synth), labels not used");
        data.put("synth_seed", cfg.data().synthSeed());
        data.put("speaker_numbers_per_domain", List.of(cfg.data().speakerFrom(), cfg.data().speakerTo()));
        data.put("utterances", crops.size());
        data.put("crop_seconds", cfg.data().cropSeconds());
        data.put("fingerprint_sha256", crops.fingerprint());
        prov.put("data", data);
        prov.put("targets", targetInfo);
        prov.put("steps", r.steps());
        prov.put("batch_size", cfg.train().batchSize());
        prov.put("final_train_loss", r.lastWindowLoss());
        prov.put("final_train_masked_accuracy", r.lastWindowMaskedAccuracy());
        prov.put("held_out_crops", HELD_OUT);
        prov.put("held_out_masked_loss", r.heldOut().loss());
        if (cfg.targets().regression()) {
            prov.put("held_out_masked_r2", r.heldOut().maskedAccuracy());
        } else {
            prov.put("held_out_masked_accuracy", r.heldOut().maskedAccuracy());
            prov.put("chance_masked_accuracy", 1.0 / cfg.targets().clusters());
        }
        prov.put("seconds", Map.of("synthesis", (t1 - t0) / 1e9, "kmeans", (t2 - t1) / 1e9, "training", (t3 - t2) / 1e9));
        if (!stages.isEmpty()) {
            // The fields above describe the waveform stage (it trains the CNN); the later stages continue from it.
            prov.put("frozen_cnn_stages", stages);
            prov.put("frozen_cnn_stages_seconds", (t4 - t3) / 1e9);
            Map<String, Object> fin = stages.get(stages.size() - 1);
            prov.put("final_held_out_masked_accuracy", fin.get("held_out_masked_accuracy"));
            prov.put("final_chance_masked_accuracy", fin.get("chance_masked_accuracy"));
        }
        prov.put("threads", System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
        if (cfg.probe() != null) {
            long p0 = System.nanoTime();
            Map<String, Object> probe = new LinkedHashMap<>(EncoderProbe.againstBaseline(last.encoder().config(),
                    last.encoderTensors(), cfg.probe().corpusSeed(), synthThreads));
            probe.put("seconds", (System.nanoTime() - p0) / 1e9);
            LOG.info("linear probe (corpus seed {}): last hidden {} (mean), {} (mean_std) vs MFCC baseline {}",
                    cfg.probe().corpusSeed(), String.format("%.4f", (Double) probe.get("last_hidden")),
                    String.format("%.4f", (Double) probe.get("last_hidden_mean_std")),
                    String.format("%.4f", (Double) probe.get("mfcc_baseline")));
            prov.put("linear_probe", probe);
        }
        export(out, fineTuningEncoder(cfg.model()), last.encoderTensors(), prov);
        AtomicFiles.writeString(runDir.resolve("result.json"), JSON.writeValueAsString(prov) + "\n");
        return out;
    }

    /**
     * Runs the config's linear probe again on the encoder it already wrote (its {@code output}) and replaces the
     * {@code pretraining.linear_probe} of that directory's ser4j-model.json; the weights are not touched. For an
     * encoder made before the probe measured what it now measures.
     *
     * @return the new probe record
     */
    public static Map<String, Object> reprobe(Path configFile, Path base, String command, int synthThreads)
            throws IOException {
        PretrainConfig cfg = PretrainConfig.load(configFile);
        if (cfg.probe() == null) {
            throw new BadInputException(configFile + ": no probe: section (probe.corpus_seed) to run");
        }
        Path out = base.resolve(cfg.output());
        org.ser4j.weights.ModelDirectory md = org.ser4j.weights.ModelDirectory.load(out);
        Path infoFile = out.resolve(ModelDirectory.INFO);
        ModelInfo meta = ModelInfo.read(infoFile, 16_000, true);
        if (!(meta.records().get("pretraining") instanceof ObjectNode found)) {
            throw new BadInputException(infoFile + ": no 'pretraining' record (not written by ser4j pretrain)");
        }
        ObjectNode pre = found.deepCopy();
        String weights = Sha256.ofFile(out.resolve("model.safetensors"));
        if (pre.has("weights_sha256") && !weights.equals(pre.get("weights_sha256").asText())) {
            throw new BadInputException(out.resolve("model.safetensors") + ": SHA-256 " + weights + " differs from "
                    + "the pretraining record's weights_sha256; refusing to attach a probe to other weights");
        }
        long p0 = System.nanoTime();
        Map<String, Object> probe = new LinkedHashMap<>(EncoderProbe.againstBaseline(md.config(), md.tensors(),
                cfg.probe().corpusSeed(), synthThreads));
        probe.put("seconds", (System.nanoTime() - p0) / 1e9);
        probe.put("command", command);
        org.ser4j.provenance.GitInfo git = org.ser4j.provenance.GitInfo.of(configFile.toAbsolutePath().getParent());
        probe.put("code_commit", git.commit());
        pre.set("linear_probe", JSON.valueToTree(probe));
        meta.withRecord("pretraining", pre).writeTo(out);
        return probe;
    }

    /** Writes the model directory and adds the provenance to its ser4j-model.json. */
    static void export(Path out, HubertConfig config, Map<String, INDArray> tensors, Map<String, Object> prov)
            throws IOException {
        ModelInfo info = ModelInfo.encoderOnly(16_000, true, "ser4j pretrain", null, "ser4j-pretrain");
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        AtomicFiles.deleteTree(tmp);
        ModelDirectory.write(tmp, config, true, 16_000, tensors, info);
        Map<String, Object> p = new LinkedHashMap<>(prov);
        p.put("weights_sha256", Sha256.ofFile(tmp.resolve("model.safetensors")));
        info.withRecord("pretraining", JSON.valueToTree(p)).writeTo(tmp);
        AtomicFiles.deleteTree(out);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.move(tmp, out);
    }
}
