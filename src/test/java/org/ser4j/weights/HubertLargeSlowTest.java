package org.ser4j.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ser4j.nn.hubert.HubertConfig;
import org.ser4j.nn.hubert.HubertGraph;

/** Full-size facebook/hubert-large-ll60k graph with random weights: inventory of the built graph and a 4 s forward. */
@Tag("slow")
class HubertLargeSlowTest {
    @Test
    void largeBuildsWithTheHfInventoryAndRunsFourSeconds() throws Exception {
        HubertGraph g = HubertGraph.build(SameDiff.create(), HubertConfig.large(), HubertGraph.Mode.INFERENCE);
        Map<String, long[]> expected = org.ser4j.nn.hubert.HubertGraphInventory.keysFile("hubert-large-keys.txt");
        long count = 0;
        assertEquals(expected.size(), g.parameters().size());
        for (SDVariable v : g.parameters()) {
            assertArrayEquals(expected.get(v.name()), v.getArr().shape(), v.name());
            count += v.getArr().length();
        }
        assertEquals(315_438_720L, count);
        INDArray x = Nd4j.randn(1L, new long[] {1, 64_000}).castTo(DataType.FLOAT);
        Map<String, INDArray> out = g.sameDiff().output(HubertGraph.inputs(x, null), g.hiddenStateNames());
        assertEquals(25, out.size());
        for (INDArray h : out.values()) {
            assertArrayEquals(new long[] {1, 199, 1024}, h.shape());
            assertTrue(Double.isFinite(h.sumNumber().doubleValue()));
        }
    }
}
