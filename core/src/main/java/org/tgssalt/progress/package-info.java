/** Progress reporting for long tasks, with a service hook for richer displays. */
package org.tgssalt.progress;
