package org.tgssalt.export.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The attributes of one ONNX node, built fluently: {@code OpAttributes.of().ints("strides", 2, 2).i("group", 1)}.
 * Each call returns a new value; an instance is immutable.
 */
public final class OpAttributes {
    private static final OpAttributes NONE = new OpAttributes(List.of());

    private final List<AttributeProto> attributes;

    private OpAttributes(List<AttributeProto> attributes) {
        this.attributes = Collections.unmodifiableList(attributes);
    }

    /** No attributes. */
    public static OpAttributes of() {
        return NONE;
    }

    /** Adds an integer-list attribute. */
    public OpAttributes ints(String name, long... values) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            b.addInts(v);
        }
        return with(b.build());
    }

    /** Adds an integer attribute. */
    public OpAttributes i(String name, long value) {
        return with(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT)
                .setI(value).build());
    }

    /** Adds a float attribute. */
    public OpAttributes f(String name, float value) {
        return with(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT)
                .setF(value).build());
    }

    /** Adds a string attribute. */
    public OpAttributes s(String name, String value) {
        return with(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(com.google.protobuf.ByteString.copyFromUtf8(value)).build());
    }

    /** The attributes in the order they were added. */
    public List<AttributeProto> list() {
        return attributes;
    }

    private OpAttributes with(AttributeProto attribute) {
        for (AttributeProto a : attributes) {
            if (a.getName().equals(attribute.getName())) {
                throw new IllegalArgumentException("attribute '" + attribute.getName() + "' given twice");
            }
        }
        List<AttributeProto> next = new ArrayList<>(attributes);
        next.add(attribute);
        return new OpAttributes(next);
    }
}
