package org.tgssalt.train.data;

import org.tgssalt.dataset.TgsDataset;
import org.tgssalt.image.BinaryMask;
import org.tgssalt.image.GrayImage;

/**
 * Training samples read from a dataset folder ({@code train/images/ID.png}, {@code train/masks/ID.png}),
 * decoded on every call (the worker threads do this off the training thread). Thread-safe.
 */
public final class DatasetSamples implements SampleSource {
    private final TgsDataset dataset;

    /** @param dataset the dataset to read from */
    public DatasetSamples(TgsDataset dataset) {
        this.dataset = dataset;
    }

    @Override
    public TrainingSample load(String id) {
        GrayImage image = dataset.trainImage(id);
        BinaryMask mask = dataset.trainMask(id);
        float[] labels = new float[mask.pixels().length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = mask.pixels()[i] ? 1f : 0f;
        }
        return new TrainingSample(id, image.pixels(), labels);
    }
}
