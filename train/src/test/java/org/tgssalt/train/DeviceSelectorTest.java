package org.tgssalt.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import org.junit.jupiter.api.Test;
import org.tgssalt.device.ExecutionDevice;

class DeviceSelectorTest {
    @Test
    void fallsBackToCpuWithOneLineWhenThereIsNoGpu() {
        DeviceSelector none = new DeviceSelector(0);
        DeviceSelector.Choice gpu = none.select(ExecutionDevice.cuda(0));
        assertEquals(Device.cpu(), gpu.device());
        assertTrue(gpu.note().orElseThrow().contains("falling back to the CPU"));
        assertEquals(Device.cpu(), none.select(ExecutionDevice.AUTO).device());
        assertTrue(none.select(ExecutionDevice.CPU).note().isEmpty());
    }

    @Test
    void usesTheFirstGpuWhenThereIsOne() {
        DeviceSelector two = new DeviceSelector(2);
        assertEquals(Device.gpu(0), two.select(ExecutionDevice.cuda(0)).device());
        assertEquals(Device.gpu(0), two.select(ExecutionDevice.AUTO).device());
        assertEquals(Device.cpu(), two.select(ExecutionDevice.CPU).device());
    }

    @Test
    void parsesRequests() {
        // One vocabulary with scoring: cuda[:N], not gpu.
        assertEquals(ExecutionDevice.cuda(0), ExecutionDevice.parse("CUDA"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExecutionDevice.parse("tpu"));
        assertEquals("device must be auto, cpu, cuda or cuda:N, got 'tpu'", e.getMessage());
    }

    @Test
    void realEngineOnThisMachineGivesADevice() {
        // the CPU natives are on the test class path: auto must resolve to the CPU here or a GPU elsewhere
        DeviceSelector.Choice choice = new DeviceSelector().select(ExecutionDevice.AUTO);
        assertTrue(choice.device().isGpu() || choice.device().equals(Device.cpu()));
    }
}
