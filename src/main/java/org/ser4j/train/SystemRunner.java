package org.ser4j.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ser4j.config.ExperimentConfig;
import org.ser4j.config.Mode;
import org.ser4j.config.ResolvedExperiment;
import org.ser4j.config.ResultConfig;
import org.ser4j.config.TrainConfig;
import org.ser4j.eval.ConfusionMatrix;
import org.ser4j.eval.Embeddings;
import org.ser4j.eval.PredictionTable;
import org.ser4j.eval.RunLayout;
import org.ser4j.eval.SystemInfo;
import org.ser4j.eval.SystemInfo.FoldResult;
import org.ser4j.provenance.EnvInfo;
import org.ser4j.provenance.GitInfo;
import org.ser4j.provenance.ProvenanceFiles;
import org.ser4j.provenance.RunProvenance;
import org.ser4j.provenance.RunStatus;
import org.ser4j.util.AtomicFiles;
import org.ser4j.util.BadInputException;
import org.ser4j.util.Seeds;
import org.ser4j.weights.ModelDirectory;
import org.ser4j.weights.ModelInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the systems of an experiment (docs/contracts.md §4): one system = (experiment, mode, trial) over all folds, in the
 * deterministic folder {@code <runs>/<experiment>/<mode>/trial-<t>/}. A fold whose {@code provenance.json} says
 * DONE for the same resolved config is reused; an interrupted fold resumes from its checkpoint. A lock file keeps
 * two processes from writing the same system.
 */
public final class SystemRunner {
    private static final Logger LOG = LoggerFactory.getLogger(SystemRunner.class);

    /** Creates the encoder of a fold run. */
    public interface EncoderProvider {
        /** @param initSeed seed of the random initial weights (pretrained tensors overwrite them) */
        EncoderFactory create(long initSeed);

        /** Per-utterance waveform normalisation, from the encoder's preprocessor config. */
        boolean normalize();

        /** Pretrained weights location for provenance (null = random init). */
        String weightsDescription();
    }

    private final ResolvedExperiment exp;
    private final ExperimentConfig cfg;
    private final ExperimentData data;
    private final EncoderProvider encoders;
    private final Path workDir;
    private final PrintStream progress;
    private GitInfo git;
    private int crashBeforeDoneFold = -1;

    public SystemRunner(ResolvedExperiment exp, ExperimentData data, EncoderProvider encoders, Path workDir,
                        PrintStream progress) {
        this.exp = exp;
        this.cfg = exp.config();
        this.data = data;
        this.encoders = encoders;
        this.workDir = workDir;
        this.progress = progress;
    }

    /**
     * The work folder's git state, asked once per runner: the code of this process does not change while it runs,
     * and each ask forks up to four {@code git} processes (~0.1 s per fold run on the demo's machine).
     */
    private synchronized GitInfo git() {
        if (git == null) {
            git = GitInfo.of(workDir);
        }
        return git;
    }

    public static long trialSeed(long root, int trial) {
        return Seeds.derive(root, "trial", trial);
    }

    public Path systemDir(Mode mode, int trial) {
        return RunLayout.systemDir(workDir.resolve(cfg.runsDir()), cfg.name(), mode.configName(), trial);
    }

    /** One system of the experiment. */
    public record SystemId(Mode mode, int trial) {}

    /** Every (mode, trial) of the experiment; fake-domain modes after the others, so they can reuse MTL step 1. */
    public List<SystemId> systems() {
        List<SystemId> out = new ArrayList<>();
        for (boolean fake : new boolean[] {false, true}) {
            for (Mode mode : cfg.modes()) {
                if (mode.isFake() == fake) {
                    for (int t = 1; t <= cfg.trials(); t++) {
                        out.add(new SystemId(mode, t));
                    }
                }
            }
        }
        return out;
    }

