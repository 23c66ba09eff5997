/**
 * What a fold's training leaves for people to read: {@code history.csv}, the {@code curves.png} plot and the
 * per-step {@code steps.csv}.
 */
package org.tgssalt.train.report;
