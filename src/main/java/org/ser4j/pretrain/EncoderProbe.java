package org.ser4j.pretrain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ser4j.data.synth.SynthCorpus;
import org.ser4j.data.synth.SynthOptions;
import org.ser4j.data.synth.SynthesisedUtterance;
import org.ser4j.eval.baseline.BaselineProtocols;
import org.ser4j.eval.baseline.MfccStatistics;
import org.ser4j.train.ConvFeatureCache;
import org.ser4j.eval.baseline.LabelledFeatures;
import org.ser4j.nn.hubert.HubertConfig;
import org.ser4j.nn.hubert.HubertGraph;
import org.ser4j.train.Example;
import org.ser4j.train.InputSource;

/**
 * A linear probe of a (frozen) encoder: every utterance's CNN output and each hidden state, mean-pooled over its
 * frames, classified by standardised L2 logistic regression with leave-one-session-out folds. Cheap and with little
 * noise (no SGD, whole corpus), so it tells whether pre-training put emotion-relevant information in the features
 * independently of how well a short fine-tuning run manages to use it.
 */
public final class EncoderProbe {
    /** Name of the pooled CNN output (the graph's input when it starts at the CNN features). */
    static final String CNN = "cnn";
    /** Suffix of a hidden state's statistics pooling (mean, then standard deviation; {@code model.pooling: mean_std}). */
    static final String MEAN_STD_SUFFIX = "_mean_std";

    private EncoderProbe() {}

    /**
     * Pooled representations of {@code examples}, by name: {@value #CNN} and {@code hidden_0 .. hidden_L} (HF
     * {@code output_hidden_states} order), mean-pooled, then {@code hidden_l_mean_std} (statistics-pooled), each
     * [utterances][width].
     *
     * @param weights  the encoder's parameters by HF name (every parameter of the graph must be there)
     * @param features cached CNN features of every example ({@code rows} = frames x channels)
     */
    public static Map<String, double[][]> pooled(HubertConfig config, Map<String, INDArray> weights, InputSource features,
                                          List<Example> examples) {
        SameDiff sd = SameDiff.create();
        HubertGraph g = HubertGraph.build(sd, config, HubertGraph.Mode.INFERENCE, 0L, HubertGraph.Entry.CONV_FEATURES);
        for (SDVariable v : g.parameters()) {
            INDArray w = weights.get(v.name());
            if (w == null) {
                throw new IllegalArgumentException("no weights for encoder parameter " + v.name());
            }
            v.getArr().assign(w);
        }
        List<String> names = g.hiddenStateNames();
        int c = features.width();
        Map<String, double[][]> out = new LinkedHashMap<>();
        out.put(CNN, new double[examples.size()][]);
        for (int l = 0; l < names.size(); l++) {
            out.put("hidden_" + l, new double[examples.size()][]);
        }
        for (int l = 0; l < names.size(); l++) {
            out.put("hidden_" + l + MEAN_STD_SUFFIX, new double[examples.size()][]);
        }
        for (int i = 0; i < examples.size(); i++) {
            float[] rows = features.rows(examples.get(i));
            int frames = rows.length / c;
            out.get(CNN)[i] = meanRows(rows, frames, c);
            // One utterance per call: no padding, so the pooled mean is over exactly its own frames.
            Map<String, INDArray> ph = new LinkedHashMap<>();
            ph.put(g.inputName(), Nd4j.create(rows, new long[] {1, frames, c}, 'c').castTo(DataType.FLOAT));
            ph.put(g.maskName(), Nd4j.ones(DataType.FLOAT, 1, frames));
            Map<String, INDArray> hs = sd.output(ph, names);
            for (int l = 0; l < names.size(); l++) {
                INDArray h = hs.get(names.get(l)); // [1, T, H]
                double[] mean = h.mean(1).reshape(h.size(2)).castTo(DataType.DOUBLE).toDoubleVector();
                out.get("hidden_" + l)[i] = mean;
                // biased std + eps, as MaskedStatisticsPooling computes it for the heads
                double[] std = h.var(false, 1).reshape(h.size(2)).castTo(DataType.DOUBLE).toDoubleVector();
                double[] both = java.util.Arrays.copyOf(mean, 2 * mean.length);
                for (int j = 0; j < std.length; j++) {
                    both[mean.length + j] = Math.sqrt(std[j] + org.ser4j.nn.heads.MaskedStatisticsPooling.EPS);
                }
                out.get("hidden_" + l + MEAN_STD_SUFFIX)[i] = both;
            }
        }
        return out;
    }

    static double[] meanRows(float[] rows, int frames, int width) {
        double[] m = new double[width];
        for (int t = 0; t < frames; t++) {
            for (int j = 0; j < width; j++) {
                m[j] += rows[t * width + j];
            }
        }
        for (int j = 0; j < width; j++) {
            m[j] /= frames;
        }
        return m;
    }

    /** LOSO result of one representation: the UAR per held-out session (session order) and their mean. */
    public record Score(String representation, List<Double> foldUars, double meanUar) {}

