package org.tgssalt.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Platform;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NnpackSwitchTest {

    @AfterEach
    void leaveItOff() {
        NnpackSwitch.turnOff();
    }

    @Test
    void switchIsReadBackFromPyTorchItself() {
        assumeTrue(Platform.isLinux(), "the switch is made on Linux only");
        assertTrue(NnpackSwitch.set(true));
        assertEquals(Optional.of(true), NnpackSwitch.enabled());
        assertTrue(NnpackSwitch.turnOff());
        assertEquals(Optional.of(false), NnpackSwitch.enabled());
    }
}
