package org.ser4j.weights;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ser4j.util.BadInputException;

import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.Unpickler;

/**
 * Reads PyTorch {@code torch.save} zip files ({@code pytorch_model.bin}, fairseq {@code .pt}) without torch:
 * {@code <root>/data.pkl} is unpickled with {@code net.razorvine:pickle}; tensors come from
 * {@code torch._utils._rebuild_tensor_v2(storage, offset, size, stride, ...)} whose storages are the zip entries
 * {@code <root>/data/<key>} named by persistent ids {@code ('storage', torch.XStorage, key, location, numel)}.
 * Float, Half, BFloat16 and Double storages become float32 {@link INDArray}s (any stride/offset honoured).
 *
 * <p>Loading is two steps, so that a hostile file is refused with its tensor named and with bounded memory:
 * {@link #load} unpickles the structure, in which tensors are unread {@link TorchTensorView}s; {@link #tensorsOf}
 * then checks every requested view against its storage (offset, size, strides, element count, overflow) and the
 * views' total against the storages', and only then reads the storages, each with the exact size it declares
 * ({@link TorchStorageReader}). Storages that no requested tensor uses (a training checkpoint's optimizer state) are
 * never read. Any malformed pickle is a {@link BadInputException} naming the file.
 *
 * <p>Classes that are not modelled (omegaconf configs, fairseq's Dictionary, argparse.Namespace, enums...) become
 * {@link PickledObject}s instead of failing, so whole training checkpoints load; {@code OrderedDict} and
 * {@code defaultdict} become {@link PickledDict}. The root folder name inside the zip is not assumed.
 */
public final class TorchPickleReader {
    /**
     * The requested views together may hold at most this many times the elements of the storages they read (tied
     * weights give two keys one storage), so that many views of one storage cannot multiply the memory needed.
     */
    static final long MAX_VIEW_TO_STORAGE_RATIO = 4;
    private static final Map<String, String> STORAGE_DTYPES = Map.of(
            "FloatStorage", "F32", "HalfStorage", "F16", "BFloat16Storage", "BF16", "DoubleStorage", "F64",
            "LongStorage", "I64", "IntStorage", "I32");

    static {
        STORAGE_DTYPES.forEach((cls, dtype) -> Unpickler.registerConstructor("torch", cls, new StorageType(dtype)));
        Unpickler.registerConstructor("torch._utils", "_rebuild_tensor_v2", TorchPickleReader::rebuildTensor);
        Unpickler.registerConstructor("torch._utils", "_rebuild_parameter", args -> args[0]);
        IObjectConstructor dict = args -> new PickledDict();
        Unpickler.registerConstructor("collections", "OrderedDict", dict);
        Unpickler.registerConstructor("collections", "defaultdict", dict);
    }

    private TorchPickleReader() {}

