package org.tgssalt.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Brings a binary label map into the layouts the losses work with. Labels arrive as {@code [N,H,W]}
 * or {@code [N,1,H,W]} with class ids 0 (sediment) and 1 (salt), of any numeric type.
 */
final class SegmentationLabels {
    private SegmentationLabels() {}

    /**
     * Returns the labels as {@code [N,1,H,W]} in the given floating type.
     *
     * @param labels {@code [N,H,W]} or {@code [N,1,H,W]}
     * @param like an array of the type wanted (the network output)
     * @param batch expected batch size
     * @param height expected height
     * @param width expected width
     * @throws IllegalArgumentException when the shape does not fit
     */
    static NDArray asSaltMap(NDArray labels, NDArray like, long batch, long height, long width) {
        Shape shape = labels.getShape();
        NDArray map;
        if (shape.dimension() == 3) {
            map = labels.expandDims(1);
        } else if (shape.dimension() == 4 && shape.get(1) == 1) {
            map = labels;
        } else {
            throw new IllegalArgumentException(
                    "labels must be [N,H,W] or [N,1,H,W], got " + shape);
        }
        Shape expected = new Shape(batch, 1, height, width);
        if (!map.getShape().equals(expected)) {
            throw new IllegalArgumentException(
                    "labels " + shape + " do not match the prediction, expected " + expected);
        }
        DataType type = like.getDataType();
        return map.getDataType() == type ? map : map.toType(type, false);
    }

    /**
     * Returns the one-hot form {@code [N,2,H,W]}: channel 0 is 1 where the label is 0, channel 1
     * where it is 1.
     */
    static NDArray oneHot(NDArray saltMap) {
        return NDArrays.concat(new NDList(saltMap.neg().add(1f), saltMap), 1);
    }
}
