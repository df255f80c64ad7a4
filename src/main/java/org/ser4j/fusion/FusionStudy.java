package org.ser4j.fusion;

import java.util.ArrayList;
import java.util.List;

import org.ser4j.eval.AlignedPredictions;
import org.ser4j.eval.ConfusionMatrix;
import org.ser4j.eval.FoldedEvaluation;
import org.ser4j.eval.TrialStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a late-combination subset search under a selection protocol and collects a {@link FusionResult}. */
public final class FusionStudy {
    private static final Logger LOG = LoggerFactory.getLogger(FusionStudy.class);

    private FusionStudy() {}

    public static FusionResult run(FusionInputs in, FusionSettings st) {
        AlignedPredictions test = in.test();
        ScoreTable testScores = ScoreTable.of(test, st.rule());
        int n = testScores.systems();
        for (int k : st.ks()) {
            if (k < 1 || k > n) {
                throw new org.ser4j.util.BadInputException("--k " + k + " is outside 1.." + n + " (" + n
                        + " systems given)");
            }
        }
        int[] all = java.util.stream.IntStream.range(0, n).toArray();
        FusionEntry full = entry(in, 1, all, testScores.confusion(all), null, null);
        List<Double> single = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            single.add(testScores.confusion(new int[] {s}).uar());
        }
        long searched = st.ks().stream().mapToLong(k -> SubsetSearch.binomial(n, k)).sum();
        List<FusionEntry> top = new ArrayList<>();
        List<FusionEntry> perK = new ArrayList<>();
        FusionResult.Heldout heldout = null;
        String note;
        switch (st.protocol()) {
            case TEST -> {
                note = "oracle: subsets chosen on the same test rows they are scored on (the paper's protocol); "
                        + "optimistic";
                SubsetSearch search = new SubsetSearch(testScores);
                TopK merged = new TopK(st.top());
                for (int k : st.ks()) {
                    List<SubsetScore> best = timed(search, k, st.top(), st.threads());
                    best.forEach(b -> merged.offer(b.uarKey(), b.correct(), b.members(), k));
                    perK.add(entry(in, 1, best.get(0).members(), testScores.confusion(best.get(0).members()), null,
                            null));
                }
                int rank = 1;
                for (SubsetScore s : merged.sorted()) {
                    top.add(entry(in, rank++, s.members(), testScores.confusion(s.members()), null, null));
                }
            }
            case DEV -> {
                note = "subsets chosen on the dev rows (speakers held out of the training sessions), scored on test";
                ScoreTable devScores = ScoreTable.of(in.dev(), st.rule());
                SubsetSearch search = new SubsetSearch(devScores);
                TopK merged = new TopK(st.top());
                for (int k : st.ks()) {
                    List<SubsetScore> best = timed(search, k, st.top(), st.threads());
                    best.forEach(b -> merged.offer(b.uarKey(), b.correct(), b.members(), k));
                    int[] m = best.get(0).members();
                    perK.add(entry(in, 1, m, testScores.confusion(m), devScores.confusion(m), null));
                }
                int rank = 1;
                for (SubsetScore s : merged.sorted()) {
                    top.add(entry(in, rank++, s.members(), testScores.confusion(s.members()),
                            devScores.confusion(s.members()), null));
                }
            }
            case NESTED -> {
                note = "nested: for each held-out fold the subset is chosen on the test rows of the other folds and "
                        + "scored on the held-out fold; pooled over folds";
                int[] folds = java.util.stream.IntStream.of(test.folds()).distinct().sorted().toArray();
                if (folds.length < 2) {
                    throw new org.ser4j.util.BadInputException("protocol nested needs at least two folds, found "
                            + folds.length);
                }
                int[] truthAll = test.truths();
                int[] predAll = new int[truthAll.length];
                int[] foldAll = test.folds();
                for (int f : folds) {
                    int[] inner = test.where((fold, col) -> fold != f);
                    int[] outer = test.where((fold, col) -> fold == f);
                    ScoreTable innerScores = ScoreTable.of(test.subset(inner), st.rule());
                    ScoreTable outerScores = ScoreTable.of(test.subset(outer), st.rule());
                    SubsetSearch search = new SubsetSearch(innerScores);
                    SubsetScore winner = null;
                    for (int k : st.ks()) {
                        SubsetScore b = timed(search, k, 1, st.threads()).get(0);
                        if (winner == null || SubsetScore.RANKING.compare(b, winner) < 0) {
                            winner = b;
                        }
                    }
                    int[] m = winner.members();
                    int[] pred = outerScores.predict(m);
                    for (int i = 0; i < outer.length; i++) {
                        predAll[outer[i]] = pred[i];
                    }
                    FusionEntry e = entry(in, top.size() + 1, m, outerScores.confusion(m), innerScores.confusion(m),
                            f);
                    top.add(e);
                }
                FoldedEvaluation ev = FoldedEvaluation.of(test.labels(), truthAll, predAll, foldAll);
                heldout = new FusionResult.Heldout(ev.pooledUar(), ev.pooledWar(), ev.meanOfFoldsUar());
            }
            default -> throw new IllegalStateException(st.protocol().name());
        }
        return new FusionResult(FusionResult.FORMAT, in.names(), in.infos().stream().map(i -> i.mode()).toList(),
                test.labels(), in.column() == null ? "all" : in.column().toString(), st.rule().cliName(), st.ks(),
                st.protocol().cliName(), st.protocol() == FusionProtocol.TEST, note, searched, test.utterances(), top,
                perK, full, TrialStats.of(single), heldout);
    }

    private static List<SubsetScore> timed(SubsetSearch search, int k, int top, int threads) {
        long t0 = System.nanoTime();
        SubsetSearch.Result r = search.run(k, top, threads);
        LOG.info("searched {}C{} = {} subsets in {} s", search.table().systems(), k, r.stats().subsets(),
                String.format(java.util.Locale.ROOT, "%.2f", (System.nanoTime() - t0) / 1e9));
        return r.best();
    }

    private static FusionEntry entry(FusionInputs in, int rank, int[] members, ConfusionMatrix reported,
                                     ConfusionMatrix selection, Integer fold) {
        List<String> paths = java.util.Arrays.stream(members).mapToObj(m -> in.names().get(m)).toList();
        return new FusionEntry(rank, members.length, members, paths, in.composition(members), reported.uar(),
                reported.war(), selection == null ? null : selection.uar(), selection == null ? null : selection.war(),
                fold);
    }
}