    /** The unpickled root object of a torch.save zip; its tensors are unread {@link TorchTensorView}s. */
    public static Object load(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry pkl = null;
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                String name = e.getName();
                if (name.equals("data.pkl") || name.endsWith("/data.pkl")) {
                    pkl = e;
                    break;
                }
            }
            if (pkl == null) {
                throw new BadInputException(file + ": no data.pkl entry; expected a PyTorch zip checkpoint (torch >= 1.6)");
            }
            String root = pkl.getName().substring(0, pkl.getName().length() - "data.pkl".length());
            byte[] pickle = new TorchStorageReader(zip, file, Files.size(file)).readPickle(pkl);
            return new ZipUnpickler(root).load(new PushbackInputStream(new ByteArrayInputStream(pickle), 4096));
        } catch (java.util.zip.ZipException e) {
            throw new BadInputException(file + ": not a zip file; legacy (pre-1.6) torch.save files are not supported", e);
        } catch (IOException | PickleException e) {
            throw new BadInputException(file + ": cannot unpickle PyTorch checkpoint (" + e.getMessage() + ")", e);
        } catch (BadInputException e) {
            throw e.getMessage().startsWith(file.toString()) ? e : new BadInputException(file + ": " + e.getMessage(), e);
        } catch (RuntimeException | StackOverflowError e) {
            // razorvine meets malformed pickles with whatever Java raises (stack underflow, casts, negative sizes)
            throw new BadInputException(file + ": malformed pickle in PyTorch checkpoint (" + e + ")", e);
        }
    }

    /**
     * The tensors of a state dict saved with torch.save: the root map itself, or its {@code state_dict} /
     * {@code model} entry when the root is a training checkpoint. Non-tensor values are skipped.
     */
    public static Map<String, INDArray> readStateDict(Path file) {
        Object root = load(file);
        Map<?, ?> map = asMap(root, file + ": root object");
        for (String key : new String[] {"state_dict", "model"}) {
            if (map.get(key) instanceof Map<?, ?> inner
                    && map.values().stream().noneMatch(v -> v instanceof TorchTensorView)) {
                map = inner;
                break;
            }
        }
        return tensorsOf(file, map);
    }

    /**
     * The tensor values of a map from {@link #load} (other values are skipped), read from {@code file}. Every view is
     * checked before any storage is read; errors name the file and the tensor's key.
     */
    static Map<String, INDArray> tensorsOf(Path file, Map<?, ?> map) {
        Map<String, TorchTensorView> views = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (v instanceof TorchTensorView view) {
                views.put(String.valueOf(k), view);
            }
        });
        Map<String, TorchTensorView.Layout> layouts = new LinkedHashMap<>();
        // keyed by the whole reference: two persistent ids may name one entry with different sizes or dtypes
        Map<TorchStorageRef, Long> storageElements = new HashMap<>();
        long viewElements = 0;
        for (Map.Entry<String, TorchTensorView> e : views.entrySet()) {
            TorchTensorView.Layout layout = e.getValue().checkedLayout(where(file, e.getKey()));
            layouts.put(e.getKey(), layout);
            storageElements.put(e.getValue().storage(), e.getValue().storage().declaredElements());
            viewElements += layout.elementCount();
        }
        long distinctStorageElements = storageElements.values().stream().mapToLong(Long::longValue).sum();
        if (viewElements > MAX_VIEW_TO_STORAGE_RATIO * distinctStorageElements) {
            throw new BadInputException(file + ": " + views.size() + " tensors claim " + viewElements
                    + " elements from storages holding " + distinctStorageElements + " (more than "
                    + MAX_VIEW_TO_STORAGE_RATIO + " views of the same data)");
        }
        Map<String, INDArray> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            TorchStorageReader reader = new TorchStorageReader(zip, file, Files.size(file));
            Map<TorchStorageRef, float[]> decoded = new HashMap<>();
            for (Map.Entry<String, TorchTensorView> e : views.entrySet()) {
                TorchStorageRef storage = e.getValue().storage();
                String where = where(file, e.getKey());
                float[] values = decoded.get(storage);
                if (values == null) {
                    values = reader.readStorage(storage, where);
                    decoded.put(storage, values);
                }
                out.put(e.getKey(), materialize(values, layouts.get(e.getKey())));
            }
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read PyTorch checkpoint (" + e.getMessage() + ")", e);
        }
        return out;
    }

    private static String where(Path file, String key) {
        return file + ": tensor '" + key + "'";
    }

    static Map<?, ?> asMap(Object o, String what) {
        if (o instanceof Map<?, ?> m) {
            return m;
        }
        throw new BadInputException(what + " is " + (o == null ? "None" : o.getClass().getSimpleName())
                + ", expected a dict");
    }

    /** Marker pushed for GLOBAL torch.XStorage; its dtype decodes the storage bytes. */
    record StorageType(String dtype) implements IObjectConstructor {
        @Override
        public Object construct(Object[] args) {
            throw new PickleException("torch storage types are not constructed directly");
        }
    }

    private static Object rebuildTensor(Object[] args) {
        if (args.length < 4 || !(args[0] instanceof TorchStorageRef storage)) {
            throw new PickleException("_rebuild_tensor_v2: unexpected arguments");
        }
        return new TorchTensorView(storage, args[1], args[2], args[3]);
    }

    /** The view's values, copied out of the decoded storage in row-major order. */
    private static INDArray materialize(float[] storage, TorchTensorView.Layout layout) {
        long[] shape = layout.shape();
        if (layout.elementCount() == 0) {
            return Nd4j.create(DataType.FLOAT, shape);
        }
        float[] out;
        if (layout.coversRowMajor(storage.length)) {
            out = storage;
        } else {
            out = new float[layout.elementCount()];
            long[] stride = layout.stride();
            int[] idx = new int[shape.length];
            for (int i = 0; i < out.length; i++) {
                long pos = layout.offset();
                for (int d = 0; d < shape.length; d++) {
                    pos += idx[d] * stride[d];
                }
                out[i] = storage[(int) pos]; // within bounds: checkedLayout bounded the furthest index
                for (int d = shape.length - 1; d >= 0; d--) { // row-major odometer
                    if (++idx[d] < shape[d]) {
                        break;
                    }
                    idx[d] = 0;
                }
            }
        }
        return shape.length == 0 ? Nd4j.scalar(out[0]) : Nd4j.create(out, shape, 'c');
    }

    /**
     * Unpickler that records storages as references, tolerates unknown classes, and refuses a length prefix longer
     * than the bytes left (razorvine would allocate the declared length before reading it).
     */
    private static final class ZipUnpickler extends Unpickler {
        private static final short BINSTRING = 'T';
        private static final short BINBYTES = 'B';
        private static final short BINUNICODE = 'X';
        private static final short LONG4 = 0x8b;
        private static final short BINUNICODE8 = 0x8d;
        private static final short BINBYTES8 = 0x8e;
        private static final short BYTEARRAY8 = 0x96;
        private final String root;

        ZipUnpickler(String root) {
            this.root = root;
        }

        @Override
        protected Object persistentLoad(Object pid) {
            Object[] t = pid instanceof Object[] a ? a : pid instanceof List<?> l ? l.toArray() : new Object[0];
            if (t.length < 5 || !"storage".equals(t[0]) || !(t[1] instanceof StorageType type)
                    || !(t[4] instanceof Number)) {
                throw new PickleException("unsupported persistent id (expected ('storage', torch.XStorage, key,"
                        + " location, numel))");
            }
            long numel = t[4] instanceof java.math.BigInteger big
                    ? (big.bitLength() < 64 ? big.longValue() : -1) : ((Number) t[4]).longValue();
            String key = String.valueOf(t[2]);
            return new TorchStorageRef(key, root + "data/" + key, type.dtype(), numel);
        }

        @Override
        protected Object dispatch(short key) throws PickleException, IOException {
            PushbackInputStream in = (PushbackInputStream) input;
            if (key == BINSTRING || key == BINBYTES || key == BINUNICODE || key == LONG4) {
                checkLengthPrefix(in, 4);
            } else if (key == BINUNICODE8 || key == BINBYTES8 || key == BYTEARRAY8) {
                checkLengthPrefix(in, 8);
            } else if (key == 99) { // GLOBAL: "module\nname\n" follows in the stream
                String module = readLine(in);
                String name = readLine(in);
                tolerate(module, name);
                in.unread((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
            } else if (key == 147) { // STACK_GLOBAL: module and name are on the stack
                Object name = stack.pop();
                Object module = stack.pop();
                tolerate(String.valueOf(module), String.valueOf(name));
                stack.add(module);
                stack.add(name);
            }
            return super.dispatch(key);
        }

        private static void checkLengthPrefix(PushbackInputStream in, int width) throws IOException {
            byte[] prefix = in.readNBytes(width);
            in.unread(prefix);
            if (prefix.length < width) {
                return; // razorvine reports the premature end
            }
            long length = 0;
            for (int i = width - 1; i >= 0; i--) {
                length = (length << 8) | (prefix[i] & 0xff);
            }
            if (width == 4) {
                length = (int) length; // razorvine reads 4-byte lengths as signed
            }
            long left = in.available() - width;
            if (length < 0 || length > left) {
                throw new PickleException("a length prefix of " + length + " bytes, but only " + left + " bytes follow");
            }
        }

        /** Unknown classes become PickledObjects (razorvine would refuse constructor arguments). */
        private static void tolerate(String module, String name) {
            String full = module + "." + name;
            if (!objectConstructors.containsKey(full)) {
                Unpickler.registerConstructor(module, name, args -> new PickledObject(full, args));
            }
        }

        private static String readLine(InputStream in) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                b.write(c);
            }
            return b.toString(StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "ZipUnpickler[" + root + "]";
        }
    }
}
