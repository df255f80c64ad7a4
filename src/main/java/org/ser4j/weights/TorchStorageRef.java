package org.ser4j.weights;

/**
 * A storage that a torch.save pickle refers to by persistent id {@code ('storage', torch.XStorage, key, location,
 * numel)}: the zip entry {@code <root>/data/<key>} holding {@code declaredElements} little-endian values of
 * {@code dtype}. Nothing is read when the pickle is loaded; {@link TorchTensorView} checks views against the
 * declared size and {@link TorchStorageReader} reads the bytes when a tensor is asked for.
 *
 * @param key              the storage key of the persistent id
 * @param entryName        the zip entry holding the storage's bytes
 * @param dtype            the element type, in safetensors' spelling (F32, F16, BF16, F64, I64, I32)
 * @param declaredElements the storage's element count as the pickle declares it
 */
record TorchStorageRef(String key, String entryName, String dtype, long declaredElements) {

    /** Bytes the zip entry must hold: elements x element size, or -1 when that overflows a long. */
    long declaredBytes() {
        try {
            return Math.multiplyExact(declaredElements, (long) TensorDecoder.elementSize(dtype));
        } catch (ArithmeticException e) {
            return -1;
        }
    }
}
