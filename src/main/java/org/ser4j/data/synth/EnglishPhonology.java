package org.ser4j.data.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * English-like sentences: content words of 1-3 syllables with lexical stress, unstressed function words with reduced
 * vowels, complex onsets (pl, st, str...) and closed syllables with coda clusters. Six to nine words, an optional
 * phrase break, so that a sentence takes about 2-3 s.
 */
final class EnglishPhonology implements Phonology {
    private static final String[] STRESSED = {"i", "ɪ", "ɛ", "æ", "ɑ", "ɔ", "ʊ", "u", "ʌ", "ɝ", "eɪ", "aɪ", "oʊ", "aʊ"};
    private static final String[] UNSTRESSED_FULL = {"ɪ", "i", "oʊ", "ʊ", "ɛ"};
    private static final String[][] ONSETS = {
        {"p"}, {"t"}, {"k"}, {"b"}, {"d"}, {"g"}, {"f"}, {"s"}, {"ʃ"}, {"h"}, {"v"}, {"m"}, {"n"}, {"l"}, {"r"},
        {"w"}, {"j"}, {"θ"}, {"tʃ"}, {"dʒ"}, {"z"}, {"t"}, {"s"}, {"k"}, {"m"}, {"l"}, {"d"}, {"p"}};
    private static final String[][] CLUSTER_ONSETS = {
        {"p", "l"}, {"p", "r"}, {"t", "r"}, {"k", "l"}, {"k", "r"}, {"b", "l"}, {"b", "r"}, {"d", "r"}, {"g", "r"},
        {"f", "l"}, {"f", "r"}, {"s", "p"}, {"s", "t"}, {"s", "k"}, {"s", "l"}, {"s", "m"}, {"s", "n"}, {"s", "w"},
        {"s", "t", "r"}, {"s", "p", "r"}, {"θ", "r"}, {"k", "w"}};
    private static final String[][] CODAS = {
        {"t"}, {"d"}, {"n"}, {"s"}, {"z"}, {"k"}, {"m"}, {"l"}, {"ŋ"}, {"p"}, {"f"}, {"v"}, {"ʃ"}, {"θ"}, {"g"},
        {"t"}, {"n"}, {"s"}, {"d"}, {"tʃ"}, {"r"}};
    private static final String[][] CLUSTER_CODAS = {
        {"n", "t"}, {"n", "d"}, {"s", "t"}, {"k", "s"}, {"t", "s"}, {"p", "s"}, {"m", "p"}, {"l", "t"}, {"l", "d"},
        {"n", "z"}, {"ŋ", "k"}, {"r", "t"}, {"k", "t"}, {"n", "t", "s"}, {"s", "k"}, {"l", "z"}};
    private static final String[][] FUNCTION_ONSETS = {{"ð"}, {"t"}, {}, {"w"}, {"h"}, {"f"}, {"b"}, {"ð"}, {"n"}, {"s"}};
    private static final String[][] FUNCTION_CODAS = {{}, {}, {"n"}, {"t"}, {"z"}, {"v"}, {"d"}, {"m"}, {}};

    @Override
    public SentencePlan sentence(String id, SplittableRandom rng) {
        // Redraw until the sentence has 9-14 syllables (about 2-3 s at the speakers' rates).
        while (true) {
            SentencePlan plan = draw(id, rng);
            int n = plan.syllableCount();
            if (n >= 9 && n <= 14) {
                return plan;
            }
        }
    }

    private SentencePlan draw(String id, SplittableRandom rng) {
        int nWords = 6 + rng.nextInt(4);
        List<Word> words = new ArrayList<>();
        int functionRun = 0;
        int breakAt = rng.nextDouble() < 0.5 ? 2 + rng.nextInt(Math.max(1, nWords - 4)) : -1;
        for (int w = 0; w < nWords; w++) {
            boolean last = w == nWords - 1;
            boolean function = !last && functionRun < 2 && rng.nextDouble() < (w == 0 ? 0.6 : 0.4);
            Word word = function ? functionWord(rng, w == breakAt) : contentWord(rng, w == breakAt);
            functionRun = function ? functionRun + 1 : 0;
            words.add(word);
        }
        return new SentencePlan(SynthLanguage.EN, id, words);
    }

    private Word contentWord(SplittableRandom rng, boolean pauseAfter) {
        double r = rng.nextDouble();
        int n = r < 0.4 ? 1 : r < 0.8 ? 2 : 3;
        int stressed = n == 1 || rng.nextDouble() < 0.75 ? 0 : 1;
        List<Syllable> syl = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean isStressed = i == stressed;
            List<Phone> onset = isStressed ? onset(rng, 0.12, 0.25) : onset(rng, 0.25, 0.0);
            Phone nucleus;
            int stress;
            if (isStressed) {
                nucleus = PhoneSet.get(pick(rng, STRESSED));
                stress = 2;
            } else if (rng.nextDouble() < 0.7) {
                nucleus = PhoneSet.get(rng.nextDouble() < 0.65 ? "ə" : "ɨ");
                stress = 0;
            } else {
                nucleus = PhoneSet.get(pick(rng, UNSTRESSED_FULL));
                stress = 1;
            }
            boolean final_ = i == n - 1;
            double pCoda = isStressed ? 0.75 : final_ ? 0.6 : 0.35;
            double pCluster = isStressed && final_ ? 0.3 : 0.08;
            List<Phone> coda = rng.nextDouble() < pCoda ? phones(rng.nextDouble() < pCluster ? pick(rng, CLUSTER_CODAS)
                    : pick(rng, CODAS)) : List.of();
            syl.add(new Syllable(onset, nucleus, coda, stress, false));
        }
        return new Word(syl, true, 0, pauseAfter);
    }

    private Word functionWord(SplittableRandom rng, boolean pauseAfter) {
        List<Phone> onset = phones(pick(rng, FUNCTION_ONSETS));
        Phone nucleus = PhoneSet.get(rng.nextDouble() < 0.7 ? "ə" : "ɪ");
        List<Phone> coda = onset.isEmpty() ? phones(pick(rng, CODAS)) : phones(pick(rng, FUNCTION_CODAS));
        return new Word(List.of(new Syllable(onset, nucleus, coda, 0, false)), false, 0, pauseAfter);
    }

    private static List<Phone> onset(SplittableRandom rng, double pEmpty, double pCluster) {
        double r = rng.nextDouble();
        if (r < pEmpty) {
            return List.of();
        }
        return phones(r < pEmpty + pCluster ? pick(rng, CLUSTER_ONSETS) : pick(rng, ONSETS));
    }

    private static List<Phone> phones(String[] symbols) {
        List<Phone> out = new ArrayList<>();
        for (String s : symbols) {
            out.add(PhoneSet.get(s));
        }
        return out;
    }

    private static <T> T pick(SplittableRandom rng, T[] options) {
        return options[rng.nextInt(options.length)];
    }
}
