/** Deterministic synthetic TGS-like data for tests and samples, and the {@code generate} command. */
package org.tgssalt.train.synthetic;
