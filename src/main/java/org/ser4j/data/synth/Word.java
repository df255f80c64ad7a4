package org.ser4j.data.synth;

import java.util.List;

/**
 * A word (English-like) or an accentual phrase, bunsetsu (Japanese-like).
 *
 * @param content    English: a content word that can carry a pitch accent (function words cannot)
 * @param accentMora Japanese: 0 for an unaccented (flat, heiban) phrase, else the 1-based mora after which pitch falls
 * @param pauseAfter a prosodic phrase break follows this word
 */
public record Word(List<Syllable> syllables, boolean content, int accentMora, boolean pauseAfter) {

    public Word {
        syllables = List.copyOf(syllables);
    }

    public String text() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < syllables.size(); i++) {
            Syllable s = syllables.get(i);
            if (s.stress() == 2 && syllables.size() > 1) {
                sb.append('ˈ');
            }
            sb.append(s.text());
        }
        if (accentMora > 0) {
            sb.append('\'').append(accentMora);
        }
        return sb.toString();
    }
}
