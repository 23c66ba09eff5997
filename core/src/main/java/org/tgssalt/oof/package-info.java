/** Out-of-fold salt probabilities on disk ({@code ids.txt} + little-endian {@code probabilities.f32}). */
package org.tgssalt.oof;
