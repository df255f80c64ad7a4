package org.ser4j.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class FinetuneComparisonTest {

    @Test
    void startsNameThePretrainedDirectoryAndRandomInitOfItsConfig() {
        FinetuneComparison.Start p = FinetuneComparison.Start.parse("models/hubert-tiny-synth");
        FinetuneComparison.Start r = FinetuneComparison.Start.parse("random:models/hubert-tiny-synth");
        assertFalse(p.random());
        assertTrue(r.random());
        assertEquals("pretrained:hubert-tiny-synth", p.label());
        assertEquals("random-init", r.label());
        assertEquals(Path.of("models/hubert-tiny-synth"), r.configDir(), "random init uses the same config");
        FinetuneComparison.Start c = FinetuneComparison.Start.parse("iter1-1000=/tmp/x/models/hubert-tiny-synth");
        assertEquals("iter1-1000", c.label());
        assertFalse(c.random());
        assertEquals(Path.of("/tmp/x/models/hubert-tiny-synth"), c.configDir());
    }

    @Test
    void summaryGivesMeanAndSampleSd() {
        Map<String, Object> m = FinetuneComparison.meanSd(List.of(0.25, 0.35, 0.45));
        assertEquals(0.35, (double) m.get("mean_test_uar"), 1e-12);
        assertEquals(0.1, (double) m.get("sd"), 1e-12); // sqrt((0.01 + 0 + 0.01) / 2)
        assertEquals(3, m.get("runs"));
    }
}
