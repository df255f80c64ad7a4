package org.ser4j.weights;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code collections.OrderedDict} / {@code defaultdict}: insertion-ordered entries, plus the instance attributes a
 * BUILD may set (a module state_dict carries {@code _metadata}), kept apart so they never look like tensors.
 */
public final class PickledDict extends LinkedHashMap<Object, Object> {
    private static final long serialVersionUID = 1L;
    private final Map<String, Object> attributes = new HashMap<>();

    public Map<String, Object> attributes() {
        return attributes;
    }

    @SuppressWarnings("checkstyle:MethodName")
    public void __setstate__(HashMap<String, Object> state) {
        attributes.putAll(state);
    }

    @SuppressWarnings("checkstyle:MethodName")
    public void __setstate__(Object[] state) {
        for (Object part : state) {
            if (part instanceof Map<?, ?> m) {
                m.forEach((k, v) -> attributes.put(String.valueOf(k), v));
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
