/** Tuning the ensemble's mask threshold on out-of-fold probabilities ({@code ./tgs tune-threshold}). */
package org.tgssalt.export.threshold;
