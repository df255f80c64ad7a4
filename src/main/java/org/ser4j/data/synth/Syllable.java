package org.ser4j.data.synth;

import java.util.List;

/**
 * A syllable (English-like) or a mora (Japanese-like). For the Japanese special morae the nucleus is the moraic
 * nasal N, the geminate Q or, for the second half of a long vowel, the vowel itself with an empty onset.
 *
 * @param stress   English: 2 stressed, 1 unstressed full vowel, 0 reduced; Japanese morae use 1
 * @param devoiced Japanese high vowel between voiceless consonants, realised as whisper (no voicing)
 */
public record Syllable(List<Phone> onset, Phone nucleus, List<Phone> coda, int stress, boolean devoiced) {

    public Syllable {
        onset = List.copyOf(onset);
        coda = List.copyOf(coda);
    }

    public String text() {
        StringBuilder sb = new StringBuilder();
        for (Phone p : onset) {
            sb.append(p.symbol());
        }
        sb.append(nucleus.symbol().replace("J", ""));
        for (Phone p : coda) {
            sb.append(p.symbol());
        }
        return sb.toString();
    }
}
