/**
 * Folder scoring and benchmarking on top of {@link org.tgssalt.ensemble.FoldEnsemble}:
 * {@link org.tgssalt.scoring.FolderScorer} (streams a folder of PNGs into a Kaggle submission, a JSON
 * report, probability PNGs and outline overlays), the {@code score} and {@code bench} commands.
 */
package org.tgssalt.scoring;
