package org.tgssalt.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

class DeviceSelectorTest {
    @Test
    void fallsBackToCpuWithOneLineWhenThereIsNoGpu() {
        DeviceSelector none = new DeviceSelector(0);
        DeviceSelector.Choice gpu = none.select(DeviceSelector.Request.GPU);
        assertEquals(Device.cpu(), gpu.device());
        assertTrue(gpu.note().orElseThrow().contains("falling back to the CPU"));
        assertEquals(Device.cpu(), none.select(DeviceSelector.Request.AUTO).device());
        assertTrue(none.select(DeviceSelector.Request.CPU).note().isEmpty());
    }

    @Test
    void usesTheFirstGpuWhenThereIsOne() {
        DeviceSelector two = new DeviceSelector(2);
        assertEquals(Device.gpu(0), two.select(DeviceSelector.Request.GPU).device());
        assertEquals(Device.gpu(0), two.select(DeviceSelector.Request.AUTO).device());
        assertEquals(Device.cpu(), two.select(DeviceSelector.Request.CPU).device());
    }

    @Test
    void parsesRequests() {
        assertEquals(DeviceSelector.Request.GPU, DeviceSelector.Request.parse("GPU"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DeviceSelector.Request.parse("tpu"));
        assertEquals("expected auto, cpu or gpu, got 'tpu'", e.getMessage());
    }

    @Test
    void realEngineOnThisMachineGivesADevice() {
        // the CPU natives are on the test class path: auto must resolve to the CPU here or a GPU elsewhere
        DeviceSelector.Choice choice = new DeviceSelector().select(DeviceSelector.Request.AUTO);
        assertTrue(choice.device().isGpu() || choice.device().equals(Device.cpu()));
    }
}
