package io.ltq.experiments.provenance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * The processor as {@code /proc/cpuinfo} describes it: its model name and its feature flags, and
 * from them the instruction set an engine's CPU kernels are dispatched to.
 *
 * @param model the first {@code model name}, or {@code os.arch} where the OS does not tell
 * @param flags the first {@code flags} line's words; empty where unknown (not Linux, not x86)
 */
public record CpuInfo(String model, Set<String> flags) {

    /** The environment variable that overrides ATen's choice of CPU kernels. */
    public static final String ATEN_ENV = "ATEN_CPU_CAPABILITY";

    /** The source of a capability derived from the processor's flags. */
    public static final String FROM_FLAGS = "cpu flags";

    private static final Set<String> ATEN_NAMES = Set.of("avx512", "avx2", "default");

    /** Copies the flags. */
    public CpuInfo {
        flags = Set.copyOf(flags);
    }

    /**
     * An instruction set kernels are dispatched to, and how LTQ knows it.
     *
     * @param name {@code avx512}, {@code avx2}, {@code default} or {@value Provenance#UNKNOWN}
     * @param source {@value #ATEN_ENV} when that variable chose it, {@value #FROM_FLAGS} when
     *     derived from the processor's flags, {@value Provenance#UNKNOWN} when neither tells
     */
    public record Capability(String name, String source) {}

    /**
     * Reads this machine's processor; never fails.
     *
     * @return the model and flags, or {@code os.arch} and no flags where {@code /proc/cpuinfo}
     *     cannot be read
     */
    public static CpuInfo read() {
        String text;
        try {
            text = Files.readString(Path.of("/proc/cpuinfo"));
        } catch (IOException | RuntimeException e) {
            text = ""; // Not Linux: the model falls back to the architecture, the flags are unknown.
        }
        return parse(text, System.getProperty("os.arch", Provenance.UNKNOWN));
    }

    /**
     * Parses the text of {@code /proc/cpuinfo}; the first processor stands for all.
     *
     * @param text the file's text
     * @param fallbackModel the model where the text names none
     * @return the model and flags
     */
    public static CpuInfo parse(String text, String fallbackModel) {
        String model = null;
        Set<String> flags = new TreeSet<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            if (model == null && key.equals("model name") && !value.isEmpty()) {
                model = value;
            } else if (flags.isEmpty() && key.equals("flags")) {
                flags.addAll(Arrays.asList(value.split("\\s+")));
            }
        }
        return new CpuInfo(model != null ? model : fallbackModel, flags);
    }

    /**
     * Returns the kernels PyTorch's ATen runs on this processor, by ATen's own rule
     * ({@code aten/src/ATen/native/DispatchStub.cpp}): a valid {@value #ATEN_ENV} is taken as
     * given, otherwise the best the flags allow.
     *
     * @param env the value of {@value #ATEN_ENV}, or {@code null} when unset
     * @return the capability and its source
     */
    public Capability atenCapability(String env) {
        // ATen ignores (with a warning) any other value, and then reads the processor.
        return env != null && ATEN_NAMES.contains(env) ? new Capability(env, ATEN_ENV)
                : flagsCapability();
    }

    /**
     * Returns the best of ATen's instruction-set tiers the flags allow: {@code avx512} needs
     * avx512f, avx512bw, avx512vl, avx512dq and fma; {@code avx2} needs avx2 and fma; else
     * {@code default}. Engines that dispatch by instruction set without an override of their own
     * (oneDNN, MKL) are described by the same tiers.
     *
     * @return the capability, {@value Provenance#UNKNOWN} where the flags are unknown
     */
    public Capability flagsCapability() {
        if (flags.isEmpty()) {
            return new Capability(Provenance.UNKNOWN, Provenance.UNKNOWN);
        }
        String name;
        if (flags.containsAll(Set.of("avx512f", "avx512bw", "avx512vl", "avx512dq", "fma"))) {
            name = "avx512";
        } else if (flags.containsAll(Set.of("avx2", "fma"))) {
            name = "avx2";
        } else {
            name = "default";
        }
        return new Capability(name, FROM_FLAGS);
    }
}
