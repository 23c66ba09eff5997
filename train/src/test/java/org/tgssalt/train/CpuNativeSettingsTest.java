package org.tgssalt.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuNativeSettingsTest {
    @Test
    void nothingIsMissingWhenTheLauncherSettingsAreThere() {
        assertEquals(List.of(), CpuNativeSettings.missing(Map.of("ONEDNN_MAX_CPU_ISA", "AVX",
                "GLIBC_TUNABLES", CpuNativeSettings.GLIBC_TUNABLES)));
        assertEquals(List.of(), CpuNativeSettings.missing(Map.of("DNNL_MAX_CPU_ISA", "SSE41",
                "GLIBC_TUNABLES", "glibc.pthread.rseq=0:glibc.malloc.mmap_max=0")));
    }

    @Test
    void eachMissingSettingGetsOneLineNamingTheVariable() {
        List<String> both = CpuNativeSettings.missing(Map.of("GLIBC_TUNABLES", "glibc.malloc.arena_max=1"));
        assertEquals(2, both.size());
        assertTrue(both.get(0).contains("ONEDNN_MAX_CPU_ISA"), both.get(0));
        assertTrue(both.get(1).contains("GLIBC_TUNABLES"), both.get(1));
        List<String> one = CpuNativeSettings.missing(Map.of("ONEDNN_MAX_CPU_ISA", "AVX"));
        assertEquals(1, one.size());
        assertTrue(one.get(0).contains("GLIBC_TUNABLES"), one.get(0));
    }

    @Test
    void theLauncherAndTheTestBuildExportTheSameSettings() throws IOException {
        // surefire runs in the module folder; the launcher and the parent POM are one level up
        Path root = Path.of(System.getProperty("user.dir")).getParent();
        String launcher = Files.readString(root.resolve("tgs"));
        String pom = Files.readString(root.resolve("pom.xml"));
        assertTrue(launcher.contains("GLIBC_TUNABLES:-" + CpuNativeSettings.GLIBC_TUNABLES + "}"), "tgs launcher");
        assertTrue(pom.contains("<tgs.glibc.tunables>" + CpuNativeSettings.GLIBC_TUNABLES + "</tgs.glibc.tunables>"),
                "parent pom.xml");
        assertTrue(launcher.contains("ONEDNN_MAX_CPU_ISA:-AVX}") && pom.contains("<tgs.onednn.isa>AVX</tgs.onednn.isa>"),
                "both cap oneDNN at AVX");
    }
}
