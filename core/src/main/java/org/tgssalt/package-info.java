/** Shared types of every tgs-salt module: the user-input exception. */
package org.tgssalt;
