package org.ser4j.data;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.ser4j.util.BadInputException;

/**
 * The domain classes of the domain head, in index order, and how (language, gender) maps to them. The default is
 * Lee's four domains {@code EM,EF,JM,JF} with the mapping of {@link ManifestRow#defaultDomain}; a config may map
 * pairs otherwise, e.g. {@code en/M=EM,en/F=EF,ja/M=JM,ja/F=JF} or a two-way language-only split
 * {@code en/M=E,en/F=E,ja/M=J,ja/F=J}.
 *
 * @param labels  domain classes in index order
 * @param mapping key {@code language/gender} (lower-case language, upper-case gender) to a domain label; pairs not
 *                listed fall back to the default rule
 */
public record DomainSet(List<String> labels, Map<String, String> mapping) {
    public static final DomainSet DEFAULT = new DomainSet(List.of("EM", "EF", "JM", "JF"), Map.of());

    public DomainSet {
        if (labels == null || labels.isEmpty()) {
            throw new BadInputException("domain set: at least one domain is required");
        }
        Set<String> seen = new HashSet<>();
        for (String l : labels) {
            if (l == null || l.isBlank() || !seen.add(l)) {
                throw new BadInputException("domain set: bad or repeated domain '" + l + "' in " + labels);
            }
        }
        labels = List.copyOf(labels);
        Map<String, String> m = new LinkedHashMap<>();
        if (mapping != null) {
            for (Map.Entry<String, String> e : mapping.entrySet()) {
                if (!labels.contains(e.getValue())) {
                    throw new BadInputException("domain mapping " + e.getKey() + "=" + e.getValue()
                            + ": domain is not in " + String.join(",", labels));
                }
                m.put(key(e.getKey()), e.getValue());
            }
        }
        mapping = Map.copyOf(m);
    }

    /**
     * Parses {@code lang/G=DOMAIN,...}; the labels are the distinct right-hand sides in first-seen order.
     * An empty string gives the default.
     */
    public static DomainSet parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return DEFAULT;
        }
        Map<String, String> m = new LinkedHashMap<>();
        List<String> labels = new ArrayList<>();
        for (String part : spec.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2 || !kv[0].contains("/")) {
                throw new BadInputException("domain mapping '" + part + "': expected language/gender=DOMAIN, e.g. en/M=EM");
            }
            String d = kv[1].trim();
            m.put(kv[0].trim(), d);
            if (!labels.contains(d)) {
                labels.add(d);
            }
        }
        return new DomainSet(labels, m);
    }

    private static String key(String languageSlashGender) {
        String[] p = languageSlashGender.trim().split("/", 2);
        if (p.length != 2) {
            throw new BadInputException("domain mapping key '" + languageSlashGender + "': expected language/gender");
        }
        return p[0].trim().toLowerCase(Locale.ROOT) + "/" + p[1].trim().toUpperCase(Locale.ROOT);
    }

    /** The domain of an utterance by language and gender. */
    public String domainOf(String language, String gender) {
        String d = mapping.get(language.toLowerCase(Locale.ROOT) + "/" + gender.toUpperCase(Locale.ROOT));
        return d != null ? d : ManifestRow.defaultDomain(language, gender);
    }

    public int size() {
        return labels.size();
    }

    /** The class index of a domain label (as written in the manifest's {@code domain} column). */
    public int indexOf(String domain) {
        int i = labels.indexOf(domain);
        if (i < 0) {
            throw new BadInputException("domain '" + domain + "' is not in the domain set " + String.join(",", labels));
        }
        return i;
    }

    public String label(int index) {
        return labels.get(index);
    }
}
