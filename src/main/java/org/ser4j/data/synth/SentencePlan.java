package org.ser4j.data.synth;

import java.util.List;

/** The phonological content of one sentence: its words (or accentual phrases) in order. */
public record SentencePlan(SynthLanguage language, String id, List<Word> words) {

    public SentencePlan {
        words = List.copyOf(words);
    }

    /** A readable phonemic transcription (English: IPA-like with stress marks; Japanese: morae, accent as 'n). */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (Word w : words) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(w.text());
            if (w.pauseAfter()) {
                sb.append(" |");
            }
        }
        return sb.toString();
    }

    public int syllableCount() {
        int n = 0;
        for (Word w : words) {
            n += w.syllables().size();
        }
        return n;
    }
}
