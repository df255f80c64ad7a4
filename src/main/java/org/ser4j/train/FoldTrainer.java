package org.ser4j.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ser4j.config.ResolvedExperiment;
import org.ser4j.config.ResultConfig;
import org.ser4j.config.Selection;
import org.ser4j.eval.MetricsLine;
import org.ser4j.eval.MetricsLog;
import org.ser4j.eval.PredictionTable;
import org.ser4j.eval.RunLayout;
import org.ser4j.nn.heads.GradientReversal;
import org.ser4j.nn.heads.PooledStandardization;
import org.ser4j.util.AtomicFiles;
import org.ser4j.util.BadInputException;
import org.ser4j.util.Recall;
import org.ser4j.util.Seeds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop of one stage of one fold, written over {@code calculateGradientsAndOutputs} with our own
 * {@link AdamW}: per-group learning rates (encoder vs heads) on a warm-up + linear-decay schedule, global-norm
 * clipping, gradient accumulation, frozen variables, GRL lambda per step, evaluation every N steps with selection
 * of the best step, and a checkpoint every M steps from which {@link #run()} resumes exactly.
 *
 * <p>WHY not {@code sd.fit}: it has no AdamW, no per-group learning rates that survive save/load, and its updater
 * state lives in the FlatBuffers file that cannot pass 2 GiB.
 *
 * <p>Files in {@code dir}: {@code metrics.jsonl}, {@code checkpoint/} (model weights, {@code optimizer.safetensors},
 * {@code trainer.json}) and {@code best-<step>/} (weights of the selected step so far).
 */
public final class FoldTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(FoldTrainer.class);
    static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT).build();

    /**
     * What a finished stage selected. {@code selectedEvaluations} holds the evaluations ({@code test}, and {@code dev}
     * when the fold has one; with embeddings) that this process made of the selected weights, so that the caller
     * does not run them again; empty when the selected step was evaluated before a resume.
     */
    public record Outcome(int selectedStep, double selectedScore, Path selectedWeights, double lastTrainLoss,
                          StepTiming timing, Map<String, EvalResult> selectedEvaluations) {
        public Outcome {
            selectedEvaluations = Map.copyOf(selectedEvaluations);
        }
    }

    /**
     * Mean wall-clock and CPU seconds per optimizer step of this process's training steps (evaluation excluded;
     * CPU time is the training thread's, so it stays meaningful on a loaded machine). NaN when no step ran.
     */
    public record StepTiming(int steps, double wallSecondsPerStep, double cpuSecondsPerStep) {
    }

    /**
     * A non-finite training loss or global gradient norm: the fold stops before the step updates any weight, so
     * nothing non-finite is checkpointed, selected or exported. The message names the fold, stage, step, the
     * quantity, the loss terms and the batch's utterance ids.
     */
    public static final class NonFiniteTraining extends IllegalStateException {
        private final int fold;
        private final int step;
        private final String quantity;

        NonFiniteTraining(int fold, String stage, int step, String quantity, double value, String detail) {
            super("fold " + fold + " (" + stage + "), step " + step + ": non-finite " + quantity + " (" + value
                    + ")" + detail + "; training stopped before this step updated any weight (nothing exported)");
            this.fold = fold;
            this.step = step;
            this.quantity = quantity;
        }

        public int fold() {
            return fold;
        }

        public int step() {
            return step;
        }

        /** What was non-finite: {@code emotion loss}, {@code domain loss} or {@code gradient norm}. */
        public String quantity() {
            return quantity;
        }
    }

    /** Thrown by the test hook that simulates a crash after a given step. */
    static final class SimulatedCrash extends RuntimeException {
        SimulatedCrash(int step) {
            this("simulated crash after step " + step);
        }

        SimulatedCrash(String where) {
            super(where);
        }
    }

    private final MultitaskModel model;
    private final FoldData data;
    private final InputSource source;
    private final TrainSettings s;
    private final Path dir;
    private final ModelExporter exporter;
    private final PrintStream progressOut;
    private int crashAfterStep = -1;
    private Evaluator evaluator;
    /** This run's evaluations at the latest evaluation step, by split. */
    private final Map<String, EvalResult> latest = new LinkedHashMap<>();
    private String statisticsStructure;
    /** The resolved config this run is under (null = none given: checkpoints record no config). */
    private ResolvedExperiment config;

    public FoldTrainer(MultitaskModel model, FoldData data, WaveformSource source, TrainSettings settings, Path dir,
                       ModelExporter exporter, PrintStream progressOut) {
        this(model, data, InputSource.waveforms(source, settings.normalize()), settings, dir, exporter, progressOut);
    }

    /** @param source what the encoder's input is fed with: waveforms, or cached CNN features for a frozen CNN */
    public FoldTrainer(MultitaskModel model, FoldData data, InputSource source, TrainSettings settings, Path dir,
                       ModelExporter exporter, PrintStream progressOut) {
        this.model = model;
        this.data = data;
        this.source = source;
        this.s = settings;
        this.dir = dir;
        this.exporter = exporter;
        this.progressOut = progressOut;
        if (s.selection() == Selection.DEV && data.dev().isEmpty()) {
            throw new BadInputException("train.selection: 'dev' needs a dev split (set data.dev_speakers > 0 or give "
                    + "dev rows in data.splits), fold " + data.fold() + " has none");
        }
    }

    /**
     * Lets this run take fixed pooled-output statistics that another fold run of this process measured on the same
     * sample with the same encoder ({@link PooledStatisticsMemo}); {@code structure} must identify the graph's
     * structure beyond its variables (the encoder's config). The statistics are the ones this run would measure.
     */
    public FoldTrainer shareStatistics(String structure) {
        this.statisticsStructure = structure;
        return this;
    }

    /**
     * Records {@code exp}'s {@link ResultConfig} digest (and a copy of its resolved config) in every checkpoint, and
     * refuses to resume a checkpoint written under a config that differs in a key that can change results.
     */
    public FoldTrainer underConfig(ResolvedExperiment exp) {
        this.config = exp;
        return this;
    }

    private String configDigest() {
        return config == null ? null : ResultConfig.of(config).sha256();
    }

    /** Test hook: stop with {@link SimulatedCrash} right after this step (and after any checkpoint it writes). */
    void crashAfter(int step) {
        this.crashAfterStep = step;
    }

    public Path checkpointDir() {
        return dir.resolve(RunLayout.CHECKPOINT);
    }

    public Outcome run() throws IOException {
        Files.createDirectories(dir);
        List<String> trainable = new ArrayList<>();
        Set<String> fixed = model.fixedVariables();
        for (String n : model.allVariables()) {
            if (!s.frozen().contains(n) && !fixed.contains(n)) {
                trainable.add(n);
            }
        }
        Map<String, INDArray> params = new LinkedHashMap<>();
        for (String n : model.allVariables()) {
            params.put(n, model.sameDiff().getVariable(n).getArr());
        }
        AdamW adam = AdamW.defaults();
        MetricsLog metrics = new MetricsLog(dir.resolve(RunLayout.METRICS));
        TrainerState state = loadCheckpoint(params, adam);
        if (state == null) {
            state = new TrainerState(s.stage(), 0, 0, 0, s.seed(), s.steps(), null, null, new RunningTrainMetrics(),
                    configDigest());
            deleteBestDirs(null);
            if (s.headWarmupSteps() > 0 && !s.stage().equals("step2")) {
                warmUpHeads(params); // sets the standardisation statistics too
            } else if (!fixed.isEmpty() && !s.stage().equals("step2")) {
                setPooledStatistics(params);
            }
        } else {
            LOG.info("{}: resuming {} at step {} of {}", dir, s.stage(), state.step(), s.steps());
            deleteBestDirs(state.bestStep());
        }
        metrics.resume(state.step());

        LearningRateSchedule schedule = LearningRateSchedule.ofRatio(s.warmupRatio(), s.steps());
        DataOrder order = new DataOrder(Seeds.derive(s.seed(), "order"), data.train().size(), s.batchSize());
        evaluator = new Evaluator(model, source, s.evalBatchSize(), s.maxEvalSamples());
        latest.clear();
        Map<String, EvalResult> selected = Map.of();
        List<String> outputs = new ArrayList<>(List.of(MultitaskModel.LOSS_EMO, MultitaskModel.EMOTION_LOGITS));
        if (model.spec().hasDomainHead()) {
            outputs.add(MultitaskModel.LOSS_DOM);
        }
        boolean batchStats = PooledStandardization.hasBatchStatistics(model.sameDiff());
        if (batchStats) {
            if (s.batchSize() < 2) {
                throw new BadInputException("train.batch_size: model.pooled_statistics: batch needs at least 2 "
                        + "utterances per batch, got " + s.batchSize());
            }
            outputs.add(MultitaskModel.FE_OUTPUT);
        }
        ProgressBar bar = new ProgressBar(progressOut, "fold " + data.fold() + " " + s.stage(), state.step(), s.steps());
        int step = state.step();
        long position = state.position();
        Integer bestStep = state.bestStep();
        double bestScore = state.bestScore() == null ? Double.NEGATIVE_INFINITY : state.bestScore();
        double lastUar = Double.NaN;
        double lastLoss = Double.NaN;
        RunningTrainMetrics run = state.running() == null ? new RunningTrainMetrics() : state.running().copy();

        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long wallNanos = 0;
        long cpuNanos = 0;
        int timedSteps = 0;
        while (step < s.steps()) {
            long wall0 = System.nanoTime();
            long cpu0 = threads.getCurrentThreadCpuTime();
            double progress = (double) step / s.steps();
            if (model.grlLambdaName() != null) {
                double lambda = s.grl().schedule().equals("ganin") ? GradientReversal.ganinLambda(progress, s.grl().lambda())
                        : s.grl().lambda();
                model.setGrlLambda(lambda);
            }
            Map<String, INDArray> acc = new LinkedHashMap<>();
            double stepLoss = 0;
            List<String> stepUtterances = new ArrayList<>();
            for (int micro = 0; micro < s.gradAccum(); micro++) {
                List<Example> items = new ArrayList<>();
                for (int i : order.batch(position)) {
                    items.add(data.train().get(i));
                }
                Batch b = BatchAssembler.assemble(items, source, s.maxTrainSamples(),
                        new Random(Seeds.derive(s.seed(), "crop", position)));
                Map<String, INDArray> masks = model.encoder().trainingMasks(b.size(), b.length(), b.lengths(),
                        new Random(Seeds.derive(s.seed(), "masks", position)));
                Map<String, INDArray> ph = Evaluator.inputs(model, b, masks, s.fakeDomain());
                List<String> batchIds = b.examples().stream().map(Example::uttId).toList();
                stepUtterances.addAll(batchIds);
                OutAndGrad og;
                if (batchStats) {
                    // the step standardises with its own batch; evaluation (and everything else) with running stats
                    PooledStandardization.useBatchStatistics(model.sameDiff(), true);
                    try {
                        og = model.sameDiff().calculateGradientsAndOutputs(ph, outputs, trainable);
                    } finally {
                        PooledStandardization.useBatchStatistics(model.sameDiff(), false);
                    }
                    checkLosses(og, step + 1, batchIds); // before the running statistics take this batch in
                    PooledStandardization.updateRunning(params.get(PooledStandardization.MEAN),
                            params.get(PooledStandardization.STD),
                            og.getOutputs().get(MultitaskModel.FE_OUTPUT).toFloatMatrix(), PooledStandardization.MOMENTUM);
                } else {
                    og = model.sameDiff().calculateGradientsAndOutputs(ph, outputs, trainable);
                    checkLosses(og, step + 1, batchIds);
                }
                model.encoder().releaseTrainingMasks(masks);
                for (String n : trainable) {
                    INDArray g = og.getGradients().get(n);
                    if (g == null) {
                        continue; // not reachable from the loss (e.g. an unused layer)
                    }
                    INDArray prev = acc.get(n);
                    if (s.gradAccum() == 1) {
                        acc.put(n, g); // consumed by AdamW before the next call: no copy needed
                    } else if (prev == null) {
                        acc.put(n, g.dup());
                    } else {
                        prev.addi(g);
                    }
                    if (s.gradAccum() > 1 && g.closeable()) {
                        g.close(); // copied or added: free its off-heap memory now, not when the GC finalises it
                    }
                }
                double le = og.getOutputs().get(MultitaskModel.LOSS_EMO).getDouble(0);
                double ld = model.spec().hasDomainHead() ? og.getOutputs().get(MultitaskModel.LOSS_DOM).getDouble(0) : 0;
                run.lossEmo += le;
                run.lossDom += ld;
                stepLoss += le + Math.abs(model.spec().gamma()) * ld;
                run.count++;
                float[][] logits = og.getOutputs().get(MultitaskModel.EMOTION_LOGITS).toFloatMatrix();
                for (int i = 0; i < b.size(); i++) {
                    run.truth.add(b.examples().get(i).emotion());
                    run.predicted.add(Recall.argmax(logits[i]));
                }
                position++;
            }
            if (s.gradAccum() > 1) {
                for (INDArray g : acc.values()) {
                    g.divi(s.gradAccum());
                }
            }
            double norm = globalNorm(acc);
            if (!Double.isFinite(norm)) {
                throw new NonFiniteTraining(data.fold(), s.stage(), step + 1, "gradient norm", norm,
                        "; losses of the step finite (sum " + stepLoss / s.gradAccum() + "); batch utterances "
                                + stepUtterances);
            }
            clip(acc, s.clipNorm(), norm);
            double factor = schedule.factor(step);
            adam.step(params, acc, n -> factor * (MultitaskModel.isHeadVariable(n) ? s.lrHeads() : s.lrEncoder()),
                    s.weightDecay(), n -> params.get(n).rank() > 1);
            OffHeapGc.afterStep();
            step++;
            lastLoss = stepLoss / s.gradAccum();
            if (step > state.step() + 1) { // the first step of a process builds the gradient graph: not typical
                wallNanos += System.nanoTime() - wall0;
                cpuNanos += threads.getCurrentThreadCpuTime() - cpu0;
                timedSteps++;
            }

            if (step % s.evalEvery() == 0 || step == s.steps()) {
                int[] t = run.truthArray();
                int[] p = run.predictedArray();
                metrics.append(new MetricsLine(step, "train", Recall.uar(t, p, model.spec().emotions().size()), Recall.war(t, p),
                        run.lossEmo / run.count, model.spec().hasDomainHead() ? run.lossDom / run.count : Double.NaN,
                        Double.NaN));
                run.reset();
                EvalResult test = evaluateKept("test", data.test());
                metrics.append(new MetricsLine(step, "test", test.uar(), test.war(), test.lossEmo(), test.lossDom(), test.domAcc()));
                double score = test.uar();
                if (!data.dev().isEmpty()) {
                    EvalResult dev = evaluateKept("dev", data.dev());
                    metrics.append(new MetricsLine(step, "dev", dev.uar(), dev.war(), dev.lossEmo(), dev.lossDom(), dev.domAcc()));
                    if (s.selection() == Selection.DEV) {
                        score = dev.uar();
                    }
                    writeEvalPredictions(step, test, dev);
                }
                lastUar = test.uar();
                if (score > bestScore) {
                    bestScore = score;
                    Integer previous = bestStep;
                    bestStep = step;
                    selected = Map.copyOf(latest);
                    writeWeights(bestDir(step), params);
                    // keep the previous best while the last checkpoint may still refer to it
                    deleteBestDirsExcept(List.of(step, previous == null ? -1 : previous, checkpointBest()));
                }
            }
            boolean checkpointNow = step == s.steps() || (s.checkpointEvery() > 0 && step % s.checkpointEvery() == 0);
            if (checkpointNow) {
                writeCheckpoint(params, adam, new TrainerState(s.stage(), step, position, adam.stepCount(), s.seed(),
                        s.steps(), bestStep, bestStep == null ? null : bestScore, run.copy(), configDigest()));
                deleteBestDirsExcept(List.of(bestStep == null ? -1 : bestStep));
            }
            bar.update(step, lastLoss, lastUar, step == s.steps());
            if (step == crashAfterStep) {
                throw new SimulatedCrash(step);
            }
        }
        if (bestStep == null) {
            throw new IllegalStateException("no evaluation happened in " + dir);
        }
        StepTiming timing = new StepTiming(timedSteps, timedSteps == 0 ? Double.NaN : wallNanos / 1e9 / timedSteps,
                timedSteps == 0 ? Double.NaN : cpuNanos / 1e9 / timedSteps);
        if (timedSteps > 0) {
            LOG.info("{} {}: {} steps timed, {} s wall / {} s CPU per step", dir.getFileName(), s.stage(), timedSteps,
                    String.format(java.util.Locale.ROOT, "%.3f", timing.wallSecondsPerStep()),
                    String.format(java.util.Locale.ROOT, "%.3f", timing.cpuSecondsPerStep()));
        }
        return new Outcome(bestStep, bestScore, bestDir(bestStep), lastLoss, timing, selected);
    }

    /**
     * Evaluates a split with embeddings (the FE output is computed anyway; asking for it changes no other output)
     * and keeps the result, so that the evaluations of the selected step can be handed to the caller.
     */
    private EvalResult evaluateKept(String split, List<Example> examples) {
        if (latest.containsKey(split)) {
            latest.clear(); // a new evaluation step
        }
        EvalResult r = evaluator.evaluate(split, examples, true);
        latest.put(split, r);
        return r;
    }

    /**
     * The test and dev predictions of one evaluation, in {@code predictions.csv} format: with them a run selected on
     * one split can be re-scored under the other selection (test- and dev-selected UAR from one training run).
     */
    private void writeEvalPredictions(int step, EvalResult test, EvalResult dev) throws IOException {
        List<String> labels = model.spec().emotions();
        StringBuilder csv = new StringBuilder(PredictionTable.header(labels));
        test.appendPredictions(csv, data.fold(), step, labels);
        dev.appendPredictions(csv, data.fold(), step, labels);
        AtomicFiles.writeString(RunLayout.evalPredictions(dir, step), csv.toString());
    }

    /** Utterances whose pooled FE outputs give the standardisation statistics (a seeded sample, training crops). */
    static final int STATISTICS_UTTERANCES = 256;

    /**
     * Measures the pooled FE output's mean and spread on a seeded sample of training utterances (evaluation mode,
     * cropped as in training) with the initial weights, and fixes them in the model. Step 2 of fake-domain training
     * keeps step 1's statistics, since its heads were trained on them.
     */
    private void setPooledStatistics(Map<String, INDArray> params) {
        List<Example> sample = new ArrayList<>(data.train());
        java.util.Collections.shuffle(sample, new Random(Seeds.derive(s.seed(), "fe-norm")));
        List<Example> chosen = sample.subList(0, Math.min(STATISTICS_UTTERANCES, sample.size()));
        Supplier<float[][]> measure = () -> PooledStandardization.statistics(
                new Evaluator(model, source, s.evalBatchSize(), s.maxTrainSamples())
                        .evaluate("statistics", chosen, true).embeddings());
        float[][] stats = pooledRows("", chosen, s.maxTrainSamples(), params, measure);
        params.get(PooledStandardization.MEAN).assign(org.nd4j.linalg.factory.Nd4j.createFromArray(stats[0]));
        params.get(PooledStandardization.STD).assign(org.nd4j.linalg.factory.Nd4j.createFromArray(stats[1]));
    }

    /**
     * What {@code compute} gives from the initial FE over {@code examples}: shared with other fold runs of this process
     * through {@link PooledStatisticsMemo} when the graph's structure is known ({@link #shareStatistics}).
     */
    private float[][] pooledRows(String purpose, List<Example> examples, int maxSamples, Map<String, INDArray> params,
                                 Supplier<float[][]> compute) {
        if (statisticsStructure == null) {
            return compute.get();
        }
        Map<String, INDArray> fe = new LinkedHashMap<>();
        for (String n : model.featureExtractorVariables()) {
            fe.put(n, params.get(n));
        }
        return PooledStatisticsMemo.get(PooledStatisticsMemo.key(statisticsStructure + purpose, fe, examples,
                maxSamples, s.evalBatchSize(), source), compute);
    }

    /**
     * {@link HeadWarmup} on the initial encoder's pooled outputs of the training utterances (whole, as evaluated).
     * The outputs are computed for every utterance of the fold (train, dev and test, in utterance-id order) because
     * that set and order are the same in every fold of a corpus, so the folds, modes and trials of a process share one
     * computation ({@link PooledStatisticsMemo}); only the training rows reach the heads. Step 2 of fake-domain
     * training continues from step 1's heads and has no warm-up.
     */
    private void warmUpHeads(Map<String, INDArray> params) {
        List<Example> all = new ArrayList<>(data.train());
        all.addAll(data.dev());
        all.addAll(data.test());
        all.sort(java.util.Comparator.comparing(Example::uttId));
        long t0 = System.nanoTime();
        Supplier<float[][]> compute = () -> new Evaluator(model, source, s.evalBatchSize(), s.maxEvalSamples())
                .evaluate("head-warmup", all, true).embeddings();
        float[][] rows = pooledRows("\nhead-warmup", all, s.maxEvalSamples(), params, compute);
        Map<String, Integer> row = new java.util.HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            row.put(all.get(i).uttId(), i);
        }
        float[][] train = new float[data.train().size()][];
        for (int i = 0; i < train.length; i++) {
            train[i] = rows[row.get(data.train().get(i).uttId())];
        }
        long t1 = System.nanoTime();
        HeadWarmup.Result r = HeadWarmup.run(model, params, data.train(), train, s.headWarmupSteps(),
                s.headWarmupLr(), s.weightDecay(), s.headWarmupDomain());
        LOG.info("fold-{} {}: head warm-up {} steps, loss {} (emotion), train UAR {}; FE outputs {} s, steps {} s",
                data.fold(), s.stage(), r.steps(), String.format("%.3f", r.lossEmo()),
                String.format("%.3f", r.trainUar()), String.format("%.1f", (t1 - t0) / 1e9),
                String.format("%.1f", (System.nanoTime() - t1) / 1e9));
    }

    /**
     * Stops the fold when a loss term of this micro-batch is non-finite (before its gradients are used). The loss
     * terms are read as they are read for the running metrics.
     */
    private void checkLosses(OutAndGrad og, int step, List<String> batchIds) {
        double le = og.getOutputs().get(MultitaskModel.LOSS_EMO).getDouble(0);
        double ld = model.spec().hasDomainHead() ? og.getOutputs().get(MultitaskModel.LOSS_DOM).getDouble(0) : 0;
        if (Double.isFinite(le) && Double.isFinite(ld)) {
            return;
        }
        String terms = "; loss terms: emotion " + le + (model.spec().hasDomainHead() ? ", domain " + ld : "")
                + "; batch utterances " + batchIds;
        throw Double.isFinite(le)
                ? new NonFiniteTraining(data.fold(), s.stage(), step, "domain loss", ld, terms)
                : new NonFiniteTraining(data.fold(), s.stage(), step, "emotion loss", le, terms);
    }

    /** The global L2 norm of the gradients (NaN or infinite when any entry is). */
    static double globalNorm(Map<String, INDArray> grads) {
        double sq = 0;
        for (INDArray g : grads.values()) {
            double n = g.norm2Number().doubleValue();
            sq += n * n;
        }
        return Math.sqrt(sq);
    }

    /**
     * Scales gradients so that their global L2 norm is at most {@code maxNorm} (0 = off). Returns the norm.
     * A non-finite norm is refused: scaling cannot repair it (a NaN norm would pass through, an infinite one would
     * turn every gradient into NaN).
     */
    static double clip(Map<String, INDArray> grads, double maxNorm) {
        double norm = globalNorm(grads);
        if (!Double.isFinite(norm)) {
            throw new IllegalStateException("gradient clipping: the global gradient norm is " + norm);
        }
        return clip(grads, maxNorm, norm);
    }

    /** {@link #clip(Map, double)} with the norm already computed by {@link #globalNorm}. */
    static double clip(Map<String, INDArray> grads, double maxNorm, double norm) {
        if (maxNorm > 0 && norm > maxNorm) {
            double scale = maxNorm / (norm + 1e-6);
            for (INDArray g : grads.values()) {
                g.muli(scale);
            }
        }
        return norm;
    }

    Path bestDir(int step) {
        return RunLayout.bestDir(dir, step);
    }

    private int checkpointBest() {
        Path f = checkpointDir().resolve("trainer.json");
        if (!Files.isRegularFile(f)) {
            return -1;
        }
        try {
            TrainerState st = JSON.readValue(Files.readString(f), TrainerState.class);
            return st.bestStep() == null ? -1 : st.bestStep();
        } catch (IOException e) {
            return -1;
        }
    }

    private void writeWeights(Path target, Map<String, INDArray> params) throws IOException {
        Path tmp = dir.resolve(target.getFileName() + ".tmp");
        AtomicFiles.deleteTree(tmp);
        ShardedTensors.write(tmp, "model", params);
        AtomicFiles.deleteTree(target);
        Files.move(tmp, target);
    }

    private void writeCheckpoint(Map<String, INDArray> params, AdamW adam, TrainerState st) throws IOException {
        Path tmp = dir.resolve("checkpoint.tmp");
        AtomicFiles.deleteTree(tmp);
        Files.createDirectories(tmp);
        exporter.writeModelDirectory(tmp, params, Map.of("stage", st.stage(), "step", Integer.toString(st.step())));
        ShardedTensors.write(tmp, "optimizer", adam.state());
        if (config != null) {
            config.writeTo(tmp.resolve(CheckpointConfig.FILE)); // names the differing keys if a resume is refused
        }
        AtomicFiles.writeString(tmp.resolve("trainer.json"), JSON.writeValueAsString(st));
        AtomicFiles.publishDirectory(tmp, checkpointDir());
    }

    /** Loads the latest checkpoint into {@code params}/{@code adam}; null when there is none. */
    private TrainerState loadCheckpoint(Map<String, INDArray> params, AdamW adam) throws IOException {
        Path live = checkpointDir();
        if (!AtomicFiles.recoverDirectory(live, "trainer.json")) {
            return null;
        }
        if (config != null) {
            CheckpointConfig.requireResumable(live, ResultConfig.of(config));
        }
        TrainerState st = JSON.readValue(Files.readString(live.resolve("trainer.json")), TrainerState.class);
        if (!st.stage().equals(s.stage()) || st.totalSteps() != s.steps() || st.seed() != s.seed()) {
            throw new BadInputException(live + ": checkpoint of stage " + st.stage() + " (" + st.totalSteps()
                    + " steps, seed " + st.seed() + ") does not match this run (" + s.stage() + ", " + s.steps()
                    + " steps, seed " + s.seed() + "); delete the fold folder to start over");
        }
        loadInto(params, ShardedTensors.read(live, "model"), live.toString());
        adam.restore(ShardedTensors.read(live, "optimizer"), st.adamSteps());
        return st;
    }

    /** Copies tensors into the graph's parameter arrays; every parameter must be present with its shape. */
    static void loadInto(Map<String, INDArray> params, Map<String, INDArray> loaded, String where) {
        for (Map.Entry<String, INDArray> e : params.entrySet()) {
            INDArray src = loaded.get(e.getKey());
            if (src == null) {
                throw new BadInputException(where + ": no tensor '" + e.getKey() + "'");
            }
            if (!java.util.Arrays.equals(src.shape(), e.getValue().shape())) {
                throw new BadInputException(where + ": tensor '" + e.getKey() + "' has shape "
                        + java.util.Arrays.toString(src.shape()) + ", the graph expects "
                        + java.util.Arrays.toString(e.getValue().shape()));
            }
            e.getValue().assign(src);
        }
    }

    private void deleteBestDirs(Integer keep) throws IOException {
        deleteBestDirsExcept(List.of(keep == null ? -1 : keep));
    }

    private void deleteBestDirsExcept(List<Integer> keep) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(RunLayout.BEST_PREFIX)) {
                    String num = name.substring(RunLayout.BEST_PREFIX.length()).replace(".tmp", "");
                    boolean kept = !name.endsWith(".tmp") && num.matches("\\d+") && keep.contains(Integer.parseInt(num));
                    if (!kept) {
                        AtomicFiles.deleteTree(p);
                    }
                }
            }
        }
    }

}
