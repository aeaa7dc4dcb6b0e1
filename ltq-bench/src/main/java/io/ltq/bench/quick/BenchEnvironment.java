package io.ltq.bench.quick;

import ai.djl.engine.Engine;
import io.ltq.experiments.provenance.CpuInfo;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The machine and software a benchmark ran on, and how busy the machine was: the numbers are
 * only comparable side by side within one run, and the load says how noisy the run was.
 *
 * @param startedAt when the run started (UTC, ISO-8601)
 * @param cpus the processors the JVM may use
 * @param cpuModel the processor's model name, where the OS tells
 * @param ompNumThreads the {@code OMP_NUM_THREADS} setting, which fixes the engines' threads
 * @param glibcTunables the {@code GLIBC_TUNABLES} setting; the {@code ltq} launcher keeps freed
 *     native memory so that the engines' tensors do not page-fault on every step
 * @param cpuClock the process CPU clock the CPU ratios come from, and its resolution
 * @param parameterServer {@code local} when DJL updates weights on the training thread ({@code
 *     -Dai.djl.use_local_parameter_server=true}, which {@code ltq} sets), {@code engine} for the
 *     engine's own (MXNet's KVStore)
 * @param java the Java version
 * @param os the operating system and architecture
 * @param djl the DJL version
 * @param engines the engine versions by name
 * @param quick whether the quick suite ran
 * @param loadAverageStart the one-minute load average at the start
 * @param loadAverageEnd the same at the end
 * @param seconds the wall time of the whole run
 */
public record BenchEnvironment(
        String startedAt,
        int cpus,
        String cpuModel,
        String ompNumThreads,
        String glibcTunables,
        String cpuClock,
        String parameterServer,
        String java,
        String os,
        String djl,
        Map<String, String> engines,
        boolean quick,
        double loadAverageStart,
        double loadAverageEnd,
        double seconds) {

    /**
     * Describes the machine at the start of a run.
     *
     * @param engines the engines the run uses
     * @param quick whether the quick suite runs
     * @return the description, with the end load and time still unset
     */
    public static BenchEnvironment atStart(List<String> engines, boolean quick) {
        Map<String, String> versions = new LinkedHashMap<>();
        for (String e : engines) {
            versions.put(e, Engine.getEngine(e).getVersion());
        }
        return new BenchEnvironment(
                Instant.now().toString(),
                Runtime.getRuntime().availableProcessors(),
                CpuInfo.read().model(),
                System.getenv("OMP_NUM_THREADS"),
                System.getenv("GLIBC_TUNABLES"),
                ProcessCpu.describe(),
                Boolean.getBoolean("ai.djl.use_local_parameter_server") ? "local" : "engine",
                System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                Engine.getDjlVersion(),
                versions,
                quick,
                loadAverage(),
                Double.NaN,
                Double.NaN);
    }

    /**
     * Completes the description at the end of a run.
     *
     * @param seconds the wall time of the run
     * @return a copy with the end load and the duration
     */
    public BenchEnvironment finished(double seconds) {
        return new BenchEnvironment(
                startedAt, cpus, cpuModel, ompNumThreads, glibcTunables, cpuClock, parameterServer, java, os, djl, engines, quick,
                loadAverageStart, loadAverage(), seconds);
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
