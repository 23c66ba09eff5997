/**
 * Training data: samples as plain arrays, the reference augmentation, the k-fold split, and the
 * background pipeline that decodes, augments and encodes batches off the training thread, and the seeds of an
 * epoch's random streams.
 */
package org.tgssalt.train.data;
