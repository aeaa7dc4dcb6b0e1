package io.ltq.experiments.provenance;

import ai.djl.engine.Engine;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The machine that trained a network, as {@code run.json} (the machine a run was started on) and
 * each {@code summary.json} (the machine that trained that network) record it: what decides the
 * bits of training besides the settings. Two records that differ in any field may round
 * differently; equal records on the same engine threads train bit for bit alike.
 *
 * @param cpu the processor's model name ({@code /proc/cpuinfo}), or {@code os.arch}
 * @param cpuCapability the instruction set the engine's CPU kernels are dispatched to: for
 *     PyTorch ATen's choice ({@code avx512}, {@code avx2}, {@code default}); for other engines the
 *     same tiers derived from the processor's flags
 * @param cpuCapabilitySource {@code ATEN_CPU_CAPABILITY} when that variable chose it, {@code cpu
 *     flags} when derived (it is never read from the engine)
 * @param cores the processors the JVM may use
 * @param os the operating system and architecture
 * @param engine the engine's name
 * @param engineVersion the engine's version
 * @param engineFlavor the engine's native build, e.g. {@code cpu}, {@code cu128}, {@code mkl}
 * @param engineFeatures the engine's compiled-in features, e.g. {@code [MKL, MKLDNN, OPENMP]}
 * @param engineThreads the engine's intra-op threads
 * @param engineThreadsSource {@code engine} when the engine reported them, {@code
 *     OMP_NUM_THREADS} when read from that variable
 * @param djlVersion DJL's version
 */
public record Provenance(
        String cpu,
        String cpuCapability,
        String cpuCapabilitySource,
        int cores,
        String os,
        String engine,
        String engineVersion,
        String engineFlavor,
        List<String> engineFeatures,
        String engineThreads,
        String engineThreadsSource,
        String djlVersion) {

    /** What a field holds when this machine or engine does not tell. */
    public static final String UNKNOWN = "unknown";

    /** The fields every description names, differences or not. */
    private static final List<String> ALWAYS_DESCRIBED = List.of("cpu", "cpuCapability",
            "cpuCapabilitySource", "engineThreads", "engine", "engineVersion", "engineFlavor");

    /** Copies the features; files without them (an older LTQ, a damaged field) read as none. */
    public Provenance {
        engineFeatures = engineFeatures == null ? List.of() : List.copyOf(engineFeatures);
    }

    /**
     * Describes this machine for an engine, which must be loaded to tell its threads and build;
     * never fails.
     *
     * @param engine the engine's name, e.g. {@code PyTorch}
     * @return the record, {@value #UNKNOWN} for what cannot be read
     */
    public static Provenance ofThisMachine(String engine) {
        CpuInfo cpu = CpuInfo.read();
        // ATen reads its override; oneDNN and MKL inside other engines have their own variables,
        // so for them the processor's flags are the honest answer.
        CpuInfo.Capability capability = "PyTorch".equals(engine)
                ? cpu.atenCapability(System.getenv(CpuInfo.ATEN_ENV)) : cpu.flagsCapability();
        EngineBuild build = EngineBuild.of(engine);
        return new Provenance(
                cpu.model(),
                capability.name(),
                capability.source(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                engine,
                known(() -> Engine.getEngine(engine).getVersion()),
                build.flavor(),
                build.features(),
                build.threads(),
                build.threadsSource(),
                known(Engine::getDjlVersion));
    }

    private static String known(Supplier<String> field) {
        try {
            String value = field.get();
            return value == null ? UNKNOWN : value;
        } catch (RuntimeException | LinkageError e) {
            return UNKNOWN; // An engine that will not load here: training fails on its own.
        }
    }

    /**
     * Returns the fields whose values differ.
     *
     * @param other another record
     * @return the field names, in declaration order; empty when the records are equal
     */
    public List<String> differencesFrom(Provenance other) {
        List<String> out = new ArrayList<>();
        for (RecordComponent c : Provenance.class.getRecordComponents()) {
            if (!Objects.equals(value(c), other.value(c))) {
                out.add(c.getName());
            }
        }
        return out;
    }

    /**
     * Describes the machine in one phrase: processor, capability, threads and engine, and the
     * other fields asked for.
     *
     * @param also further fields to name, e.g. those that differ from another record
     * @return e.g. {@code Intel(R) Xeon(R) Processor, avx512 (cpu flags), 2 threads, PyTorch
     *     2.7.1 cpu}
     */
    public String describe(Collection<String> also) {
        StringBuilder s = new StringBuilder().append(cpu).append(", ").append(cpuCapability)
                .append(" (").append(cpuCapabilitySource).append("), ").append(engineThreads)
                .append("1".equals(engineThreads) ? " thread, " : " threads, ").append(engine)
                .append(' ').append(engineVersion).append(' ').append(engineFlavor);
        for (RecordComponent c : Provenance.class.getRecordComponents()) {
            String name = c.getName();
            if (also.contains(name) && !ALWAYS_DESCRIBED.contains(name)) {
                s.append(", ").append(name).append(' ').append(value(c));
            }
        }
        return s.toString();
    }

    private Object value(RecordComponent c) {
        try {
            return c.getAccessor().invoke(this);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("A record's accessor is public", e);
        }
    }
}
