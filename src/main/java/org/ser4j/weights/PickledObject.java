package org.ser4j.weights;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;

/**
 * A Python object of a class ser4j does not model (omegaconf nodes, fairseq Dictionary, argparse Namespace, ...),
 * kept as its constructor arguments plus the attribute state that pickle's BUILD sets. The attributes are also the
 * map entries, so nested configs read like dicts.
 */
public final class PickledObject extends HashMap<String, Object> {
    private static final long serialVersionUID = 1L;
    private final String className;
    private final List<Object> args;
    private Object tupleState;

    PickledObject(String className, Object[] args) {
        this.className = className;
        this.args = Arrays.asList(args == null ? new Object[0] : args);
    }

    public String className() {
        return className;
    }

    public List<Object> args() {
        return args;
    }

    /** Non-dict state (e.g. {@code (None, slots)} tuples), if the object had one. */
    public Object tupleState() {
        return tupleState;
    }

    // Called reflectively by net.razorvine.pickle on BUILD; the name is Python's.
    @SuppressWarnings("checkstyle:MethodName")
    public void __setstate__(HashMap<String, Object> state) {
        putAll(state);
    }

    @SuppressWarnings("checkstyle:MethodName")
    public void __setstate__(Object[] state) {
        tupleState = state;
        for (Object part : state) {
            if (part instanceof java.util.Map<?, ?> m) {
                m.forEach((k, v) -> put(String.valueOf(k), v));
            }
        }
    }

    // Identity semantics: omegaconf nodes point back to their parents, so content-based hashing would recurse forever.
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return "<" + className + ">";
    }
}