    public List<FoldResult> runSystem(Mode mode, int trial) throws IOException {
        Path dir = systemDir(mode, trial);
        AtomicFiles.createDirectories(dir); // runs_dir under a file: a clear error before anything is written
        try (FileChannel ch = FileChannel.open(dir.resolve(RunLayout.LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new BadInputException(dir + ": another ser4j run is writing this system (lock file .lock held)");
            }
            try {
                List<FoldResult> folds = new ArrayList<>();
                for (int k : cfg.folds()) {
                    folds.add(runFold(mode, trial, k, dir));
                }
                writeSystem(dir, mode, trial, folds);
                return folds;
            } finally {
                lock.release();
            }
        }
    }

    private FoldResult runFold(Mode mode, int trial, int k, Path sysDir) throws IOException {
        Path fd = RunLayout.foldDir(sysDir, k);
        Path prov = fd.resolve(RunLayout.PROVENANCE);
        if (Files.isRegularFile(prov)) {
            RunProvenance p = ProvenanceFiles.read(prov);
            if (p.status() == RunStatus.DONE) {
                if (!exp.sha256().equals(p.configSha256())) {
                    requireSameResults(fd, p.configSha256());
                }
                if (Files.isRegularFile(fd.resolve(RunLayout.PREDICTIONS))) {
                    LOG.info("{}: done, reused", fd);
                    deleteSelectedWeights(fd); // left by a crash between DONE and their deletion
                    return summaryOf(k, p.summary());
                }
            }
        }
        // before config.resolved.yaml and provenance.json are rewritten: a refused resume leaves the fold as it was
        ResultConfig now = ResultConfig.of(exp);
        CheckpointConfig.requireResumable(fd.resolve(RunLayout.CHECKPOINT), now);
        CheckpointConfig.requireResumable(fd.resolve(RunLayout.STEP1).resolve(RunLayout.CHECKPOINT), now);
        Files.createDirectories(fd);
        FoldData fold = data.fold(k);
        long seed = Seeds.derive(trialSeed(cfg.seed(), trial), "fold", k);
        exp.writeTo(fd.resolve(RunLayout.CONFIG));
        RunProvenance running = new RunProvenance(cfg.name(), mode.configName(), trial, k, seed, exp.sha256(), git(),
                env(), data.fingerprint(fold), encoders.weightsDescription(), RunStatus.RUNNING,
                Instant.now().toString(), null, null, null);
        ProvenanceFiles.write(prov, running);
        try {
            Map<String, Object> summary = trainFold(mode, trial, k, fold, seed, fd, sysDir);
            if (k == crashBeforeDoneFold) {
                throw new FoldTrainer.SimulatedCrash("fold " + k + ": simulated crash after its outputs were written,"
                        + " before it was marked DONE");
            }
            ProvenanceFiles.write(prov, running.finished(RunStatus.DONE, null, summary));
            deleteSelectedWeights(fd);
            return summaryOf(k, summary);
        } catch (RuntimeException | IOException | Error e) {
            ProvenanceFiles.write(prov, running.finished(RunStatus.FAILED, e.toString(), null));
            throw e;
        }
    }

    /** The fold trainer's {@code best-<step>/} folders, needed only until the fold is marked DONE. */
    private static void deleteSelectedWeights(Path fd) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.list(fd)) {
            for (Path p : files.toList()) {
                if (p.getFileName().toString().startsWith(RunLayout.BEST_PREFIX)) {
                    AtomicFiles.deleteTree(p);
                }
            }
        }
    }

    /** Test hook: stop with a simulated crash once this fold's outputs are written, before it is marked DONE. */
    void crashBeforeDone(int fold) {
        this.crashBeforeDoneFold = fold;
    }

    /**
     * A finished fold whose recorded config text differs from this run's is reused only when the difference is in
     * keys that cannot change its results ({@link ResultConfig#IGNORED_ON_RESUME}); otherwise refused, naming keys.
     */
    private void requireSameResults(Path fd, String recordedSha) throws IOException {
        Path recorded = fd.resolve(RunLayout.CONFIG);
        String differences = Files.isRegularFile(recorded)
                ? ResultConfig.of(Files.readString(recorded), recorded.toString()).describeDifferences(ResultConfig.of(exp))
                : "config sha256 " + recordedSha + ", now " + exp.sha256();
        if (!differences.isEmpty()) {
            throw new BadInputException(fd + " was trained with another configuration (" + differences
                    + "); use another runs_dir or remove it");
        }
    }

    private Map<String, Object> trainFold(Mode mode, int trial, int k, FoldData fold, long seed, Path fd, Path sysDir)
            throws IOException {
        int gamma = mode.gamma();
        ModelSpec spec = ModelSpec.of(cfg.data(), cfg.model(), gamma, Seeds.derive(seed, "heads"));
        EncoderFactory ef = encoderFactory(seed);
        MultitaskModel model = MultitaskModel.build(ef, spec);
        ef.loadPretrained(model.sameDiff());
        InputSource input = input(model, ef, fold);
        Set<String> frozen = new HashSet<>();
        if (cfg.model().freezeFeatureEncoder()) {
            frozen.addAll(model.encoder().featureEncoderVariables());
        }
        ModelDirectoryExporter exporter = new ModelDirectoryExporter(ef, spec, encoders.normalize(),
                encoders.weightsDescription());
        TrainConfig t = cfg.train();
        String stage = "train";
        int steps = t.steps();
        Integer fakeDomain = null;
        Map<String, Object> summary = new LinkedHashMap<>();
        if (mode.isFake()) {
            String target = mode.fakeDomain();
            fakeDomain = cfg.data().domains().indexOf(target);
            if (fakeDomain < 0) {
                throw new BadInputException("modes: " + mode + " needs domain " + target + " in data.domains "
                        + cfg.data().domains());
            }
            Path step1 = step1Model(trial, k, fold, seed, fd, spec, frozen, input);
            FoldTrainer.loadInto(parameters(model), ModelDirectoryExporter.readWeights(step1), step1.toString());
            frozen.addAll(model.domainHeadVariables());
            stage = "step2";
            steps = t.fakeStepsOrDefault();
            summary.put("step1_model", workDir.relativize(step1.toAbsolutePath()).toString());
        }
        TrainSettings settings = settings(stage, steps, frozen, fakeDomain, seed);
        FoldTrainer trainer = new FoldTrainer(model, fold, input, settings, fd, exporter, progress)
                .shareStatistics(statisticsStructure(ef, spec)).underConfig(exp);
        FoldTrainer.Outcome outcome = trainer.run();
        summary.putAll(finish(model, fold, outcome, fd, sysDir, exporter, settings, input));
        return summary;
    }

    /**
     * Fake-domain step 1: the finished MTL fold of this trial and fold (from {@code train.step1_system}, default the
     * experiment's own {@code mtl} system), checked by {@link Step1Reuse}; or, only when the config asks for it with
     * {@code train.step1_system: in-fold}, an MTL stage trained inside this fold.
     */
    private Path step1Model(int trial, int k, FoldData fold, long seed, Path fd, ModelSpec spec, Set<String> frozen,
                            InputSource input) throws IOException {
        String configured = cfg.train().step1System();
        if (!Step1Reuse.IN_FOLD.equals(configured)) {
            Path mtlSystem = configured != null ? workDir.resolve(configured)
                    : workDir.resolve(cfg.runsDir()).resolve(cfg.name()).resolve("mtl");
            Path mtlFold = RunLayout.foldDir(RunLayout.trialDir(mtlSystem, trial), k);
            Step1Reuse.requireReusable(mtlFold, exp, trial, k, seed);
            LOG.info("fold {}: fake-domain step 1 reuses {}", k, mtlFold);
            return mtlFold.resolve(RunLayout.MODEL);
        }
        Path own = fd.resolve(RunLayout.STEP1);
        if (ModelDirectoryExporter.hasWeights(own.resolve(RunLayout.MODEL))) {
            return own.resolve(RunLayout.MODEL);
        }
        LOG.info("fold {}: training fake-domain step 1 (MTL) in {} (train.step1_system: in-fold)", k, own);
        EncoderFactory ef = encoderFactory(seed);
        MultitaskModel mtl = MultitaskModel.build(ef, spec);
        ef.loadPretrained(mtl.sameDiff());
        ModelDirectoryExporter exporter = new ModelDirectoryExporter(ef, spec, encoders.normalize(),
                encoders.weightsDescription());
        TrainSettings s = settings("step1", cfg.train().steps(), frozen, null, seed);
        FoldTrainer.Outcome o = new FoldTrainer(mtl, fold, input, s, own, exporter, progress)
                .shareStatistics(statisticsStructure(ef, spec)).underConfig(exp).run();
        FoldTrainer.loadInto(parameters(mtl), ShardedTensors.read(o.selectedWeights(), "model"), o.selectedWeights().toString());
        exportModel(own.resolve(RunLayout.MODEL), exporter, mtl, Map.of("stage", "step1", "step", Integer.toString(o.selectedStep())));
        return own.resolve(RunLayout.MODEL);
    }

    /** What identifies the graph besides its variables, for {@link FoldTrainer#shareStatistics}; null = not shared. */
    private static String statisticsStructure(EncoderFactory ef, ModelSpec spec) {
        String k = ef.structureKey();
        return k == null ? null : k + "\nlayer_weights=" + spec.layerWeights() + "\npooling=" + spec.pooling();
    }

    /** The fold's encoder; built to start after the CNN when {@code model.conv_feature_cache} is on. */
    private EncoderFactory encoderFactory(long seed) {
        EncoderFactory ef = encoders.create(Seeds.derive(seed, "encoder-init"));
        if (!cfg.model().convFeatureCache()) {
            return ef;
        }
        if (!(ef instanceof HubertEncoderFactory h)) {
            throw new BadInputException("model.conv_feature_cache: needs a HuBERT encoder, got " + ef.describe());
        }
        return h.withConvFeatureInput();
    }

    /**
     * What the model's input is fed with: the waveforms, or (conv_feature_cache) the frozen CNN's features of every
     * utterance of the fold, shared by all folds, modes and trials that have the same CNN weights.
     */
    private InputSource input(MultitaskModel model, EncoderFactory ef, FoldData fold) throws IOException {
        if (!cfg.model().convFeatureCache()) {
            return InputSource.waveforms(data.waveforms(), encoders.normalize());
        }
        Map<String, INDArray> cnn = model.featureEncoderWeights();
        List<Example> all = new ArrayList<>(fold.train());
        all.addAll(fold.dev());
        all.addAll(fold.test());
        HubertEncoderFactory h = (HubertEncoderFactory) ef; // encoderFactory() checked the type
        return ConvFeatureCache.of(h.config(), cnn, all, data.waveforms(), encoders.normalize(), data.manifestsKey(),
                workDir.resolve(cfg.runsDir()).resolve(RunLayout.CACHE));
    }

    private TrainSettings settings(String stage, int steps, Set<String> frozen, Integer fakeDomain, long seed) {
        TrainConfig t = cfg.train();
        return new TrainSettings(stage, steps, t.batchSize(), t.gradAccum(), t.lrEncoder(), t.lrHeads(),
                t.warmupRatio(), t.weightDecay(), t.clipNorm(), t.evalEvery(), t.checkpointEvery(), t.selection(),
                t.grl(), (int) Math.round(cfg.data().maxTrainSeconds() * 16000),
                (int) Math.round(cfg.data().maxEvalSeconds() * 16000), t.evalBatchSize(), frozen, fakeDomain, seed,
                encoders.normalize(), t.headWarmupSteps(), t.headWarmupLr(), t.headWarmupDomain());
    }

    static Map<String, INDArray> parameters(MultitaskModel model) {
        Map<String, INDArray> params = new LinkedHashMap<>();
        for (String n : model.allVariables()) {
            params.put(n, model.sameDiff().getVariable(n).getArr());
        }
        return params;
    }

    /** Loads the selected weights, writes predictions (+ embeddings) and exports the model directory. */
    private Map<String, Object> finish(MultitaskModel model, FoldData fold, FoldTrainer.Outcome outcome, Path fd,
                                       Path sysDir, ModelExporter exporter, TrainSettings s, InputSource input)
            throws IOException {
        Path selected = selectedWeights(outcome, fd, s.stage());
        FoldTrainer.loadInto(parameters(model), ShardedTensors.read(selected, "model"), selected.toString());
        boolean emb = cfg.train().embeddings();
        Evaluator ev = new Evaluator(model, input, s.evalBatchSize(), s.maxEvalSamples());
        // the trainer's evaluations of the selected weights, when this process made them: the same outputs again
        Map<String, EvalResult> done = outcome.selectedEvaluations();
        EvalResult test = done.containsKey("test") ? done.get("test") : ev.evaluate("test", fold.test(), emb);
        EvalResult dev = fold.dev().isEmpty() ? null
                : done.containsKey("dev") ? done.get("dev") : ev.evaluate("dev", fold.dev(), emb);
        List<String> labels = cfg.data().labels();
        StringBuilder csv = new StringBuilder(PredictionTable.header(labels));
        test.appendPredictions(csv, fold.fold(), outcome.selectedStep(), labels);
        if (dev != null) {
            dev.appendPredictions(csv, fold.fold(), outcome.selectedStep(), labels);
        }
        if (emb) {
            EvalResult train = ev.evaluate("train", fold.train(), true);
            writeEmbeddings(sysDir, fold.fold(), train);
            writeEmbeddings(sysDir, fold.fold(), test);
            if (dev != null) {
                writeEmbeddings(sysDir, fold.fold(), dev);
            }
        }
        exportModel(fd.resolve(RunLayout.MODEL), exporter, model,
                Map.of("stage", s.stage(), "step", Integer.toString(outcome.selectedStep()),
                        "selection", cfg.train().selection().configName()));
        // predictions last: their presence marks the fold's outputs as complete. The selected weights (best-*) stay
        // until provenance.json says DONE: a rerun after a crash before that resumes from the final checkpoint,
        // which refers to them.
        AtomicFiles.writeString(fd.resolve(RunLayout.PREDICTIONS), csv.toString());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("selected_step", outcome.selectedStep());
        summary.put("selection", cfg.train().selection().configName());
        summary.put("selection_optimistic", cfg.train().selection().optimistic());
        summary.put("steps", s.steps());
        summary.put("test_uar", test.uar());
        summary.put("test_war", test.war());
        summary.put("test_dom_acc", Double.isNaN(test.domAcc()) ? null : test.domAcc());
        summary.put("dev_uar", dev == null ? null : dev.uar());
        summary.put("dev_war", dev == null ? null : dev.war());
        summary.put("timed_steps", outcome.timing().steps());
        summary.put("wall_seconds_per_step", finiteOrNull(outcome.timing().wallSecondsPerStep()));
        summary.put("cpu_seconds_per_step", finiteOrNull(outcome.timing().cpuSecondsPerStep()));
        return summary;
    }

    private static void writeEmbeddings(Path sysDir, int fold, EvalResult r) throws IOException {
        Embeddings.write(sysDir, fold, r.split(), r.examples().stream().map(Example::uttId).toList(), r.embeddings());
    }

    /**
     * The selected step's weights: the trainer's {@code best-<step>/} folder or, for a fold whose outputs were all
     * written when a crash came before it was marked DONE by a version that deleted {@code best-*} first, the model
     * directory it exported of that very step (the same tensors).
     */
    private static Path selectedWeights(FoldTrainer.Outcome outcome, Path fd, String stage) throws IOException {
        Path best = outcome.selectedWeights();
        if (ShardedTensors.exists(best, "model")) {
            return best;
        }
        Path exported = fd.resolve(RunLayout.MODEL);
        // predictions.csv is written after the model directory is in place, so its presence means the model is whole
        if (Files.isRegularFile(fd.resolve(RunLayout.PREDICTIONS)) && ModelDirectoryExporter.hasWeights(exported)
                && Files.isRegularFile(exported.resolve(ModelDirectory.INFO))) {
            ModelInfo.Training t = ModelInfo.readFrom(exported, 16_000, false).training();
            Map<String, String> note = t == null || t.note() == null ? Map.of() : t.note();
            if (stage.equals(note.get("stage"))
                    && Integer.toString(outcome.selectedStep()).equals(note.get("step"))) {
                LOG.info("{}: selected weights of step {} taken from the exported model", fd, outcome.selectedStep());
                return exported;
            }
        }
        throw new IllegalStateException(best + ": the weights of the selected step " + outcome.selectedStep()
                + " are missing and " + exported + " is not an export of that step; delete " + fd
                + " to train the fold again");
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static void exportModel(Path target, ModelExporter exporter, MultitaskModel model, Map<String, String> note)
            throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        AtomicFiles.deleteTree(tmp);
        exporter.writeModelDirectory(tmp, parameters(model), note);
        AtomicFiles.deleteTree(target);
        Files.move(tmp, target);
    }

    private static FoldResult summaryOf(int k, Map<String, Object> s) {
        Object dev = s.get("dev_uar");
        return new FoldResult(k, ((Number) s.get("selected_step")).intValue(), ((Number) s.get("test_uar")).doubleValue(),
                ((Number) s.get("test_war")).doubleValue(), dev == null ? null : ((Number) dev).doubleValue());
    }

    private void writeSystem(Path dir, Mode mode, int trial, List<FoldResult> folds) throws IOException {
        List<Path> parts = new ArrayList<>();
        for (FoldResult f : folds) {
            parts.add(RunLayout.foldDir(dir, f.fold()).resolve(RunLayout.PREDICTIONS));
        }
        Path pooled = dir.resolve(RunLayout.PREDICTIONS);
        PredictionTable.concatenate(parts, cfg.data().labels(), pooled);
        ConfusionMatrix test = PredictionTable.read(pooled).split("test").confusion();
        Map<String, Object> prov = new LinkedHashMap<>();
        GitInfo git = git();
        prov.put("config_sha256", exp.sha256());
        prov.put("git_commit", git.commit());
        prov.put("git_dirty", git.dirty());
        prov.put("ser4j_version", ser4jVersion());
        prov.put("nd4j_backend", backend());
        prov.put("encoder_weights", encoders.weightsDescription());
        new SystemInfo(cfg.name(), mode.configName(), mode.gamma(), trial, trialSeed(cfg.seed(), trial),
                cfg.data().labels(), folds.stream().map(FoldResult::fold).toList(), cfg.train().selection().configName(),
                prov,
                cfg.data().domains(), new SystemInfo.Results(test.uar(), test.war(), folds))
                .write(dir.resolve(RunLayout.SYSTEM));
    }

    static String ser4jVersion() {
        String v = SystemRunner.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    static String backend() {
        return Nd4j.getBackend().getClass().getSimpleName();
    }

    static EnvInfo env() {
        return EnvInfo.current(ser4jVersion(), backend());
    }
}
