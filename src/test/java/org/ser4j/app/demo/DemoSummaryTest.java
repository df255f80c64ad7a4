package org.ser4j.app.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.ser4j.config.Mode;

/** The summary's new figures and statements from given rows, baseline and probe (fusion needs systems on disk). */
class DemoSummaryTest {
    private static DemoSummary.ModeRow row(String exp, String mode, boolean fused, List<Double> test, Double... dev) {
        return new DemoSummary.ModeRow(exp, Mode.parse(mode), new ArrayList<>(test), new ArrayList<>(Arrays.asList(dev)), fused);
    }

    @Test
    void devMeanSkipsTrialsWithoutDevSelectionAndIsNullWhenNoneHasOne() {
        DemoSummary.ModeRow r = row("multi-corpus", "mtl", true, List.of(0.5, 0.7), 0.4, null);
        assertEquals(0.6, r.mean(), 1e-12);
        assertEquals(0.4, r.devMean(), 1e-12);
        assertNull(row("m", "dann", true, List.of(0.5), (Double) null).devMean());
    }

    @Test
    void probeStatementSaysPlainlyWhenDannIsBelowMtlInFewerThanFourOfFiveFolds() {
        List<DemoSummary.ProbeFold> three = List.of(new DemoSummary.ProbeFold(1, 0.8, 0.7, 3),
                new DemoSummary.ProbeFold(2, 0.8, 0.7, 3), new DemoSummary.ProbeFold(3, 0.8, 0.7, 3),
                new DemoSummary.ProbeFold(4, 0.6, 0.7, 3), new DemoSummary.ProbeFold(5, 0.5, 0.5, 3));
        DemoSummary.Probe p = new DemoSummary.Probe("multi-corpus", 4, three);
        assertEquals(3, p.dannBelow());
        assertFalse(p.holds());
        List<DemoSummary.ModeRow> rows = List.of(row("single-corpus-jtes", "vanilla", false, List.of(0.6), 0.55),
                row("multi-corpus", "mtl", true, List.of(0.62, 0.64), 0.58, 0.6));
        DemoBaseline.Result b = new DemoBaseline.Result(0.655, Map.of(1, 0.7), 800, 3.0);
        DemoSummary.Extras x = new DemoSummary.Extras(new DemoSummary.Baseline("multi-corpus", b), null, null, p, 1);
        String text = DemoSummary.render(rows, x, "head", "foot");
        assertTrue(text.contains("DANN below MTL in 3 of 5 folds: FEWER than 4 of 5"), text);
        assertTrue(text.contains("multi-corpus             mtl          63.00     59.00"), text);
        assertTrue(text.contains("MFCC+LR baseline") && text.contains("65.50"), text);

        Map<String, Object> j = DemoSummary.json(rows, x, null, Map.of("wall_seconds", Map.of()));
        assertEquals(0.655, ((Map<?, ?>) j.get("baseline")).get("uar"));
        Map<?, ?> probe = (Map<?, ?>) j.get("domain_probe");
        assertEquals(false, probe.get("dann_below_mtl_in_4_of_5"));
        assertEquals(5, ((List<?>) probe.get("folds")).size());
        Map<?, ?> mtl = (Map<?, ?>) ((List<?>) j.get("modes")).get(1);
        assertEquals(0.59, (Double) mtl.get("mean_uar_dev"), 1e-12);

        List<DemoSummary.ProbeFold> four = new ArrayList<>(three);
        four.set(4, new DemoSummary.ProbeFold(5, 0.5, 0.45, 3));
        assertTrue(new DemoSummary.Probe("multi-corpus", 4, four).holds());
    }
}
