package org.ser4j.data.synth;

import java.util.HashMap;
import java.util.Map;

/**
 * The phone inventories. Vowel formants follow the classic adult-male measurements (Peterson and Barney for
 * English-like vowels; Japanese five-vowel values, whose /u/ is unrounded and central). The two inventories share
 * consonant symbols but not vowels, so the vowel space itself differs between the languages.
 */
public final class PhoneSet {
    private static final Map<String, Phone> PHONES = new HashMap<>();

    static {
        // English-like vowels (monophthongs and diphthongs); ə and ɨ are the reduced vowels.
        add(Phone.vowel("i", 270, 2290, 3010, 120));
        add(Phone.vowel("ɪ", 390, 1990, 2550, 85));
        add(Phone.vowel("ɛ", 530, 1840, 2480, 100));
        add(Phone.vowel("æ", 660, 1720, 2410, 140));
        add(Phone.vowel("ɑ", 730, 1090, 2440, 140));
        add(Phone.vowel("ɔ", 570, 840, 2410, 130));
        add(Phone.vowel("ʊ", 440, 1020, 2240, 85));
        add(Phone.vowel("u", 300, 870, 2240, 120));
        add(Phone.vowel("ʌ", 640, 1190, 2390, 95));
        add(Phone.vowel("ɝ", 490, 1350, 1690, 120));
        add(Phone.vowel("ə", 500, 1450, 2450, 50));
        add(Phone.vowel("ɨ", 420, 1700, 2500, 50));
        add(Phone.diphthong("eɪ", 480, 1900, 2500, 330, 2200, 2800, 150));
        add(Phone.diphthong("aɪ", 720, 1250, 2450, 380, 2050, 2650, 170));
        add(Phone.diphthong("oʊ", 520, 950, 2400, 380, 900, 2300, 150));
        add(Phone.diphthong("aʊ", 720, 1250, 2450, 400, 900, 2300, 170));
        // Japanese-like five vowels (suffix J keeps the two inventories apart).
        add(Phone.vowel("aJ", 750, 1250, 2550, 75));
        add(Phone.vowel("iJ", 300, 2250, 3000, 60));
        add(Phone.vowel("ɯJ", 340, 1400, 2350, 55));
        add(Phone.vowel("eJ", 460, 1950, 2600, 70));
        add(Phone.vowel("oJ", 480, 850, 2500, 70));

        // Consonants: formants are loci. Labials low F2, alveolars ~1700 Hz, velars/palatals high F2.
        add(Phone.consonant("p", PhoneKind.PLOSIVE, false, 250, 800, 2200, 1200, 2500, 0.6, 0, 70));
        add(Phone.consonant("t", PhoneKind.PLOSIVE, false, 250, 1750, 2700, 4200, 2500, 0.9, 0, 65));
        add(Phone.consonant("k", PhoneKind.PLOSIVE, false, 250, 2000, 2500, 2200, 1200, 0.9, 0, 70));
        add(Phone.consonant("b", PhoneKind.PLOSIVE, true, 220, 800, 2200, 1200, 2500, 0.4, 0, 60));
        add(Phone.consonant("d", PhoneKind.PLOSIVE, true, 220, 1700, 2700, 4000, 2500, 0.5, 0, 55));
        add(Phone.consonant("g", PhoneKind.PLOSIVE, true, 220, 1950, 2500, 2200, 1200, 0.5, 0, 60));
        add(Phone.consonant("tʃ", PhoneKind.AFFRICATE, false, 280, 2000, 2600, 3200, 1800, 0.8, 0, 110));
        add(Phone.consonant("dʒ", PhoneKind.AFFRICATE, true, 250, 2000, 2600, 3000, 1800, 0.5, 0, 95));
        add(Phone.consonant("ts", PhoneKind.AFFRICATE, false, 280, 1750, 2700, 5200, 2200, 0.8, 0, 100));
        add(Phone.consonant("dz", PhoneKind.AFFRICATE, true, 250, 1700, 2700, 5000, 2200, 0.5, 0, 85));
        add(Phone.consonant("s", PhoneKind.FRICATIVE, false, 300, 1750, 2700, 5500, 2200, 0.8, 0, 110));
        add(Phone.consonant("z", PhoneKind.FRICATIVE, true, 280, 1700, 2700, 5300, 2200, 0.45, 0, 85));
        add(Phone.consonant("ʃ", PhoneKind.FRICATIVE, false, 300, 2000, 2600, 3100, 1600, 0.85, 0, 115));
        add(Phone.consonant("ʒ", PhoneKind.FRICATIVE, true, 280, 2000, 2600, 3000, 1600, 0.45, 0, 85));
        add(Phone.consonant("f", PhoneKind.FRICATIVE, false, 300, 900, 2300, 5000, 5000, 0.25, 0, 100));
        add(Phone.consonant("v", PhoneKind.FRICATIVE, true, 280, 900, 2300, 5000, 5000, 0.15, 0, 70));
        add(Phone.consonant("θ", PhoneKind.FRICATIVE, false, 300, 1500, 2600, 6000, 4000, 0.2, 0, 100));
        add(Phone.consonant("ð", PhoneKind.FRICATIVE, true, 280, 1500, 2600, 5500, 4000, 0.12, 0, 50));
        add(Phone.consonant("h", PhoneKind.FRICATIVE, false, 0, 0, 0, 0, 0, 0.0, 0, 80));
        add(Phone.consonant("ɸ", PhoneKind.FRICATIVE, false, 300, 900, 2300, 2500, 4000, 0.3, 0, 80));
        add(Phone.consonant("ç", PhoneKind.FRICATIVE, false, 300, 2200, 2900, 3800, 2500, 0.5, 0, 90));
        add(Phone.consonant("m", PhoneKind.NASAL, true, 250, 1000, 2200, 0, 0, 0, 1000, 70));
        add(Phone.consonant("n", PhoneKind.NASAL, true, 250, 1600, 2600, 0, 0, 0, 1700, 65));
        add(Phone.consonant("ŋ", PhoneKind.NASAL, true, 250, 2000, 2600, 0, 0, 0, 3000, 75));
        add(Phone.consonant("ɲ", PhoneKind.NASAL, true, 250, 2100, 2800, 0, 0, 0, 2500, 65));
        add(Phone.consonant("l", PhoneKind.LIQUID, true, 360, 1200, 2800, 0, 0, 0, 0, 65));
        add(Phone.consonant("r", PhoneKind.LIQUID, true, 350, 1150, 1550, 0, 0, 0, 0, 70));
        add(Phone.consonant("w", PhoneKind.GLIDE, true, 300, 700, 2200, 0, 0, 0, 0, 60));
        add(Phone.consonant("j", PhoneKind.GLIDE, true, 280, 2200, 2950, 0, 0, 0, 0, 55));
        add(Phone.consonant("ɾ", PhoneKind.FLAP, true, 320, 1600, 2600, 0, 0, 0, 0, 25));
        add(Phone.consonant("N", PhoneKind.MORAIC_NASAL, true, 250, 1500, 2500, 0, 0, 0, 2000, 0));
        add(Phone.consonant("Q", PhoneKind.GEMINATE, false, 0, 0, 0, 0, 0, 0, 0, 0));
    }

    private PhoneSet() {}

    private static void add(Phone p) {
        PHONES.put(p.symbol(), p);
    }

    public static Phone get(String symbol) {
        Phone p = PHONES.get(symbol);
        if (p == null) {
            throw new IllegalArgumentException("unknown phone '" + symbol + "'");
        }
        return p;
    }
}
