package org.tgssalt.train.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * A scalar operand that autograd may keep until the backward pass: a 0-dimensional array in memory that
 * PyTorch owns and reference-counts.
 *
 * <p>Why not {@code x.mul(0.4f)}: DJL's PyTorch engine implements its scalar overloads ({@code add}, {@code sub},
 * {@code mul}, {@code div}, {@code pow} with a {@code Number}) by wrapping the number in an array whose memory is
 * a Java direct buffer ({@code from_blob}), computing, and closing that array at once. Autograd still holds the
 * scalar for the backward pass (a product's gradient is the other factor), but nothing keeps the buffer alive:
 * once the garbage collector frees it, the backward pass multiplies by whatever the allocator wrote there (a
 * gradient of 1e16 instead of 1 in {@code GradientMemoryLifetimeTest}). On arrays that carry gradients, pass
 * scalars through {@link #of} instead; arrays without gradients may keep using the overloads.
 */
public final class ScalarOperand {
    private ScalarOperand() {}

    /**
     * A 0-dimensional array holding {@code value}, of {@code like}'s data type and device, attached to
     * {@code like}'s manager. Its memory belongs to PyTorch, so autograd keeps it alive for as long as it
     * needs it, whenever the Java array is closed or collected.
     */
    public static NDArray of(NDArray like, float value) {
        return like.getManager().full(new Shape(), value, like.getDataType(), like.getDevice());
    }
}
