package org.tgssalt.manifest;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A graph input or output as the manifest declares it: its name and shape. A dimension of
 * {@value #DYNAMIC} is dynamic (the batch size N); all others are fixed.
 *
 * @param name the tensor's name in the ONNX graph
 * @param shape the dimensions, {@value #DYNAMIC} for a dynamic one
 */
public record TensorSpec(String name, List<Long> shape) {
    /** The value of a dynamic dimension, as ONNX Runtime also reports it. */
    public static final long DYNAMIC = -1;

    public TensorSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a tensor needs a name");
        }
        if (shape == null || shape.isEmpty()) {
            throw new IllegalArgumentException("tensor " + name + " needs a shape");
        }
        for (Long d : shape) {
            if (d == null || (d != DYNAMIC && d <= 0)) {
                throw new IllegalArgumentException("tensor " + name + ": dimension " + d
                        + " is neither positive nor " + DYNAMIC + " (dynamic)");
            }
        }
        shape = List.copyOf(shape);
    }

    /** A float image batch {@code [N,1,size,size]} with a dynamic N. */
    public static TensorSpec imageBatch(String name, int size) {
        return new TensorSpec(name, List.of(DYNAMIC, 1L, (long) size, (long) size));
    }

    /** True when a graph's shape (dynamic dimensions as {@value #DYNAMIC}) is exactly this one. */
    public boolean matches(long[] graphShape) {
        if (graphShape.length != shape.size()) {
            return false;
        }
        for (int i = 0; i < graphShape.length; i++) {
            if (graphShape[i] != shape.get(i)) {
                return false;
            }
        }
        return true;
    }

    /** The shape as people write it: {@code [N,1,101,101]}. */
    public String shapeText() {
        return format(shape.stream().mapToLong(Long::longValue).toArray());
    }

    /** Any shape written the same way, dynamic dimensions as {@code N}. */
    public static String format(long[] dims) {
        return java.util.Arrays.stream(dims)
                .mapToObj(d -> d < 0 ? "N" : Long.toString(d))
                .collect(Collectors.joining(",", "[", "]"));
    }
}
