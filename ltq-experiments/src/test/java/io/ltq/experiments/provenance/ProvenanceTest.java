package io.ltq.experiments.provenance;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import io.ltq.experiments.lottery.LtqJson;
import java.util.List;
import org.testng.annotations.Test;

/** The machine's record: ATen's dispatch rule, the native flavor, comparing and describing. */
public class ProvenanceTest {

    private static final String XEON = String.join("\n",
            "processor\t: 0",
            "vendor_id\t: GenuineIntel",
            "model name\t: Intel(R) Xeon(R) Processor",
            "flags\t\t: fpu sse sse2 avx fma avx2 avx512f avx512dq avx512bw avx512vl",
            "",
            "processor\t: 1",
            "model name\t: Another Model",
            "flags\t\t: fpu sse");

    // Zen 3: AVX2 and FMA, no AVX-512.
    private static final String EPYC = String.join("\n",
            "model name\t: AMD EPYC 7B13 64-Core Processor",
            "flags\t\t: fpu sse sse2 avx fma avx2 bmi2");

    static Provenance machine(String cpu, String capability) {
        return new Provenance(cpu, capability, CpuInfo.FROM_FLAGS, 2, "Linux amd64", "PyTorch",
                "2.7.1", "cpu", List.of("MKL", "MKLDNN", "OPENMP"), "2", "engine", "0.35.1");
    }

    @Test
    public void readsTheFirstProcessorsModelAndFlags() {
        CpuInfo cpu = CpuInfo.parse(XEON, "amd64");
        assertEquals(cpu.model(), "Intel(R) Xeon(R) Processor");
        assertTrue(cpu.flags().contains("avx512vl"));
        assertFalse(cpu.flags().contains("Another"));
        // Not Linux, or an unreadable file: the architecture names the processor.
        CpuInfo none = CpuInfo.parse("", "aarch64");
        assertEquals(none.model(), "aarch64");
        assertEquals(none.atenCapability(null),
                new CpuInfo.Capability(Provenance.UNKNOWN, Provenance.UNKNOWN));
    }

    @Test
    public void derivesAtensCapabilityFromTheFlagsUnlessTheVariableChoosesIt() {
        CpuInfo xeon = CpuInfo.parse(XEON, "amd64");
        CpuInfo epyc = CpuInfo.parse(EPYC, "amd64");
        assertEquals(xeon.atenCapability(null), new CpuInfo.Capability("avx512", "cpu flags"));
        assertEquals(epyc.atenCapability(null), new CpuInfo.Capability("avx2", "cpu flags"));
        assertEquals(CpuInfo.parse("flags : fpu sse sse2 avx", "x").atenCapability(null).name(),
                "default");
        // AVX-512 without one of the four extensions ATen checks is AVX2 to ATen.
        assertEquals(CpuInfo.parse("flags : fma avx2 avx512f avx512dq avx512bw", "x")
                .atenCapability(null).name(), "avx2");
        // The variable lowers the machine's choice, as it did on the AMD EPYC of issue 22.
        assertEquals(xeon.atenCapability("avx2"),
                new CpuInfo.Capability("avx2", "ATEN_CPU_CAPABILITY"));
        assertEquals(xeon.atenCapability("default").name(), "default");
        // ATen ignores a value it does not know, and so does the record.
        assertEquals(xeon.atenCapability("AVX2"), new CpuInfo.Capability("avx512", "cpu flags"));
    }

    @Test
    public void readsTheFlavorFromDjlsNativeFolder() {
        assertEquals(EngineBuild.flavor("/root/.djl.ai/pytorch/2.7.1-20250812-cpu-linux-x86_64"),
                "cpu");
        assertEquals(EngineBuild.flavor("/c/pytorch/2.7.1-20250812-cpu-precxx11-linux-aarch64"),
                "cpu-precxx11");
        assertEquals(EngineBuild.flavor("/c/pytorch/2.7.1-cu128-win-x86_64"), "cu128");
        assertEquals(EngineBuild.flavor(
                "/root/.djl.ai/mxnet/1.9.1-20220812-mkl-linux-x86_64/libmxnet.so"), "mkl");
        assertEquals(EngineBuild.flavor("/opt/venv/lib/python3.12/site-packages/torch/lib"),
                Provenance.UNKNOWN);
    }

    @Test
    public void anEngineThatDoesNotLoadIsRecordedAsUnknownNotAFailure() {
        Provenance p = Provenance.ofThisMachine("NoSuchEngine");
        assertEquals(p.engine(), "NoSuchEngine");
        assertEquals(p.engineVersion(), Provenance.UNKNOWN);
        assertEquals(p.engineFlavor(), Provenance.UNKNOWN);
        assertEquals(p.engineFeatures(), List.of());
        assertEquals(p.cores(), Runtime.getRuntime().availableProcessors());
        assertEquals(p.cpu(), CpuInfo.read().model());
    }

    @Test
    public void namesWhatDiffersAndDescribesItInOnePhrase() {
        Provenance here = machine("Intel(R) Xeon(R) Processor", "avx512");
        Provenance there = machine("AMD EPYC 7B13 64-Core Processor", "avx2");
        assertEquals(here.differencesFrom(here), List.of());
        assertEquals(here.differencesFrom(there), List.of("cpu", "cpuCapability"));
        assertEquals(there.describe(here.differencesFrom(there)),
                "AMD EPYC 7B13 64-Core Processor, avx2 (cpu flags), 2 threads, PyTorch 2.7.1 cpu");
        Provenance otherDjl = new Provenance(here.cpu(), here.cpuCapability(),
                here.cpuCapabilitySource(), 4, here.os(), here.engine(), here.engineVersion(),
                here.engineFlavor(), here.engineFeatures(), here.engineThreads(),
                here.engineThreadsSource(), "0.36.0");
        List<String> differ = here.differencesFrom(otherDjl);
        assertEquals(differ, List.of("cores", "djlVersion"));
        assertTrue(otherDjl.describe(differ).endsWith(", cores 4, djlVersion 0.36.0"),
                otherDjl.describe(differ));
    }

    @Test
    public void roundTripsThroughJsonAndReadsPartialRecords() {
        Provenance here = machine("Intel(R) Xeon(R) Processor", "avx512");
        assertEquals(LtqJson.PRETTY.fromJson(LtqJson.PRETTY.toJson(here), Provenance.class), here);
        Provenance partial = LtqJson.PRETTY.fromJson("{\"cpu\":\"x\"}", Provenance.class);
        assertEquals(partial.cpu(), "x");
        assertEquals(partial.engineFeatures(), List.of());
        assertEquals(partial.differencesFrom(here).size(), 12);
    }
}
