package io.ltq.bench.quick;

import java.lang.management.ManagementFactory;

/**
 * Counts the heap bytes the current thread allocates while it runs an operation: an upper bound
 * on the extra heap the operation needs at its peak, whatever the garbage collector does.
 */
public final class AllocationMeter {

    private AllocationMeter() {}

    /**
     * Runs an operation and returns what the calling thread allocated meanwhile.
     *
     * @param op the operation
     * @return bytes, or -1 where the JVM cannot count them
     */
    public static long allocatedBytes(Runnable op) {
        if (!(ManagementFactory.getThreadMXBean()
                instanceof com.sun.management.ThreadMXBean threads)
                || !threads.isThreadAllocatedMemorySupported()) {
            op.run();
            return -1;
        }
        threads.setThreadAllocatedMemoryEnabled(true);
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        op.run();
        return threads.getThreadAllocatedBytes(id) - before;
    }
}
