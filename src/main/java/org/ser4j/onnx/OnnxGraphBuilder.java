package org.ser4j.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import com.google.protobuf.ByteString;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

/**
 * A small typed layer over {@link GraphProto.Builder}: nodes with fresh output names, initializers from float arrays
 * or INDArrays (little-endian raw data, as the ONNX spec requires), scalar/vector constants, and graph inputs/outputs
 * with symbolic dimensions. It only ever builds protobuf messages through the generated builders.
 */
final class OnnxGraphBuilder {
    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Map<String, Integer> counters = new HashMap<>();
    private final Map<String, String> constantCache = new HashMap<>();
    private final List<String> nonFinite = new ArrayList<>();

    OnnxGraphBuilder(String name) {
        graph.setName(name);
    }

    GraphProto.Builder proto() {
        return graph;
    }

    /** A fresh value name with a readable stem ({@code stem_3}). */
    String fresh(String stem) {
        int n = counters.merge(stem, 1, Integer::sum);
        return stem + "_" + n;
    }

    /** Adds a node with one output named from {@code op} and returns that output name. */
    String op(String op, String[] inputs, Attr... attrs) {
        return opNamed(op, fresh(op.toLowerCase()), inputs, attrs);
    }

    /** Adds a node whose single output has the given name. */
    String opNamed(String op, String output, String[] inputs, Attr... attrs) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(fresh("n_" + op)).addOutput(output);
        for (String in : inputs) {
            n.addInput(in);
        }
        for (Attr a : attrs) {
            n.addAttribute(a.proto());
        }
        graph.addNode(n);
        return output;
    }

    static String[] in(String... names) {
        return names;
    }

    // ---------------------------------------------------------------- initializers and constants

    /** Initializers holding a NaN or infinite value, each as {@code "name (NaN at flat index i)"}, in build order. */
    List<String> nonFiniteInitializers() {
        return List.copyOf(nonFinite);
    }

    /** A float32 initializer holding {@code values} (C order) with the given shape. */
    String initializer(String name, float[] values, long... shape) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) { // recorded, so that the exporter can refuse before writing anything
                nonFinite.add(name + " (" + values[i] + " at flat index " + i + ")");
                break;
            }
        }
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addAllDims(longs(shape)).setRawData(ByteString.copyFrom(b.array())));
        return name;
    }

    /** A float32 initializer from an ND4J array (any order; written in C order). */
    String initializer(String name, INDArray array) {
        INDArray c = array.castTo(DataType.FLOAT).dup('c');
        return initializer(name, c.data().asFloat(), c.shape());
    }

    /** An int64 initializer. */
    String initializerLong(String name, long[] values, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                .addAllDims(longs(shape)).setRawData(ByteString.copyFrom(b.array())));
        return name;
    }

    /** A float32 scalar constant (shared between uses). */
    String scalar(float value) {
        return constantCache.computeIfAbsent("f" + Float.floatToIntBits(value),
                k -> initializer(fresh("const_f"), new float[] {value}));
    }

    /** A float64 scalar constant (used for exact length arithmetic). */
    String scalarDouble(double value) {
        return constantCache.computeIfAbsent("d" + Double.doubleToLongBits(value), k -> {
            String name = fresh("const_d");
            ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(value);
            graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.DOUBLE_VALUE)
                    .setRawData(ByteString.copyFrom(b.array())));
            return name;
        });
    }

    /** An int64 vector constant (axes, shapes, slice bounds). */
    String ints(long... values) {
        StringBuilder key = new StringBuilder("i");
        for (long v : values) {
            key.append(',').append(v);
        }
        return constantCache.computeIfAbsent(key.toString(),
                k -> initializerLong(fresh("const_i"), values, values.length));
    }

    /** An int64 scalar constant. */
    String intScalar(long value) {
        return constantCache.computeIfAbsent("s" + value, k -> initializerLong(fresh("const_s"), new long[] {value}));
    }

    // ---------------------------------------------------------------- inputs / outputs

    /** A graph input or output; a dimension is a fixed size (Long) or a symbolic name (String). */
    static ValueInfoProto valueInfo(String name, int elemType, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
            if (d instanceof String s) {
                dim.setDimParam(s);
            } else {
                dim.setDimValue(((Number) d).longValue());
            }
            shape.addDim(dim);
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape))).build();
    }

    void input(String name, int elemType, Object... dims) {
        graph.addInput(valueInfo(name, elemType, dims));
    }

    /** A shape hint for an intermediate value, so that the optimiser can prove operand shapes equal. */
    String annotate(String name, int elemType, Object... dims) {
        graph.addValueInfo(valueInfo(name, elemType, dims));
        return name;
    }

    void output(String name, int elemType, Object... dims) {
        graph.addOutput(valueInfo(name, elemType, dims));
    }

    private static Iterable<Long> longs(long[] shape) {
        java.util.List<Long> out = new java.util.ArrayList<>(shape.length);
        for (long d : shape) {
            out.add(d);
        }
        return out;
    }

    // ---------------------------------------------------------------- attributes

    /** A node attribute. */
    record Attr(AttributeProto proto) {
        static Attr i(String name, long v) {
            return new Attr(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT)
                    .setI(v).build());
        }

        static Attr f(String name, float v) {
            return new Attr(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT)
                    .setF(v).build());
        }

        static Attr ints(String name, long... v) {
            AttributeProto.Builder b = AttributeProto.newBuilder().setName(name)
                    .setType(AttributeProto.AttributeType.INTS);
            for (long x : v) {
                b.addInts(x);
            }
            return new Attr(b.build());
        }
    }
}
