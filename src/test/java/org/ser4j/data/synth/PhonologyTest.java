package org.ser4j.data.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;

/** The two languages differ in their phonotactics as the corpus description says. */
class PhonologyTest {
    private final SentenceBank bank = new SentenceBank();

    @Test
    void japaneseIsOpenMoraeOverFiveVowels() {
        Set<String> nuclei = Set.of("aJ", "iJ", "ɯJ", "eJ", "oJ", "N", "Q");
        int accented = 0;
        int phrases = 0;
        for (SentencePlan s : bank.sentences(SynthLanguage.JA)) {
            assertTrue(s.syllableCount() >= 14 && s.syllableCount() <= 20, s.text());
            for (Word w : s.words()) {
                phrases++;
                accented += w.accentMora() > 0 ? 1 : 0;
                for (Syllable m : w.syllables()) {
                    assertTrue(nuclei.contains(m.nucleus().symbol()), m.text());
                    assertTrue(m.coda().isEmpty(), "morae have no coda: " + m.text());
                    assertTrue(m.onset().size() <= 2, m.text());
                }
            }
        }
        assertTrue(accented > phrases / 4 && accented < phrases, "a mix of accented and flat phrases");
    }

    @Test
    void englishHasStressClosedSyllablesAndReducedVowels() {
        int syllables = 0;
        int closed = 0;
        int reduced = 0;
        int clusters = 0;
        for (SentencePlan s : bank.sentences(SynthLanguage.EN)) {
            for (Word w : s.words()) {
                for (Syllable sy : w.syllables()) {
                    syllables++;
                    closed += sy.coda().isEmpty() ? 0 : 1;
                    reduced += sy.stress() == 0 ? 1 : 0;
                    clusters += sy.onset().size() > 1 || sy.coda().size() > 1 ? 1 : 0;
                    assertTrue(!sy.nucleus().symbol().endsWith("J"), "English uses its own vowels");
                }
                if (w.content()) {
                    assertEquals(1, w.syllables().stream().filter(x -> x.stress() == 2).count(), w.text());
                }
            }
        }
        assertTrue(closed > 0.45 * syllables, "closed syllables " + closed + "/" + syllables);
        assertTrue(reduced > 0.2 * syllables, "reduced vowels " + reduced + "/" + syllables);
        assertTrue(clusters > 0.1 * syllables, "consonant clusters " + clusters + "/" + syllables);
    }

    @Test
    void sentenceListDoesNotDependOnAnything() {
        assertEquals(new SentenceBank().get(SynthLanguage.EN, 6).text(), bank.get(SynthLanguage.EN, 6).text());
        assertEquals(20, bank.sentences(SynthLanguage.JA).size());
    }

    @Test
    void biquadsHaveTheirNominalGains() {
        double fs = 16000;
        assertEquals(5.0, Biquad.peaking(fs, 3000, 5, 1).responseDb(fs, 3000), 1e-6);
        assertEquals(0.0, Biquad.peaking(fs, 3000, 5, 1).responseDb(fs, 50), 0.1);
        assertEquals(-3.0103, Biquad.lowPass(fs, 7000).responseDb(fs, 7000), 1e-3);
        assertEquals(-3.0103, Biquad.highPass(fs, 100).responseDb(fs, 100), 1e-3);
        assertEquals(4.0, Biquad.highShelf(fs, 3000, 4).responseDb(fs, 7900), 0.3);
        assertEquals(3.0, Biquad.lowShelf(fs, 200, 3).responseDb(fs, 20), 0.1);
    }
}
