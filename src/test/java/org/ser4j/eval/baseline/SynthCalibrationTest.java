package org.ser4j.eval.baseline;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ser4j.data.synth.SynthOptions;

/**
 * The difficulty window of the synthetic corpus, checked with the MFCC + logistic-regression baseline on a small
 * corpus (20 speakers x 4 emotions x 3 takes = 240 utterances per seed, seeds 1-3). Generation is deterministic,
 * so these figures are exact; the margins leave room for deliberate changes to the synthesiser.
 */
class SynthCalibrationTest {
    static final SynthOptions SMALL = SynthOptions.defaults().withUtts(3).withThreads(2);
    static final List<Map<String, Object>> RESULTS = new ArrayList<>();

    @BeforeAll
    static void evaluateThreeSeeds() {
        for (long seed = 1; seed <= 3; seed++) {
            RESULTS.add(SynthCalibration.evaluate(SynthCalibration.extract(SMALL.withSeed(seed))));
        }
    }

    static double get(Map<String, Object> r, String key) {
        return ((Number) r.get(key)).doubleValue();
    }

    @Test
    void pooledLosoUarIsAboveChanceAndBelowEasy() {
        for (Map<String, Object> r : RESULTS) {
            double uar = get(r, "loso_pooled");
            assertTrue(uar >= 0.50 && uar <= 0.85, "pooled LOSO UAR " + uar + " outside [0.50, 0.85]");
        }
    }

    @Test
    void crossLanguageScoresBelowWithinLanguageOnAverage() {
        double within = 0;
        double cross = 0;
        for (Map<String, Object> r : RESULTS) {
            within += get(r, "loso_within_en") + get(r, "loso_within_ja");
            cross += get(r, "cross_en_to_ja") + get(r, "cross_ja_to_en");
        }
        within /= 2 * RESULTS.size();
        cross /= 2 * RESULTS.size();
        assertTrue(cross < within - 0.02, "mean cross-language UAR " + cross + " vs mean within-language " + within);
    }

    @Test
    void noSingleSynthesisParameterReachesTheBaseline() {
        for (Map<String, Object> r : RESULTS) {
            double best = get(r, "single_parameter_best");
            double pooled = get(r, "loso_pooled");
            assertTrue(best < pooled - 0.05, "best single parameter " + best + " vs baseline " + pooled + ": "
                    + r.get("single_parameter_loso"));
            assertTrue(best > 0.30, "the parameters do carry emotion: best single parameter " + best);
        }
    }

    @Test
    void languagesDifferInTheSpeechNotOnlyInTheChannel() {
        LabelledFeatures d = SynthCalibration.extract(SMALL.withSharedChannel(true)).data();
        double uar = SynthCalibration.languageIdUar(d);
        assertTrue(uar > 0.75, "en-vs-ja UAR with the same channels " + uar + " (chance 0.5)");
    }
}
