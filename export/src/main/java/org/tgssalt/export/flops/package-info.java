/** Operation counts of exported graphs, for throughput reports (GFLOP/s). */
package org.tgssalt.export.flops;
