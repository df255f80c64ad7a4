package org.ser4j.weights;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

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
 * <p>Classes that are not modelled (omegaconf configs, fairseq's Dictionary, argparse.Namespace, enums...) become
 * {@link PickledObject}s instead of failing, so whole training checkpoints load; {@code OrderedDict} and
 * {@code defaultdict} become {@link PickledDict}. The root folder name inside the zip is not assumed.
 */
public final class TorchPickleReader {
    private static final Map<String, String> STORAGE_DTYPES = Map.of(
            "FloatStorage", "F32", "HalfStorage", "F16", "BFloat16Storage", "BF16", "DoubleStorage", "F64",
            "LongStorage", "I64", "IntStorage", "I32");

    static {
        STORAGE_DTYPES.forEach((cls, dtype) -> Unpickler.registerConstructor("torch", cls, new StorageType(dtype)));
        Unpickler.registerConstructor("torch._utils", "_rebuild_tensor_v2", args -> rebuildTensor(args));
        Unpickler.registerConstructor("torch._utils", "_rebuild_parameter", args -> args[0]);
        IObjectConstructor dict = args -> new PickledDict();
        Unpickler.registerConstructor("collections", "OrderedDict", dict);
        Unpickler.registerConstructor("collections", "defaultdict", dict);
    }

    private TorchPickleReader() {}

    /** The unpickled root object of a torch.save zip. */
    public static Object load(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            String pkl = null;
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                String name = en.nextElement().getName();
                if (name.endsWith("data.pkl") && (name.equals("data.pkl") || name.endsWith("/data.pkl"))) {
                    pkl = name;
                    break;
                }
            }
            if (pkl == null) {
                throw new BadInputException(file + ": no data.pkl entry; expected a PyTorch zip checkpoint (torch >= 1.6)");
            }
            String root = pkl.substring(0, pkl.length() - "data.pkl".length());
            try (InputStream in = zip.getInputStream(zip.getEntry(pkl))) {
                return new ZipUnpickler(zip, root, file).load(new PushbackInputStream(in, 4096));
            }
        } catch (java.util.zip.ZipException e) {
            throw new BadInputException(file + ": not a zip file; legacy (pre-1.6) torch.save files are not supported", e);
        } catch (IOException | PickleException e) {
            throw new BadInputException(file + ": cannot unpickle PyTorch checkpoint (" + e.getMessage() + ")", e);
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
            if (map.get(key) instanceof Map<?, ?> inner && !(map.values().stream().anyMatch(v -> v instanceof INDArray))) {
                map = inner;
                break;
            }
        }
        return tensorsOf(map);
    }

    static Map<String, INDArray> tensorsOf(Map<?, ?> map) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (v instanceof INDArray t) {
                out.put(String.valueOf(k), t);
            }
        });
        return out;
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

    /** A loaded storage: decoded float values. */
    record Storage(float[] values, String source) {}

    private static INDArray rebuildTensor(Object[] args) {
        if (args.length < 4 || !(args[0] instanceof Storage storage)) {
            throw new PickleException("_rebuild_tensor_v2: unexpected arguments");
        }
        int offset = ((Number) args[1]).intValue();
        long[] shape = longs(args[2]);
        long[] stride = longs(args[3]);
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        float[] out = new float[Math.toIntExact(count)];
        int[] idx = new int[shape.length];
        for (int i = 0; i < out.length; i++) {
            long pos = offset;
            for (int d = 0; d < shape.length; d++) {
                pos += idx[d] * stride[d];
            }
            if (pos >= storage.values().length) {
                throw new PickleException(storage.source() + ": tensor view exceeds its storage");
            }
            out[i] = storage.values()[(int) pos];
            for (int d = shape.length - 1; d >= 0; d--) { // row-major odometer
                if (++idx[d] < shape[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
        return shape.length == 0 ? Nd4j.scalar(out[0]) : Nd4j.create(out, shape, 'c');
    }

    private static long[] longs(Object tuple) {
        Object[] a = tuple instanceof Object[] arr ? arr : ((List<?>) tuple).toArray();
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = ((Number) a[i]).longValue();
        }
        return out;
    }

    /** Unpickler that resolves storages from the zip and tolerates unknown classes. */
    private static final class ZipUnpickler extends Unpickler {
        private final ZipFile zip;
        private final String root;
        private final Path file;
        private final Map<String, Storage> storages = new HashMap<>();

        ZipUnpickler(ZipFile zip, String root, Path file) {
            this.zip = zip;
            this.root = root;
            this.file = file;
        }

        @Override
        protected Object persistentLoad(Object pid) {
            Object[] t = pid instanceof Object[] a ? a : ((List<?>) pid).toArray();
            if (t.length < 3 || !"storage".equals(t[0]) || !(t[1] instanceof StorageType type)) {
                throw new PickleException("unsupported persistent id " + java.util.Arrays.toString(t));
            }
            String key = String.valueOf(t[2]);
            return storages.computeIfAbsent(key, k -> readStorage(k, type.dtype()));
        }

        private Storage readStorage(String key, String dtype) {
            String name = root + "data/" + key;
            ZipEntry e = zip.getEntry(name);
            if (e == null) {
                throw new BadInputException(file + ": storage entry " + name + " is missing");
            }
            try (InputStream in = zip.getInputStream(e)) {
                byte[] bytes = in.readAllBytes();
                int elem = TensorDecoder.elementSize(dtype);
                return new Storage(TensorDecoder.decode(ByteBuffer.wrap(bytes), dtype, bytes.length / elem,
                        file + ":" + name), file + ":" + name);
            } catch (IOException ex) {
                throw new BadInputException(file + ": cannot read " + name + " (" + ex.getMessage() + ")", ex);
            }
        }

        @Override
        protected Object dispatch(short key) throws PickleException, IOException {
            if (key == 99) { // GLOBAL: "module\nname\n" follows in the stream
                PushbackInputStream in = (PushbackInputStream) input;
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
            return "ZipUnpickler[" + file + "]";
        }

    }
}
