package org.ser4j.data.synth;

import java.util.SplittableRandom;

/** A language's sentence generator: its own inventory and phonotactics. */
public interface Phonology {
    SentencePlan sentence(String id, SplittableRandom rng);

    static Phonology of(SynthLanguage language) {
        return language == SynthLanguage.EN ? new EnglishPhonology() : new JapanesePhonology();
    }
}
