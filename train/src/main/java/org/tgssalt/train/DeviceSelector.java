package org.tgssalt.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Optional;
import org.tgssalt.device.ExecutionDevice;

/**
 * Chooses the device to train on from the {@code --device} setting, an {@link ExecutionDevice} spelled as
 * for scoring: {@code cpu} always trains on the CPU; {@code cuda[:N]} uses CUDA device N and {@code auto}
 * the first CUDA device when the PyTorch engine reports one; otherwise both fall back to the CPU with one
 * explanatory line (never an error: a run meant for a GPU still completes).
 *
 * <p>The build ships PyTorch's CPU natives from Maven Central. To train on a GPU, put a CUDA build of the
 * natives on the class path instead of {@code pytorch-native-cpu} (DJL's {@code pytorch-native-cuXXX} jar
 * for PyTorch 2.7.1, classifier {@code linux-x86_64}) on a machine with a matching NVIDIA driver.
 */
public final class DeviceSelector {
    /**
     * The chosen device and, when the choice differs from what a person might expect, one line saying so.
     *
     * @param device the device to train on
     * @param note the line to log, if any
     */
    public record Choice(Device device, Optional<String> note) {}

    private final int gpuCount;

    /** A selector asking the PyTorch engine how many GPUs it can use. */
    public DeviceSelector() {
        this(Engine.getEngine("PyTorch").getGpuCount());
    }

    /** A selector for a known number of usable GPUs (tests). */
    public DeviceSelector(int gpuCount) {
        this.gpuCount = gpuCount;
    }

    /** Chooses the device for {@code request}. */
    public Choice select(ExecutionDevice request) {
        return switch (request.kind()) {
            case CPU -> new Choice(Device.cpu(), Optional.empty());
            case AUTO -> gpuCount > 0
                    ? new Choice(Device.gpu(0), Optional.of("training on gpu(0), one of " + gpuCount + " CUDA devices"))
                    : new Choice(Device.cpu(), Optional.of("no CUDA device visible to PyTorch: training on the CPU"));
            case CUDA -> gpuCount > request.cudaId()
                    ? new Choice(Device.gpu(request.cudaId()), Optional.empty())
                    : new Choice(Device.cpu(), Optional.of("--device " + request + ": no such CUDA device visible to "
                            + "PyTorch (CPU natives on the class path, or no GPU/driver); falling back to the CPU"));
        };
    }
}
