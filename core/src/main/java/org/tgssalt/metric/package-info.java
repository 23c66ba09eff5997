/**
 * The TGS Salt competition metric ({@link org.tgssalt.metric.KaggleMetric}: IoU swept over
 * thresholds 0.50..0.95), its report, and the {@code evaluate} command.
 */
package org.tgssalt.metric;
