package org.tgssalt.train.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Bilinear grid sampling like {@code torch.nn.functional.grid_sample(input, grid,
 * align_corners=True, padding_mode="zeros")}, which DJL lacks, built from indexing so that
 * autograd reaches both the input and the grid.
 *
 * <p>The input is viewed as a table of rows [N * H * W, C]; the four corners of every sample are
 * gathered as whole rows in a single indexing call (gathering element by element was far slower in
 * an earlier attempt), weighted, masked where a corner lies outside the input, and summed.
 */
public final class GridSampler {
    private GridSampler() {
    }

    /**
     * Samples {@code input} [N, C, H, W] at {@code grid} [N, Ho, Wo, 2] (channel 0 = x, 1 = y,
     * normalised so that -1 and 1 are the centres of the first and last pixels). Returns
     * [N, C, Ho, Wo] on the manager of {@code input}; corners outside the input contribute zero.
     */
    public static NDArray sample(NDArray input, NDArray grid) {
        Shape in = input.getShape();
        Shape g = grid.getShape();
        if (in.dimension() != 4 || g.dimension() != 4 || g.get(3) != 2 || g.get(0) != in.get(0)) {
            throw new IllegalArgumentException(
                    "grid sampling expects input [N,C,H,W] and grid [N,Ho,Wo,2], got " + in + " and " + g);
        }
        long batch = in.get(0);
        long channels = in.get(1);
        long height = in.get(2);
        long width = in.get(3);
        long outHeight = g.get(1);
        long outWidth = g.get(2);
        NDManager manager = input.getManager();
        DataType type = input.getDataType();

        // The grid carries gradients (the GUM's offsets): scalars go in as ScalarOperand, never as Java floats.
        NDArray one = ScalarOperand.of(grid, 1f);
        NDArray x = grid.get(new NDIndex(":, :, :, 0")).add(one).mul(ScalarOperand.of(grid, (width - 1) / 2f));
        NDArray y = grid.get(new NDIndex(":, :, :, 1")).add(one).mul(ScalarOperand.of(grid, (height - 1) / 2f));
        // Corner positions carry no gradient; the weights below carry it to the grid.
        NDArray x0 = x.stopGradient().floor();
        NDArray y0 = y.stopGradient().floor();
        NDArray wx1 = x.sub(x0);
        NDArray wy1 = y.sub(y0);
        NDArray wx0 = wx1.neg().add(one);
        NDArray wy0 = wy1.neg().add(one);
        NDArray x1 = x0.add(1f);
        NDArray y1 = y0.add(1f);

        NDArray imageOffset = manager.arange(0f, batch, 1f, DataType.INT64, input.getDevice())
                .mul(height * width)
                .reshape(batch, 1, 1);
        NDArray[] xs = {x0, x1, x0, x1};
        NDArray[] ys = {y0, y0, y1, y1};
        NDArray[] wxs = {wx0, wx1, wx0, wx1};
        NDArray[] wys = {wy0, wy0, wy1, wy1};
        NDList indices = new NDList(4);
        NDList weights = new NDList(4);
        for (int corner = 0; corner < 4; corner++) {
            NDArray cx = xs[corner];
            NDArray cy = ys[corner];
            NDArray inside = cx.gte(0f).logicalAnd(cx.lte(width - 1f))
                    .logicalAnd(cy.gte(0f)).logicalAnd(cy.lte(height - 1f));
            NDArray column = cx.clip(0, width - 1).toType(DataType.INT64, false);
            NDArray row = cy.clip(0, height - 1).toType(DataType.INT64, false);
            indices.add(row.mul(width).add(column).add(imageOffset).reshape(-1));
            weights.add(wxs[corner].mul(wys[corner]).mul(inside.toType(type, false)).reshape(-1, 1));
        }
        NDArray table = input.transpose(0, 2, 3, 1).reshape(batch * height * width, channels);
        NDArray corners = table.get(new NDIndex("{}, :", NDArrays.concat(indices)));
        long samples = batch * outHeight * outWidth;
        NDArray sampled = corners.mul(NDArrays.concat(weights))
                .reshape(4, samples, channels)
                .sum(new int[] {0});
        return sampled.reshape(batch, outHeight, outWidth, channels).transpose(0, 3, 1, 2);
    }

    /**
     * The identity grid [N, height, width, 2] with align_corners=True coordinates: x = j / (W-1)
     * * 2 - 1 in channel 0, y = i / (H-1) * 2 - 1 in channel 1 (0 for a side of length 1).
     */
    public static NDArray baseGrid(NDManager manager, long batch, int height, int width, DataType type) {
        float[] values = new float[height * width * 2];
        for (int i = 0; i < height; i++) {
            for (int j = 0; j < width; j++) {
                values[(i * width + j) * 2] = width == 1 ? 0f : (float) (2.0 * j / (width - 1) - 1.0);
                values[(i * width + j) * 2 + 1] = height == 1 ? 0f : (float) (2.0 * i / (height - 1) - 1.0);
            }
        }
        return manager.create(values, new Shape(1, height, width, 2))
                .toType(type, false)
                .broadcast(batch, height, width, 2);
    }
}
