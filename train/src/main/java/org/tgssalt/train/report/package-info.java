/** What a fold's training leaves for people to read: {@code history.csv} and the {@code curves.png} plot. */
package org.tgssalt.train.report;
