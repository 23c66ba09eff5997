package org.tgssalt.train;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Runs every test JVM of train and export (registered in {@code META-INF/services}) with PyTorch's NNPACK
 * probe off, as {@code ./tgs train} and {@code ./tgs export} run: otherwise each small-batch convolution prints
 * a warning and the build log grows by some 27,000 lines.
 */
public final class NnpackOffSessionListener implements LauncherSessionListener {
    @Override
    public void launcherSessionOpened(LauncherSession session) {
        NnpackSwitch.turnOff();
    }
}
