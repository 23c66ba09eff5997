/** File output that never leaves half-written files ({@link org.tgssalt.io.AtomicFile}) and SHA-256 digests. */
package org.tgssalt.io;
