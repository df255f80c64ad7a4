package org.ser4j.weights;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;

import org.ser4j.util.BadInputException;

/**
 * What {@code torch._utils._rebuild_tensor_v2(storage, offset, size, stride, ...)} describes: a strided view into a
 * storage. The offset, size and stride are kept as pickled and checked by {@link #checkedLayout} only when the
 * tensor is asked for, because only then is its state-dict key known to name it in the error.
 *
 * @param storage the storage the view reads
 * @param offset  the pickled storage offset (an int)
 * @param size    the pickled shape (a tuple of ints)
 * @param stride  the pickled strides (a tuple of ints)
 */
record TorchTensorView(TorchStorageRef storage, Object offset, Object size, Object stride) {
    /** ND4J's rank limit; a deeper tensor is no model weight. */
    static final int MAX_RANK = 32;
    /** The most elements one Java float array holds. */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    /**
     * The checked geometry of a view: every dimension, stride and the offset non-negative, the element count and the
     * furthest element reached computed without overflow, the view inside its storage and no larger than it.
     */
    record Layout(long offset, long[] shape, long[] stride, int elementCount) {
        /** True when the view is its whole storage in row-major order, so the decoded values can be used as they are. */
        boolean coversRowMajor(long storageElements) {
            if (offset != 0 || elementCount != storageElements) {
                return false;
            }
            long expected = 1;
            for (int d = shape.length - 1; d >= 0; d--) {
                if (shape[d] != 1 && stride[d] != expected) {
                    return false;
                }
                expected *= shape[d];
            }
            return true;
        }
    }

    /** Checks the view against its storage's declared size; {@code where} names the file and tensor. */
    Layout checkedLayout(String where) {
        long storageElements = storage.declaredElements();
        if (storageElements < 0 || storage.declaredBytes() < 0) {
            throw new BadInputException(where + ": storage " + storage.entryName() + " declares " + storageElements
                    + " elements of " + storage.dtype() + ", not a byte count a file can hold");
        }
        long start = exactLong(offset, where, "storage offset");
        long[] shape = exactLongs(size, where, "size");
        long[] strides = exactLongs(stride, where, "stride");
        if (shape.length != strides.length) {
            throw new BadInputException(where + ": size " + Arrays.toString(shape) + " and stride "
                    + Arrays.toString(strides) + " differ in rank");
        }
        if (shape.length > MAX_RANK) {
            throw new BadInputException(where + ": rank " + shape.length + " exceeds " + MAX_RANK);
        }
        if (start < 0) {
            throw new BadInputException(where + ": negative storage offset " + start);
        }
        String geometry = "size " + Arrays.toString(shape) + ", stride " + Arrays.toString(strides) + ", offset " + start;
        long count = 1;
        long last = start; // index of the furthest element the view reads
        try {
            for (int d = 0; d < shape.length; d++) {
                if (shape[d] < 0) {
                    throw new BadInputException(where + ": negative dimension in " + geometry);
                }
                if (strides[d] < 0) {
                    throw new BadInputException(where + ": negative stride in " + geometry);
                }
                count = Math.multiplyExact(count, shape[d]);
                if (shape[d] > 0) {
                    last = Math.addExact(last, Math.multiplyExact(shape[d] - 1, strides[d]));
                }
            }
        } catch (ArithmeticException e) {
            throw new BadInputException(where + ": " + geometry + " overflows a 64-bit element count or index", e);
        }
        if (count > MAX_ELEMENTS) {
            throw new BadInputException(where + ": " + geometry + " has " + count + " elements, more than one tensor"
                    + " may hold (" + MAX_ELEMENTS + ")");
        }
        if (count > storageElements) {
            throw new BadInputException(where + ": " + geometry + " claims " + count + " elements but its storage "
                    + storage.entryName() + " has " + storageElements);
        }
        if (count > 0 && last >= storageElements) {
            throw new BadInputException(where + ": " + geometry + " reads element " + last + " but its storage "
                    + storage.entryName() + " has " + storageElements);
        }
        if (count == 0 && start > storageElements) {
            throw new BadInputException(where + ": storage offset " + start + " lies beyond its storage "
                    + storage.entryName() + " of " + storageElements + " elements");
        }
        return new Layout(start, shape, strides, (int) count);
    }

    private static long[] exactLongs(Object tuple, String where, String what) {
        List<?> items;
        if (tuple instanceof Object[] array) {
            items = Arrays.asList(array);
        } else if (tuple instanceof List<?> list) {
            items = list;
        } else {
            throw new BadInputException(where + ": " + what + " is " + describe(tuple) + ", expected a tuple of ints");
        }
        if (items.size() > MAX_RANK) {
            throw new BadInputException(where + ": " + what + " has " + items.size() + " entries, more than rank "
                    + MAX_RANK);
        }
        long[] out = new long[items.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = exactLong(items.get(i), where, what + "[" + i + "]");
        }
        return out;
    }

    private static long exactLong(Object value, String where, String what) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big) {
            if (big.bitLength() < 64) {
                return big.longValue();
            }
            throw new BadInputException(where + ": " + what + " " + big + " does not fit a 64-bit integer");
        }
        throw new BadInputException(where + ": " + what + " is " + describe(value) + ", expected an int");
    }

    private static String describe(Object value) {
        if (value == null) {
            return "None";
        }
        if (!(value instanceof Number || value instanceof CharSequence)) {
            return value.getClass().getSimpleName(); // containers may be huge or refer to themselves
        }
        String text = value.toString();
        return value.getClass().getSimpleName() + " " + (text.length() > 60 ? text.substring(0, 60) + "..." : text);
    }
}
