/** The model's view of an image: symmetric padding 101 <-> 129 and the input normalisation. */
package org.tgssalt.geometry;
