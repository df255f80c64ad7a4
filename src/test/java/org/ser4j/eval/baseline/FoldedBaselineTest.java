package org.ser4j.eval.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class FoldedBaselineTest {
    @Test
    void poolsTheTestRowsOfEveryFoldAndLeavesUntestedRowsUnpredicted() {
        // class = sign of column 0 (well separated); rows 0-3 fold 1 test, 4-7 fold 2 test, 8-9 training only
        double[][] x = {{-2, 0}, {2, 1}, {-3, 0}, {3, 1}, {-1.5, 1}, {1.5, 0}, {-2.5, 0}, {2.5, 1}, {-2, 1}, {2, 0}};
        int[] y = {0, 1, 0, 1, 0, 1, 0, 1, 0, 1};
        FoldedBaseline.Result r = FoldedBaseline.run(x, y, 2, List.of(
                new FoldedBaseline.Fold(1, new int[] {4, 5, 6, 7, 8, 9}, new int[] {0, 1, 2, 3}),
                new FoldedBaseline.Fold(2, new int[] {0, 1, 2, 3, 8, 9}, new int[] {4, 5, 6, 7})));
        assertEquals(1.0, r.pooledUar(), 1e-12);
        assertEquals(1.0, r.foldUars().get(1), 1e-12);
        assertArrayEquals(new int[] {0, 1, 0, 1, 0, 1, 0, 1, -1, -1}, r.predicted());
    }
}
