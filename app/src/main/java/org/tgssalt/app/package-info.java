/**
 * The {@code ./tgs} distribution: the end-to-end pipeline command and the terminal progress bar.
 * Every module's commands reach the launcher through {@link java.util.ServiceLoader}.
 */
package org.tgssalt.app;
