package org.tgssalt.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.FloatBuffer;
import org.tgssalt.geometry.FlipTta;
import org.tgssalt.image.KaggleImage;
import org.tgssalt.train.data.HostBatch;
import org.tgssalt.train.model.SaltNet;

/**
 * Salt probabilities for validation and out-of-fold output, computed as the reference infers: the network
 * in evaluation mode (batch-norm running statistics, no dropout, so batch-norm statistics are never
 * touched) on the padded image and on its left-right mirror, both cropped to the centre 101x101 and
 * averaged by {@link FlipTta} (the scorer's flip-TTA mean).
 *
 * <p>Not thread-safe. Does not own the network.
 */
public final class Validator {

    private final SaltNet net;
    private final NDManager manager;

    /**
     * @param net the network
     * @param manager the network's manager
     */
    public Validator(SaltNet net, NDManager manager) {
        this.net = net;
        this.manager = manager;
    }

    /**
     * @return salt probabilities, {@code batch.size() * 101 * 101} values, sample after sample, row-major
     */
    public float[] probabilities(HostBatch batch) {
        int side = batch.side();
        int border = (side - KaggleImage.SIDE) / 2;
        String crop = ":, :, " + border + ":" + (border + KaggleImage.SIDE) + ", " + border + ":"
                + (border + KaggleImage.SIDE);
        float[] views;
        // A store per call: a ParameterStore keeps the array each parameter had at its first use, and loading a
        // checkpoint into the net (going back to the best epoch for the out-of-fold output) gives the parameters
        // new arrays. A store kept across that load went on predicting with the last epoch's parameters.
        ParameterStore store = new ParameterStore(manager, false);
        try (NDManager scope = manager.newSubManager()) {
            NDArray images = scope.create(batch.images(), new Shape(batch.size(), 1, side, side));
            NDArray direct = net.forward(store, new NDList(images), false).singletonOrThrow().get(crop);
            // The mirror image's map stays mirrored here: FlipTta mirrors it back.
            NDArray mirrored = net.forward(store, new NDList(images.flip(3)), false).singletonOrThrow().get(crop);
            views = NDArrays.concat(new NDList(direct, mirrored)).toFloatArray();
        }
        FlipTta mean = new FlipTta(batch.size(), true);
        mean.add(FloatBuffer.wrap(views));
        float[] out = new float[batch.size() * KaggleImage.PIXELS];
        float[][] maps = mean.mean();
        for (int i = 0; i < maps.length; i++) {
            System.arraycopy(maps[i], 0, out, i * KaggleImage.PIXELS, KaggleImage.PIXELS);
        }
        return out;
    }
}
