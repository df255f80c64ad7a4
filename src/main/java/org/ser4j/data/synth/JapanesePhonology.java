package org.ser4j.data.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Japanese-like sentences: accentual phrases (a content word of 2-4 morae plus a particle, the last one a verb
 * ending) made of (C)(j)V morae over the five vowels, with the moraic nasal N, geminates Q, long vowels, the
 * usual allophones (si -> ʃi, ti -> tʃi, tu -> tsɯ, hu -> ɸɯ, hi -> çi, r -> flap) and devoiced high vowels
 * between voiceless consonants. Each phrase has a lexical pitch accent position or none (heiban).
 */
final class JapanesePhonology implements Phonology {
    private static final String[] VOWELS = {"a", "i", "ɯ", "e", "o"};
    /** Onset consonants, weighted by repetition; "" is a vowel-initial mora. */
    private static final String[] CONSONANTS = {"", "", "k", "k", "s", "t", "t", "n", "n", "h", "m", "m", "j", "r", "r",
        "w", "g", "z", "d", "b", "p", "k", "s", "t"};
    private static final Set<String> VOICELESS = Set.of("k", "s", "t", "h", "p", "ʃ", "tʃ", "ts", "ɸ", "ç");
    private static final String[][] PARTICLES = {{"g", "a"}, {"w", "a"}, {"", "o"}, {"n", "i"}, {"d", "e"}, {"t", "o"},
        {"m", "o"}, {"k", "a", "r", "a"}, {"m", "a", "d", "e"}, {"n", "o"}, {"", "e"}};
    private static final String[][] ENDINGS = {{"m", "a", "s", "ɯ"}, {"m", "a", "ʃ", "i", "t", "a"}, {"d", "e", "s", "ɯ"},
        {"m", "a", "s", "e", "N"}, {"t", "a"}};

    /** One mora before realisation: consonant ("" none), palatal glide, vowel or special N / Q / R (long vowel). */
    private record Mora(String consonant, boolean palatal, String vowel) {}

    @Override
    public SentencePlan sentence(String id, SplittableRandom rng) {
        // Redraw until the sentence has 14-20 morae (about 2-3 s at 6-7 morae per second).
        while (true) {
            SentencePlan plan = draw(id, rng);
            int n = plan.syllableCount();
            if (n >= 14 && n <= 20) {
                return plan;
            }
        }
    }

    private SentencePlan draw(String id, SplittableRandom rng) {
        int phrases = 3 + rng.nextInt(3);
        List<Word> words = new ArrayList<>();
        int breakAt = phrases >= 4 && rng.nextDouble() < 0.6 ? 1 + rng.nextInt(phrases - 2) : -1;
        for (int p = 0; p < phrases; p++) {
            boolean last = p == phrases - 1;
            List<Mora> morae = contentWord(rng, last ? 2 + rng.nextInt(2) : 2 + rng.nextInt(3));
            int accent = rng.nextDouble() < 0.45 ? 0 : 1 + rng.nextInt(morae.size());
            String[] tail = last ? ENDINGS[rng.nextInt(ENDINGS.length)] : PARTICLES[rng.nextInt(PARTICLES.length)];
            for (int i = 0; i < tail.length; i += 2) {
                if (i + 1 < tail.length) {
                    morae.add(new Mora(tail[i], false, tail[i + 1]));
                } else {
                    morae.add(new Mora("", false, tail[i]));
                }
            }
            words.add(new Word(realise(morae), true, accent, p == breakAt));
        }
        return new SentencePlan(SynthLanguage.JA, id, words);
    }

