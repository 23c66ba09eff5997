/** The Kaggle run-length encoding of masks (1-based, column-major "start length" pairs). */
package org.tgssalt.rle;
