/**
 * The {@code ./tgs} launcher and the {@link org.tgssalt.cli.Command} service interface that every
 * module implements for its commands. Core packages never import this package or Commons CLI.
 */
package org.tgssalt.cli;
