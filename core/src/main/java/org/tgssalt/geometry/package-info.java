/**
 * The model's view of an image: symmetric padding 101 <-> 129, the input normalisation and the flip-TTA mean of the
 * reference network, and {@link org.tgssalt.geometry.ImageConvention} for any network's framing (imported graphs:
 * {@link org.tgssalt.geometry.PaddingMode}, {@link org.tgssalt.geometry.BorderPadding},
 * {@link org.tgssalt.geometry.BilinearResize}, {@link org.tgssalt.geometry.OutputActivation}).
 */
package org.tgssalt.geometry;
