package org.ser4j.weights;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds torch.save-style zip checkpoints byte by byte for tests: a protocol-2 pickle of an {@code OrderedDict} of
 * {@code _rebuild_tensor_v2} calls, storages as {@code archive/data/<key>} entries. Offsets, shapes, strides and
 * declared element counts are written as given, so hostile views can be made; any int too large for a long is
 * written with {@link BigInteger}.
 */
public final class TorchZipBuilder {
    /** A tensor entry of the state dict: a view into storage {@code key}. */
    public record View(String name, String storageKey, String storageClass, Object numel, Object offset,
                       Object[] shape, Object[] stride) {}

    private final List<View> views = new ArrayList<>();
    private final Map<String, byte[]> storages = new LinkedHashMap<>();
    private final Map<String, Boolean> deflated = new LinkedHashMap<>();

    /** A float32 storage holding {@code values}. */
    public TorchZipBuilder floatStorage(String key, float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return rawStorage(key, b.array(), false);
    }

    /** A storage entry with exactly these bytes, stored or deflated. */
    public TorchZipBuilder rawStorage(String key, byte[] bytes, boolean deflate) {
        storages.put(key, bytes);
        deflated.put(key, deflate);
        return this;
    }

    /** A contiguous FloatStorage view declaring {@code numel}. */
    public TorchZipBuilder tensor(String name, String storageKey, long numel, long offset, long[] shape, long[] stride) {
        return view(new View(name, storageKey, "FloatStorage", numel, offset, boxed(shape), boxed(stride)));
    }

    public TorchZipBuilder view(View v) {
        views.add(v);
        return this;
    }

    /** The pickle of the state dict. */
    public byte[] pickle() {
        PickleBytes p = new PickleBytes().proto2().global("collections", "OrderedDict").emptyTuple().reduce();
        for (View v : views) {
            p.string(v.name());
            p.global("torch._utils", "_rebuild_tensor_v2").mark();
            p.mark().string("storage").global("torch", v.storageClass()).string(v.storageKey()).string("cpu")
                    .integer(v.numel()).tuple().binpersid();
            p.integer(v.offset());
            p.mark();
            for (Object d : v.shape()) {
                p.integer(d);
            }
            p.tuple().mark();
            for (Object s : v.stride()) {
                p.integer(s);
            }
            p.tuple().newFalse().global("collections", "OrderedDict").emptyTuple().reduce();
            p.tuple().reduce().setItem();
        }
        return p.stop().bytes();
    }

    /** Writes the zip with {@link #pickle()} as {@code archive/data.pkl}. */
    public Path write(Path file) {
        return writeWithPickle(file, pickle(), false);
    }

    /** Writes the zip with the given pickle bytes, stored or deflated. */
    public Path writeWithPickle(Path file, byte[] pickle, boolean deflatePickle) {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            putEntry(zip, "archive/data.pkl", pickle, deflatePickle);
            for (Map.Entry<String, byte[]> e : storages.entrySet()) {
                putEntry(zip, "archive/data/" + e.getKey(), e.getValue(), deflated.get(e.getKey()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    static void putEntry(ZipOutputStream zip, String name, byte[] bytes, boolean deflate) throws IOException {
        ZipEntry e = new ZipEntry(name);
        if (deflate) {
            e.setMethod(ZipEntry.DEFLATED);
        } else {
            e.setMethod(ZipEntry.STORED); // as torch writes them
            CRC32 crc = new CRC32();
            crc.update(bytes);
            e.setSize(bytes.length);
            e.setCompressedSize(bytes.length);
            e.setCrc(crc.getValue());
        }
        zip.putNextEntry(e);
        zip.write(bytes);
        zip.closeEntry();
    }

    /**
     * Rewrites the uncompressed size that the zip's central directory records for {@code entryName}, as a zip bomb
     * would: readers that trust it are told a small size while the data inflates to much more.
     */
    public static void patchCentralDirectorySize(Path zipFile, String entryName, int declaredSize) throws IOException {
        byte[] zip = Files.readAllBytes(zipFile);
        byte[] name = entryName.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i + 46 + name.length <= zip.length; i++) {
            if (b.getInt(i) == 0x02014b50 && (b.getShort(i + 28) & 0xffff) == name.length
                    && java.util.Arrays.equals(zip, i + 46, i + 46 + name.length, name, 0, name.length)) {
                b.putInt(i + 24, declaredSize);
                Files.write(zipFile, zip);
                return;
            }
        }
        throw new IllegalArgumentException(entryName + " not in the central directory of " + zipFile);
    }

    private static Object[] boxed(long[] values) {
        Object[] out = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    /** Protocol-2 pickle opcodes, enough for state dicts and for malformed streams. */
    public static final class PickleBytes {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        public PickleBytes proto2() {
            return raw(0x80, 2);
        }

        public PickleBytes global(String module, String name) {
            out.write('c');
            out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
            return this;
        }

        public PickleBytes string(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            out.write('X');
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(utf8.length).array());
            out.writeBytes(utf8);
            return this;
        }

        /** An int as BININT when it fits 32 bits, else LONG1 with as many two's-complement bytes as it needs. */
        public PickleBytes integer(Object value) {
            BigInteger v = value instanceof BigInteger big ? big : BigInteger.valueOf(((Number) value).longValue());
            if (v.bitLength() < 32) {
                out.write('J');
                out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v.intValue()).array());
                return this;
            }
            byte[] bigEndian = v.toByteArray();
            out.write(0x8a);
            out.write(bigEndian.length);
            for (int i = bigEndian.length - 1; i >= 0; i--) {
                out.write(bigEndian[i]);
            }
            return this;
        }

        public PickleBytes mark() {
            return raw('(');
        }

        public PickleBytes tuple() {
            return raw('t');
        }

        public PickleBytes emptyTuple() {
            return raw(')');
        }

        public PickleBytes reduce() {
            return raw('R');
        }

        public PickleBytes binpersid() {
            return raw('Q');
        }

        public PickleBytes newFalse() {
            return raw(0x89);
        }

        public PickleBytes setItem() {
            return raw('s');
        }

        public PickleBytes stop() {
            return raw('.');
        }

        public PickleBytes raw(int... opcodes) {
            for (int op : opcodes) {
                out.write(op);
            }
            return this;
        }

        public PickleBytes rawBytes(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        public byte[] bytes() {
            return out.toByteArray();
        }
    }
}
