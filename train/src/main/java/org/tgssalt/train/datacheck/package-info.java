/**
 * {@code check-data}: checks a TGS dataset folder ({@link org.tgssalt.dataset.TgsDataset}) before
 * training: files against {@code train.csv} and {@code depths.csv}, masks against their RLE.
 */
package org.tgssalt.train.datacheck;
