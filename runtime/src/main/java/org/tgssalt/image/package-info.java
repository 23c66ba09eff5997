/** Gray images and binary masks, and reading them from the Kaggle PNG files. */
package org.tgssalt.image;
