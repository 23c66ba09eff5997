/**
 * File output that never leaves half-written files or half-replaced sets of files
 * ({@link org.tgssalt.io.AtomicFile}, {@link org.tgssalt.io.StagedFolder}), temporary files removed when
 * the process is stopped ({@link org.tgssalt.io.TemporaryFiles}), path identity with links resolved
 * ({@link org.tgssalt.io.RealPath}), I/O failures in words ({@link org.tgssalt.io.IoReason}) and SHA-256
 * digests.
 */
package org.tgssalt.io;
