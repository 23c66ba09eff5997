/**
 * The one device vocabulary of every command and API: {@link org.tgssalt.device.ExecutionDevice}
 * ({@code auto}, {@code cpu}, {@code cuda[:N]}), parsed once for {@code train}, {@code score},
 * {@code bench} and {@code pipeline}.
 */
package org.tgssalt.device;
