/**
 * The TGS dataset layout ({@link org.tgssalt.dataset.TgsDataset}) and its CSV files: masks as
 * {@code id,rle_mask} ({@link org.tgssalt.dataset.SubmissionCsv}) and {@code id,z} depths
 * ({@link org.tgssalt.dataset.DepthsCsv}). The consistency check lives with training
 * ({@code org.tgssalt.train.datacheck}).
 */
package org.tgssalt.dataset;