    private List<Mora> contentWord(SplittableRandom rng, int length) {
        List<Mora> m = new ArrayList<>();
        while (m.size() < length) {
            boolean canSpecial = !m.isEmpty() && !isSpecial(m.get(m.size() - 1)) && m.size() < length;
            double r = rng.nextDouble();
            if (canSpecial && r < 0.12) {
                m.add(new Mora("", false, "N"));
                continue;
            }
            if (canSpecial && r < 0.19) {
                m.add(new Mora("", false, "R"));
                continue;
            }
            if (canSpecial && r < 0.25 && m.size() + 1 < length) {
                m.add(new Mora("", false, "Q"));
                String c = new String[] {"k", "t", "p", "s"}[rng.nextInt(4)];
                m.add(new Mora(c, false, VOWELS[rng.nextInt(5)]));
                continue;
            }
            String c = CONSONANTS[rng.nextInt(CONSONANTS.length)];
            boolean palatal = !c.isEmpty() && !c.equals("j") && !c.equals("w") && rng.nextDouble() < 0.12;
            String v;
            if (c.equals("j") || palatal) {
                v = new String[] {"a", "ɯ", "o"}[rng.nextInt(3)];
            } else if (c.equals("w")) {
                v = "a";
            } else {
                v = VOWELS[rng.nextInt(5)];
            }
            m.add(new Mora(c, palatal, v));
        }
        return m;
    }

    private static boolean isSpecial(Mora m) {
        return m.vowel().equals("N") || m.vowel().equals("Q") || m.vowel().equals("R");
    }

    /** Allophony, long vowels and devoicing, then one Syllable per mora. */
    private static List<Syllable> realise(List<Mora> morae) {
        List<Syllable> out = new ArrayList<>();
        String prevVowel = "a";
        List<List<String>> onsets = new ArrayList<>();
        for (Mora m : morae) {
            onsets.add(onset(m));
        }
        for (int i = 0; i < morae.size(); i++) {
            Mora m = morae.get(i);
            switch (m.vowel()) {
                case "N" -> out.add(new Syllable(List.of(), PhoneSet.get("N"), List.of(), 1, false));
                case "Q" -> out.add(new Syllable(List.of(), PhoneSet.get("Q"), List.of(), 1, false));
                case "R" -> out.add(new Syllable(List.of(), PhoneSet.get(prevVowel + "J"), List.of(), 1, false));
                default -> {
                    List<String> on = onsets.get(i);
                    boolean high = m.vowel().equals("i") || m.vowel().equals("ɯ");
                    boolean voicelessBefore = !on.isEmpty() && VOICELESS.contains(on.get(0)) && on.size() == 1;
                    boolean voicelessAfter = i + 1 < morae.size() ? !onsets.get(i + 1).isEmpty()
                            && VOICELESS.contains(onsets.get(i + 1).get(0)) : m.vowel().equals("ɯ") && i > 0;
                    boolean devoiced = high && voicelessBefore && voicelessAfter;
                    List<Phone> onsetPhones = new ArrayList<>();
                    for (String s : on) {
                        onsetPhones.add(PhoneSet.get(s));
                    }
                    out.add(new Syllable(onsetPhones, PhoneSet.get(m.vowel() + "J"), List.of(), 1, devoiced));
                    prevVowel = m.vowel();
                }
            }
        }
        return out;
    }

    private static List<String> onset(Mora m) {
        String c = m.consonant();
        String v = m.vowel();
        if (c.isEmpty() || isSpecial(m)) {
            return List.of();
        }
        if (m.palatal()) {
            return switch (c) {
                case "s" -> List.of("ʃ");
                case "t" -> List.of("tʃ");
                case "z", "d" -> List.of("dʒ");
                case "h" -> List.of("ç");
                case "r" -> List.of("ɾ", "j");
                case "n" -> List.of("ɲ");
                default -> List.of(c, "j");
            };
        }
        return switch (c + v) {
            case "si" -> List.of("ʃ");
            case "ti" -> List.of("tʃ");
            case "tɯ" -> List.of("ts");
            case "hi" -> List.of("ç");
            case "hɯ" -> List.of("ɸ");
            case "zi", "di" -> List.of("dʒ");
            case "dɯ" -> List.of("dz");
            case "ni" -> List.of("ɲ");
            default -> List.of(c.equals("r") ? "ɾ" : c);
        };
    }
}
