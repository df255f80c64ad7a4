package org.ser4j.weights;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.ser4j.util.BadInputException;

/** Little-endian tensor bytes of a given element type to float32 values (what the encoder graph computes in). */
final class TensorDecoder {
    private TensorDecoder() {}

    /** Bytes per element of a safetensors / torch storage dtype name, or -1 when unsupported. */
    static int elementSize(String dtype) {
        return switch (dtype) {
            case "F32", "I32" -> 4;
            case "F16", "BF16", "I16" -> 2;
            case "F64", "I64" -> 8;
            case "U8", "I8", "BOOL" -> 1;
            default -> -1;
        };
    }

    /** Whether {@link #decode} reads this dtype. */
    static boolean decodes(String dtype) {
        return switch (dtype) {
            case "F32", "F16", "BF16", "F64", "I64", "I32" -> true;
            default -> false;
        };
    }

    static float[] decode(ByteBuffer raw, String dtype, int count, String where) {
        ByteBuffer b = raw.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[count];
        switch (dtype) {
            case "F32" -> b.asFloatBuffer().get(out);
            case "F16" -> {
                for (int i = 0; i < count; i++) {
                    out[i] = HalfFloats.fromHalf(b.getShort());
                }
            }
            case "BF16" -> {
                for (int i = 0; i < count; i++) {
                    out[i] = HalfFloats.fromBfloat16(b.getShort());
                }
            }
            case "F64" -> {
                for (int i = 0; i < count; i++) {
                    out[i] = (float) b.getDouble();
                }
            }
            case "I64" -> {
                for (int i = 0; i < count; i++) {
                    out[i] = b.getLong();
                }
            }
            case "I32" -> {
                for (int i = 0; i < count; i++) {
                    out[i] = b.getInt();
                }
            }
            default -> throw new BadInputException(where + ": unsupported tensor dtype " + dtype
                    + " (expected F32, F16, BF16, F64, I64 or I32)");
        }
        return out;
    }
}
