/**
 * The TGS dataset layout ({@link org.tgssalt.dataset.TgsDataset}) with its consistency check, and
 * the CSV files: masks as {@code id,rle_mask} ({@link org.tgssalt.dataset.SubmissionCsv}) and
 * {@code id,z} depths ({@link org.tgssalt.dataset.DepthsCsv}).
 */
package org.tgssalt.dataset;
