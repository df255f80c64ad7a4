package org.ser4j.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.ser4j.data.synth.SynthCorpus;
import org.ser4j.data.synth.SynthEmotion;
import org.ser4j.data.synth.SynthOptions;
import org.ser4j.data.synth.SynthesisedUtterance;
import org.ser4j.eval.baseline.BaselineProtocols;
import org.ser4j.eval.baseline.LabelledFeatures;
import org.ser4j.eval.baseline.MfccStatistics;
import org.ser4j.util.Recall;

/**
 * Difficulty calibration of the synthetic corpus with the MFCC-statistics logistic-regression baseline. The corpus
 * is generated in memory (no files), features are computed on the generator's threads, then the protocols run:
 * pooled LOSO, LOSO within each language, cross-language train/test, LOSO per domain, each synthesis parameter alone
 * (1-D Gaussian classifier under LOSO), all parameters together, and language identification.
 *
 * <p>Run by {@code ser4j study calibration} ({@link CalibrationCommand}).
 */
public final class SynthCalibration {
    private static final int CLASSES = SynthEmotion.values().length;

    private SynthCalibration() {}

    /** Features and metadata of a generated corpus, plus the params.csv columns per utterance. */
    public record CorpusFeatures(LabelledFeatures data, List<String> paramNames, double[][] params) {}

    public static CorpusFeatures extract(SynthOptions options) {
        SynthCorpus corpus = new SynthCorpus(options);
        MfccStatistics stats = MfccStatistics.baseline();
        Map<String, double[]> feats = new ConcurrentHashMap<>();
        List<SynthesisedUtterance> utts = corpus.synthesiseAll(u -> feats.put(u.row().uttId(), stats.features(u.samples())),
                false);
        int n = utts.size();
        double[][] x = new double[n][];
        int[] emo = new int[n];
        int[] ses = new int[n];
        String[] lang = new String[n];
        String[] spk = new String[n];
        List<String> names = new ArrayList<>(utts.get(0).params().columns().keySet());
        double[][] params = new double[n][names.size()];
        for (int i = 0; i < n; i++) {
            SynthesisedUtterance u = utts.get(i);
            x[i] = feats.get(u.row().uttId());
            emo[i] = u.spec().emotion().ordinal();
            ses[i] = u.row().session();
            lang[i] = u.row().language();
            spk[i] = u.row().speaker();
            int j = 0;
            for (String v : u.params().columns().values()) {
                params[i][j++] = Double.parseDouble(v);
            }
        }
        return new CorpusFeatures(new LabelledFeatures(x, emo, ses, lang, spk), names, params);
    }

    /** All protocols on one corpus; keys are stable names for JSON and the README. */
    public static Map<String, Object> evaluate(CorpusFeatures cf) {
        Map<String, Object> r = evaluateEmotion(cf.data());
        LabelledFeatures d = cf.data();
        int[] y = d.emotion();
        BaselineProtocols.Learner lr = BaselineProtocols.logisticRegression(BaselineProtocols.DEFAULT_L2);
        Map<String, Double> single = new LinkedHashMap<>();
        for (int j = 0; j < cf.paramNames().size(); j++) {
            double[][] col = new double[d.size()][1];
            for (int i = 0; i < d.size(); i++) {
                col[i][0] = cf.params()[i][j];
            }
            single.put(cf.paramNames().get(j), BaselineProtocols.loso(d.withFeatures(col), y, CLASSES, i -> true,
                    BaselineProtocols.gaussianOneFeature()).meanUar());
        }
        r.put("single_parameter_loso", single);
        r.put("single_parameter_best", single.values().stream().mapToDouble(Double::doubleValue).max().orElse(0));
        r.put("all_parameters_loso", BaselineProtocols.loso(d.withFeatures(cf.params()), y, CLASSES, i -> true, lr).meanUar());
        return r;
    }

    /** The emotion protocols on audio features: pooled LOSO, per domain, within each language, cross-language. */
    public static Map<String, Object> evaluateEmotion(LabelledFeatures d) {
        int[] y = d.emotion();
        BaselineProtocols.Learner lr = BaselineProtocols.logisticRegression(BaselineProtocols.DEFAULT_L2);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("n", d.size());
        BaselineProtocols.LosoResult pooled = BaselineProtocols.loso(d, y, CLASSES, i -> true, lr);
        r.put("loso_pooled", pooled.meanUar());
        r.put("loso_folds", pooled.foldUars());
        r.put("loso_confusion", confusion(y, pooled.predictions()));
        Map<String, Double> perDomain = new LinkedHashMap<>();
        for (String dom : new String[] {"EM", "EF", "JM", "JF"}) {
            int[] rows = d.rows(i -> d.speaker()[i].startsWith(dom));   // EM01, or "EM:<speaker>" from manifests
            if (rows.length > 0) {
                int[] t = new int[rows.length];
                int[] p = new int[rows.length];
                for (int i = 0; i < rows.length; i++) {
                    t[i] = y[rows[i]];
                    p[i] = pooled.predictions()[rows[i]];
                }
                perDomain.put(dom, Recall.uar(t, p, CLASSES));
            }
        }
        r.put("loso_pooled_per_domain", perDomain);
        boolean both = hasLanguage(d, "en") && hasLanguage(d, "ja");
        for (String l : new String[] {"en", "ja"}) {
            if (hasLanguage(d, l)) {
                r.put("loso_within_" + l, BaselineProtocols.loso(d, y, CLASSES, i -> d.language()[i].equals(l), lr).meanUar());
            }
        }
        if (both) {
            r.put("cross_en_to_ja", BaselineProtocols.trainTest(d, y, CLASSES, i -> d.language()[i].equals("en"),
                    i -> d.language()[i].equals("ja"), lr));
            r.put("cross_ja_to_en", BaselineProtocols.trainTest(d, y, CLASSES, i -> d.language()[i].equals("ja"),
                    i -> d.language()[i].equals("en"), lr));
        }
        return r;
    }

    /** Language identification (en vs ja) under LOSO with the same MFCC baseline. */
    public static double languageIdUar(LabelledFeatures d) {
        int[] lang = new int[d.size()];
        for (int i = 0; i < d.size(); i++) {
            lang[i] = d.language()[i].equals("en") ? 0 : 1;
        }
        return BaselineProtocols.loso(d, lang, 2, i -> true,
                BaselineProtocols.logisticRegression(BaselineProtocols.DEFAULT_L2)).meanUar();
    }

    static int[][] confusion(int[] truth, int[] pred) {
        int[][] c = new int[CLASSES][CLASSES];
        for (int i = 0; i < truth.length; i++) {
            if (pred[i] >= 0) {
                c[truth[i]][pred[i]]++;
            }
        }
        return c;
    }

    private static boolean hasLanguage(LabelledFeatures d, String l) {
        for (String s : d.language()) {
            if (s.equals(l)) {
                return true;
            }
        }
        return false;
    }
}
