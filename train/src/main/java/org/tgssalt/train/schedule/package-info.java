/** Learning-rate schedules: step decay and cosine annealing with warm restarts. */
package org.tgssalt.train.schedule;