    /**
     * The probe of a frozen encoder against the classical baseline on the same folds: a default synthetic corpus
     * generated with {@code corpusSeed} (speakers 1..5 per domain), every representation of {@link #pooled} and the
     * MFCC-statistics baseline ({@link MfccStatistics#baseline()} of the raw utterance), each by {@link #loso}.
     *
     * @param weights the encoder's tensors by HF name, CNN included
     * @return {@code representations} (name -> {loso_uar, fold_uars}), {@code mfcc_baseline}, {@code last_hidden}
     *         and {@code last_hidden_mean_std} (the pooled output the fine-tuning heads see with {@code
     *         model.pooling} mean and mean_std) and the baseline minus each ({@code gap_to_baseline[_mean_std]})
     */
    static Map<String, Object> againstBaseline(HubertConfig config, Map<String, INDArray> weights, long corpusSeed,
                                               int threads) throws java.io.IOException {
        SynthCorpus corpus = new SynthCorpus(SynthOptions.defaults().withSeed(corpusSeed).withThreads(threads));
        List<SynthesisedUtterance> utts = corpus.synthesiseAll(null, true);
        List<String> emotions = List.of("ang", "hap", "neu", "sad");
        List<String> domains = List.of("EM", "EF", "JM", "JF");
        Map<String, float[]> waves = new java.util.HashMap<>();
        List<Example> examples = new ArrayList<>();
        double[][] mfcc = new double[utts.size()][];
        MfccStatistics stats = MfccStatistics.baseline();
        for (int i = 0; i < utts.size(); i++) {
            SynthesisedUtterance u = utts.get(i);
            var row = u.row();
            waves.put(row.uttId(), u.samples());
            examples.add(new Example(row.uttId(), row.corpus(), row.language(), row.speaker(), row.session(),
                    emotions.indexOf(row.emotion()), domains.indexOf(row.domain()), u.samples().length));
            mfcc[i] = stats.features(u.samples());
        }
        Map<String, INDArray> cnn = new LinkedHashMap<>();
        SameDiff probe = SameDiff.create();
        HubertGraph g = HubertGraph.build(probe, config, HubertGraph.Mode.INFERENCE, 0L, HubertGraph.Entry.WAVEFORM);
        for (SDVariable v : g.featureEncoderVariables()) {
            cnn.put(v.name(), weights.get(v.name()));
        }
        ConvFeatureCache features = ConvFeatureCache.of(config, cnn, examples, ex -> waves.get(ex.uttId()), true,
                "probe-synth-seed-" + corpusSeed, null);
        Map<String, double[][]> reps = new LinkedHashMap<>(pooled(config, weights, features, examples));
        reps.put("mfcc_baseline", mfcc);
        Map<String, Object> byRep = new LinkedHashMap<>();
        double last = Double.NaN;
        double lastMeanStd = Double.NaN;
        double base = Double.NaN;
        String lastName = "hidden_" + config.numHiddenLayers();
        for (Score s : loso(reps, examples, emotions.size())) {
            byRep.put(s.representation(), Map.of("loso_uar", s.meanUar(), "fold_uars", s.foldUars()));
            if (s.representation().equals(lastName)) {
                last = s.meanUar();
            } else if (s.representation().equals(lastName + MEAN_STD_SUFFIX)) {
                lastMeanStd = s.meanUar();
            } else if (s.representation().equals("mfcc_baseline")) {
                base = s.meanUar();
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("corpus", "ser4j synth defaults, seed " + corpusSeed + " (" + utts.size() + " utterances, speakers 1..5)");
        out.put("protocol", "pooled representation (mean, or mean and std) per whole utterance, Standardiser + L2 softmax regression (l2 "
                + BaselineProtocols.DEFAULT_L2 + "), leave-one-session-out, mean of the 5 fold UARs");
        out.put("representations", byRep);
        out.put("last_hidden", last);
        out.put("last_hidden_mean_std", lastMeanStd);
        out.put("mfcc_baseline", base);
        out.put("gap_to_baseline", base - last);
        out.put("gap_to_baseline_mean_std", base - lastMeanStd);
        return out;
    }

    /** Standardiser + softmax regression (L2 {@link BaselineProtocols#DEFAULT_L2}), leave one session out. */
    public static List<Score> loso(Map<String, double[][]> pooled, List<Example> examples, int classes) {
        int n = examples.size();
        int[] emotion = new int[n];
        int[] session = new int[n];
        String[] language = new String[n];
        String[] speaker = new String[n];
        for (int i = 0; i < n; i++) {
            Example e = examples.get(i);
            emotion[i] = e.emotion();
            session[i] = e.session();
            language[i] = e.language();
            speaker[i] = e.speaker();
        }
        List<Score> out = new ArrayList<>();
        for (Map.Entry<String, double[][]> rep : pooled.entrySet()) {
            LabelledFeatures d = new LabelledFeatures(rep.getValue(), emotion, session, language, speaker);
            BaselineProtocols.LosoResult r = BaselineProtocols.loso(d, emotion, classes, i -> true,
                    BaselineProtocols.logisticRegression(BaselineProtocols.DEFAULT_L2));
            out.add(new Score(rep.getKey(), r.foldUars(), r.meanUar()));
        }
        return out;
    }
}
