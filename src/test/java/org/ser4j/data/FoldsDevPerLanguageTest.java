package org.ser4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/** In a corpus with two languages (the synthetic corpus, a bilingual CSV) dev speakers are held out per language. */
class FoldsDevPerLanguageTest {
    @Test
    void aBilingualCorpusGivesDevSpeakersOfEveryLanguage() {
        List<ManifestRow> rows = new ArrayList<>();
        for (String lang : List.of("en", "ja")) {
            for (int s = 1; s <= 5; s++) {
                for (String g : List.of("M", "F")) {
                    String spk = lang + g + s;
                    rows.add(new ManifestRow(spk + "_a", "wav/" + spk + "_a.wav", "synth", lang, spk, g,
                            ManifestRow.defaultDomain(lang, g), s, "ang", 1.0, Map.of()));
                }
            }
        }
        Manifest m = Manifest.of(rows, Path.of("."));
        Folds folds = Folds.loso(List.of(m), 1, 0L);
        for (int k : folds.foldNumbers()) {
            Set<String> devLanguages = new TreeSet<>();
            for (String id : folds.fold(k).dev()) {
                devLanguages.add(id.substring(0, 2));
            }
            assertEquals(2, folds.fold(k).dev().size(), "fold " + k);
            assertEquals(Set.of("en", "ja"), devLanguages, "fold " + k);
        }
        // a one-language corpus keeps one group: one dev speaker in all
        Manifest en = Manifest.of(rows.stream().filter(r -> r.language().equals("en")).toList(), Path.of("."));
        assertEquals(1, Folds.loso(List.of(en), 1, 0L).fold(1).dev().size());
    }
}
