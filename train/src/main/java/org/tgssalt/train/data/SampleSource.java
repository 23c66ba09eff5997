package org.tgssalt.train.data;

import java.io.IOException;

/** Reads one training sample by id (decoding its image and mask). Implementations must be thread-safe. */
@FunctionalInterface
public interface SampleSource {
    /**
     * @param id the sample id
     * @return the decoded 101x101 image and mask
     * @throws IOException when a file cannot be read
     * @throws org.tgssalt.InputException when a file is not a valid image or mask (naming the file)
     */
    TrainingSample load(String id) throws IOException;
}
