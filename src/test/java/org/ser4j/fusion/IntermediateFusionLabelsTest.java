package org.ser4j.fusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.bench.SimulatedSystems;
import org.ser4j.eval.PredictionRow;
import org.ser4j.eval.PredictionTable;
import org.ser4j.util.BadInputException;
import org.ser4j.util.Npy;

/**
 * Issue 21: intermediate fusion took its labels from the first system's test rows, so with a subset of folds (or a
 * first system covering fewer folds) its classifiers trained on less data without a word. Labels now come from every
 * system's predictions, which must agree; a training utterance without a label is refused.
 */
class IntermediateFusionLabelsTest {
    @TempDir
    Path runs;

    /** Two systems ({@code mtl} sorts first), 3 folds x 2 languages x 20 utterances, 4-dimensional embeddings. */
    private List<Path> systems() throws Exception {
        return SystemFixtures.write(runs, "multi", List.of("vanilla", "mtl"), 1,
                SystemFixtures.twoLanguages(3, 20, 5), SimulatedSystems.Noise.paperLike(), 7,
                new SystemFixtures.Options(false, 4, false));
    }

    private static void keepPredictions(Path system, java.util.function.Predicate<PredictionRow> keep) throws Exception {
        Path csv = system.resolve("predictions.csv");
        PredictionTable.read(csv).filter(keep).write(csv);
    }

    private static BadInputException refused(List<Path> systems) {
        return assertThrows(BadInputException.class, () -> IntermediateFusion.evaluate(systems, null,
                IntermediateFusion.Classifier.LINEAR, 3));
    }

    @Test
    void agreeingSystemsOnAllFoldsAreFusedOverEveryTestUtterance() throws Exception {
        IntermediateFusion.Result r = IntermediateFusion.evaluate(systems(), null,
                IntermediateFusion.Classifier.LINEAR, 3);
        assertEquals(120, r.evaluation().pooled().total());
        assertEquals(8, r.dimension());
    }

    @Test
    void aFirstSystemCoveringFewerFoldsIsRefusedNamingBothSystemsAndTheirFolds() throws Exception {
        List<Path> systems = systems();
        Path mtl = systems.get(0);
        assertTrue(mtl.toString().contains("mtl"), "the system that the old code took its labels from");
        keepPredictions(mtl, r -> r.fold() != 3);
        BadInputException e = refused(systems);
        assertTrue(e.getMessage().contains(mtl.toString()) && e.getMessage().contains(systems.get(1).toString())
                && e.getMessage().contains("cover different folds: [1, 2] vs [1, 2, 3]"), e.getMessage());
    }

    @Test
    void aLabelThatDiffersBetweenSystemsIsRefusedNamingTheFoldAndTheUtterance() throws Exception {
        List<Path> systems = systems();
        Path vanilla = systems.get(1);
        Path csv = vanilla.resolve("predictions.csv");
        PredictionTable table = PredictionTable.read(csv);
        List<PredictionRow> rows = new ArrayList<>();
        String changed = null;
        for (PredictionRow r : table.rows()) {
            if (changed == null && r.fold() == 2) {
                changed = r.uttId();
                String other = table.labels().get((table.labels().indexOf(r.emotion()) + 1) % table.labels().size());
                r = new PredictionRow(r.uttId(), r.corpus(), r.language(), r.fold(), r.split(), r.step(), other,
                        r.logits());
            }
            rows.add(r);
        }
        new PredictionTable(table.labels(), rows).write(csv);
        BadInputException e = refused(systems);
        assertTrue(e.getMessage().contains("fold 2") && e.getMessage().contains(changed)
                && e.getMessage().contains(vanilla.toString()), e.getMessage());
    }

    @Test
    void aSubsetOfFoldsIsRefusedInsteadOfTrainingOnLessData() throws Exception {
        List<Path> systems = systems();
        // both systems ran folds 1 and 2 only: fold 1's training embeddings hold fold 3's 40 unlabelled utterances,
        // which the old code dropped, training fold 1's classifier on 40 utterances instead of 80
        for (Path s : systems) {
            keepPredictions(s, r -> r.fold() != 3);
        }
        BadInputException e = refused(systems);
        assertTrue(e.getMessage().contains("fold 1: 40 of 80 train utterances")
                && e.getMessage().contains("cover folds [1, 2]"), e.getMessage());
    }

    @Test
    void systemsThatEmbedDifferentUtterancesAreRefusedNamingTheFold() throws Exception {
        List<Path> systems = systems();
        Path emb = systems.get(1).resolve("embeddings");
        Npy.Matrix m = Npy.read(emb.resolve("fold-2-train.npy"));
        List<String> ids = Files.readAllLines(emb.resolve("fold-2-train.csv"));
        String dropped = ids.get(ids.size() - 1);
        Npy.write(emb.resolve("fold-2-train.npy"), new Npy.Matrix(m.rows() - 1, m.cols(),
                Arrays.copyOf(m.data(), (m.rows() - 1) * m.cols())));
        Files.write(emb.resolve("fold-2-train.csv"), ids.subList(0, ids.size() - 1));
        BadInputException e = refused(systems);
        assertTrue(e.getMessage().contains("embed different train utterances in fold 2")
                && e.getMessage().contains(dropped), e.getMessage());
    }
}
