package io.ltq.experiments.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the CPU time this process has used, over all its threads, native ones included (the
 * engines' worker and OpenMP threads are not Java threads).
 *
 * <p>On Linux it sums the run time of every thread in {@code /proc/self/task/<tid>/schedstat},
 * which counts nanoseconds; the JVM's own {@code getProcessCpuTime} only ticks every 10 ms there,
 * too coarse for blocks of a few training steps. Elsewhere it falls back to the JVM.
 */
final class ProcessCpu {

    private static final Path TASKS = Path.of("/proc/self/task");
    private static final OperatingSystemMXBean OS = ManagementFactory.getOperatingSystemMXBean();
    private static final boolean PROC = Files.isReadable(TASKS.resolve(selfTid() + "/schedstat"));

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

    private static String selfTid() {
        // Any task of ours will do to probe whether schedstat exists; the process id is one.
        return Long.toString(ProcessHandle.current().pid());
    }
}
