/**
 * The export entry points: {@link org.tgssalt.export.SaltNetExporter} (checkpoints -> parity-checked fold
 * graphs, fused graph, {@code ensemble.json}), {@link org.tgssalt.export.ExportProvenance} and the
 * {@code ./tgs export} command.
 */
package org.tgssalt.export;
