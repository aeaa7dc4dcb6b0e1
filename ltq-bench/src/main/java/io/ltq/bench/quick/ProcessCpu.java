package io.ltq.bench.quick;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the CPU time this process has used, over all its threads, native ones included (the
 * engines' worker and OpenMP threads are not Java threads).
 *
 * <p>On Linux it sums the run time of every thread in {@code /proc/self/task/<tid>/schedstat},
 * which counts nanoseconds, where that file is live: some kernels (virtual machines among them)
 * keep it at a value that stops advancing, which would make every variant look equally cheap. A
 * short busy spin at start-up checks it against the thread's own CPU clock. Elsewhere it falls
 * back to the JVM's {@code getProcessCpuTime}, which on Linux ticks every 10 ms: fine for totals
 * over many rounds (see {@link PairedTimer}), too coarse for a single round.
 */
final class ProcessCpu {

    private static final Path TASKS = Path.of("/proc/self/task");
    private static final Path STAT = Path.of("/proc/self/stat");
    /** minflt is field 10 of /proc/self/stat, the 8th after the command name. */
    private static final int MINFLT_FIELD = 7;
    private static final OperatingSystemMXBean OS = ManagementFactory.getOperatingSystemMXBean();
    private static final boolean PROC = schedstatAdvances();

    private ProcessCpu() {}

    /**
     * Returns the CPU time of the process so far.
     *
     * @return nanoseconds, or -1 where it cannot be read
     */
    static long nanos() {
        if (PROC) {
            long sum = 0;
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
                for (Path task : tasks) {
                    sum += runNanos(task.resolve("schedstat"));
                }
                return sum;
            } catch (IOException e) {
                // The folder itself vanished: not on a normal Linux; use the JVM's figure.
            }
        }
        if (OS instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** The first field of a schedstat file; 0 for a thread that ended meanwhile. */
    private static long runNanos(Path schedstat) {
        try {
            String text = new String(Files.readAllBytes(schedstat), StandardCharsets.US_ASCII);
            int end = text.indexOf(' ');
            return Long.parseLong(end < 0 ? text.strip() : text.substring(0, end));
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Returns the minor page faults of the process so far, from {@code /proc/self/stat}.
     *
     * @return the count, or 0 where it cannot be read
     */
    static long minorFaults() {
        try {
            String stat = Files.readString(STAT, StandardCharsets.US_ASCII);
            // Fields after the command name, which may hold spaces, start after its ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[MINFLT_FIELD]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * Says which clock {@link #nanos} reads.
     *
     * @return a short description, e.g. {@code "schedstat (ns)"}
     */
    static String describe() {
        return PROC ? "schedstat (ns)" : "JVM process CPU time (10 ms ticks on Linux)";
    }

    /** Whether this thread's schedstat run time follows its CPU clock during a 20 ms spin. */
    private static boolean schedstatAdvances() {
        Path self = Path.of("/proc/thread-self/schedstat");
        if (!Files.isReadable(self) || !Files.isDirectory(TASKS)) {
            return false;
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!threads.isCurrentThreadCpuTimeSupported()) {
            return false;
        }
        long before = runNanos(self);
        long cpuBefore = threads.getCurrentThreadCpuTime();
        long end = System.nanoTime() + 20_000_000L;
        long spins = 0;
        while (System.nanoTime() < end) {
            spins++;
        }
        long used = threads.getCurrentThreadCpuTime() - cpuBefore;
        long seen = runNanos(self) - before;
        return spins > 0 && used > 0 && seen >= used / 2;
    }
}
