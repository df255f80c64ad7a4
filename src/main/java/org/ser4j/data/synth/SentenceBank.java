package org.ser4j.data.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.ser4j.util.Seeds;

/**
 * The fixed sentence lists: {@value #SENTENCES} sentences per language, ids en01..en20 / ja01..ja20. They come from a
 * constant seed, not the corpus seed, so that a sentence id means the same word sequence in every corpus (like the
 * fixed scripts of IEMOCAP and JTES) and the same sentence is said in all four emotions.
 */
public final class SentenceBank {
    public static final int SENTENCES = 20;
    private static final long SENTENCE_SEED = 0x5E45_4A_2023L;

    private final List<SentencePlan> english;
    private final List<SentencePlan> japanese;

    public SentenceBank() {
        english = build(SynthLanguage.EN);
        japanese = build(SynthLanguage.JA);
    }

    private static List<SentencePlan> build(SynthLanguage lang) {
        Phonology phonology = Phonology.of(lang);
        List<SentencePlan> out = new ArrayList<>();
        for (int i = 1; i <= SENTENCES; i++) {
            String id = String.format(Locale.ROOT, "%s%02d", lang.code(), i);
            out.add(phonology.sentence(id, new SplittableRandom(Seeds.derive(SENTENCE_SEED, lang.code(), i))));
        }
        return List.copyOf(out);
    }

    public List<SentencePlan> sentences(SynthLanguage lang) {
        return lang == SynthLanguage.EN ? english : japanese;
    }

    /** Sentence by zero-based index. */
    public SentencePlan get(SynthLanguage lang, int index) {
        return sentences(lang).get(index);
    }
}
