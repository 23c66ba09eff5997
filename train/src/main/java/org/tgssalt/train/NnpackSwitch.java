package org.tgssalt.train;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Turns off PyTorch's NNPACK convolution backend for this process.
 *
 * <p>Why: PyTorch probes NNPACK for every CPU convolution that oneDNN does not take (1x1 kernels at batch
 * below 16 on one thread, single images with small inputs), and where NNPACK cannot start, as on this project's
 * virtual machines, every probe prints {@code Could not initialize NNPACK! Reason: Unsupported hardware.} to
 * stderr: over a thousand lines for one small epoch, burying the progress bar. NNPACK is never chosen for this
 * network's shapes anyway (it wants batch 16 or more, where oneDNN wins first), so switching it off changes no
 * result. PyTorch's switch, {@code at::Context::setUserEnabledNNPACK}, has no DJL binding; it is called through
 * JNA by its C++ symbol, and where that symbol is missing (another PyTorch build or platform) the switch is
 * simply not made: the only cost is the noise.
 */
public final class NnpackSwitch {
    private static final String GLOBAL_CONTEXT = "_ZN2at13globalContextEv";
    private static final String SET_ENABLED = "_ZN2at7Context20setUserEnabledNNPACKEb";
    private static final String IS_ENABLED = "_ZNK2at7Context17userEnabledNNPACKEv";

    private static Optional<NativeLibrary> libtorch;

    private NnpackSwitch() {}

    /**
     * Turns NNPACK off; idempotent. Loads DJL's PyTorch engine if it is not loaded yet.
     *
     * @return whether the switch was made (false where PyTorch's symbols cannot be reached)
     */
    public static boolean turnOff() {
        return set(false);
    }

    /** Sets PyTorch's NNPACK switch; package-private so tests can check the switch round trip. */
    static synchronized boolean set(boolean on) {
        Optional<NativeLibrary> torch = libtorch();
        if (torch.isEmpty()) {
            return false;
        }
        try {
            Pointer context = globalContext(torch.get());
            torch.get().getFunction(SET_ENABLED).invokeVoid(new Object[] {context, on});
            return true;
        } catch (UnsatisfiedLinkError e) {
            return false;
        }
    }

    /** PyTorch's NNPACK switch read back from PyTorch itself (for tests); empty where it cannot be reached. */
    static Optional<Boolean> enabled() {
        Optional<NativeLibrary> torch = libtorch();
        if (torch.isEmpty()) {
            return Optional.empty();
        }
        try {
            Pointer context = globalContext(torch.get());
            // C++ bool comes back in the low byte of the return register.
            int value = torch.get().getFunction(IS_ENABLED).invokeInt(new Object[] {context});
            return Optional.of((value & 0xff) != 0);
        } catch (UnsatisfiedLinkError e) {
            return Optional.empty();
        }
    }

    private static Pointer globalContext(NativeLibrary torch) {
        return (Pointer) torch.getFunction(GLOBAL_CONTEXT).invoke(Pointer.class, new Object[0]);
    }

    /** The libtorch_cpu that DJL loaded (the same copy, so the same global context), on Linux only. */
    private static synchronized Optional<NativeLibrary> libtorch() {
        if (libtorch == null) {
            libtorch = findLibtorch(); // once: DJL's library lookup logs a CUDA probe on every call
        }
        return libtorch;
    }

    private static Optional<NativeLibrary> findLibtorch() {
        if (!Platform.isLinux()) {
            return Optional.empty(); // the symbol names above are the Itanium C++ ABI's, checked on Linux
        }
        Engine.getEngine("PyTorch"); // loads libtorch, so the lookup below finds DJL's copy
        Path file = Path.of(LibUtils.getLibtorchPath()).resolve("libtorch_cpu.so");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(NativeLibrary.getInstance(file.toString()));
        } catch (UnsatisfiedLinkError e) {
            return Optional.empty();
        }
    }
}
