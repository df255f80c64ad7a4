package org.ser4j.weights;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns pickled omegaconf containers into plain Java values: a {@code DictConfig} is its {@code _content} map, a
 * {@code ListConfig} its {@code _content} list, a value node ({@code AnyNode}, {@code StringNode}, ...) its
 * {@code _val}. Plain dicts and lists pass through recursively. Back-references ({@code _parent}) are not followed.
 */
final class OmegaConfValues {
    private OmegaConfValues() {}

    static Object plain(Object o) {
        return plain(o, new IdentityHashMap<>());
    }

    private static Object plain(Object o, IdentityHashMap<Object, Boolean> seen) {
        if (o == null || o instanceof Number || o instanceof String || o instanceof Boolean) {
            return o;
        }
        if (seen.put(o, Boolean.TRUE) != null) {
            return null;
        }
        if (o instanceof PickledObject p && p.className().startsWith("omegaconf.")) {
            if (p.containsKey("_content")) {
                return plain(p.get("_content"), seen);
            }
            if (p.containsKey("_val")) {
                return plain(p.get("_val"), seen);
            }
            return null;
        }
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> {
                if (!"_parent".equals(k) && !"_metadata".equals(k)) {
                    out.put(String.valueOf(k), plain(v, seen));
                }
            });
            return out;
        }
        if (o instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(plain(v, seen)));
            return out;
        }
        if (o instanceof Object[] a) {
            List<Object> out = new ArrayList<>();
            for (Object v : a) {
                out.add(plain(v, seen));
            }
            return out;
        }
        return o;
    }
}
