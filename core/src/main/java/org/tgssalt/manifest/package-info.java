/**
 * The ensemble manifest {@code ensemble.json}: which fold graphs make the ensemble, their SHA-256
 * digests, the graphs' input and output, the test-time augmentation, the threshold and the
 * provenance. The export module writes it; {@link org.tgssalt.ensemble.FoldEnsemble} reads it.
 */
package org.tgssalt.manifest;
