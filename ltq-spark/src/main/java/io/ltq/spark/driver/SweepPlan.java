package io.ltq.spark.driver;

import io.ltq.experiments.UserMistakeException;
import io.ltq.experiments.cli.RunCheck;
import io.ltq.spark.grid.Grid;
import io.ltq.spark.grid.SweepRun;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A sweep's runs, each checked as {@code ltq lottery} would check it, and where and how they run:
 * the master, how many runs a local master takes at once, the engine threads of each and the
 * attempts per run. Made before anything starts; every refusal is one sentence.
 *
 * @param grid the grid
 * @param runs the grid's runs
 * @param checked each run's check, in the same order
 * @param master where the runs go
 * @param submitted whether {@code spark-submit} chose the master
 * @param runsAtOnce in local mode, how many runs run at once; 0 on a cluster
 * @param threads engine threads (and task cores) of each run
 * @param maxFailures attempts per run
 */
record SweepPlan(Grid grid, List<SweepRun> runs, List<RunCheck.Checked> checked,
        SparkMaster master, boolean submitted, int runsAtOnce, int threads, int maxFailures) {

    /**
     * Returns the runs whose folders do not hold the finished run yet.
     *
     * @return the runs to run
     */
    List<SweepRun> todo() {
        List<SweepRun> out = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            if (!checked.get(i).finished()) {
                out.add(runs.get(i));
            }
        }
        return out;
    }

    /**
     * Plans a sweep.
     *
     * @param grid the grid
     * @param runs its runs
     * @param masterOption {@code --master}, or {@code null}
     * @param parallel {@code --parallel}, or {@code null}
     * @param threadsOption {@code --threads}, or {@code null}
     * @param retries {@code --retries}
     * @param gpus {@code --gpus-per-run}, or {@code null}
     * @return the plan
     * @throws UserMistakeException for options that do not go together, an unreachable
     *     master, or a run its command would refuse (a damaged {@code run.json} included)
     * @throws IOException when a run folder's {@code run.json} cannot be read
     */
    static SweepPlan of(Grid grid, List<SweepRun> runs, String masterOption, Integer parallel,
            Integer threadsOption, int retries, Double gpus) throws IOException {
        if (retries < 0) {
            throw new UserMistakeException("--retries must be 0 or more, got " + retries
                    + ".");
        }
        if (threadsOption != null && threadsOption < 1 || parallel != null && parallel < 1) {
            throw new UserMistakeException("--threads and --parallel must be 1 or more.");
        }
        String submittedMaster = System.getProperty("spark.master");
        boolean submitted = submittedMaster != null;
        if (submitted && masterOption != null
                && !masterOption.strip().equals(submittedMaster)) {
            throw new UserMistakeException("--master " + masterOption + " differs from"
                    + " spark-submit's --master " + submittedMaster + ": give the master to"
                    + " spark-submit only.");
        }
        SparkMaster given = submitted ? SparkMaster.parse(submittedMaster)
                : masterOption == null ? null : SparkMaster.parse(masterOption);
        if (given != null && parallel != null) {
            throw new UserMistakeException("--parallel sets a local master itself, and"
                    + " --master " + given + " is given too: leave out one of them.");
        }
        if (gpus != null && (given == null || given.isLocal())) {
            throw new UserMistakeException("--gpus-per-run asks a cluster's executors for"
                    + " GPUs: give a cluster --master (spark://, yarn, k8s://; README: Sweeps),"
                    + " or on this machine give the runs --device gpu and --parallel 1.");
        }
        if (given != null) {
            given.checkReachable();
        }
        boolean local = given == null || given.isLocal();
        RunCheck check = RunCheck.builder().optCheckDevice(local).build();
        List<RunCheck.Checked> checked = new ArrayList<>();
        for (SweepRun run : runs) {
            try {
                checked.add(check.check(run.command(), run.args()));
            } catch (UserMistakeException e) {
                throw new UserMistakeException("Run " + run.name() + " of the sweep: "
                        + e.getMessage(), e);
            }
        }
        int todo = (int) checked.stream().filter(c -> !c.finished()).count();
        int cores = Runtime.getRuntime().availableProcessors();
        int maxFailures = retries + 1;
        if (given == null) {
            int atOnce = parallel != null ? parallel : threadsOption != null
                    ? Math.max(1, cores / threadsOption) : Math.max(1, Math.min(cores, todo));
            int threads = threadsOption != null ? threadsOption : Math.max(1, cores / atOnce);
            return new SweepPlan(grid, runs, checked,
                    SparkMaster.local(atOnce * threads, maxFailures), false, atOnce, threads,
                    maxFailures);
        }
        int threads = threadsOption != null ? threadsOption : 1;
        if (given.isLocal()) {
            maxFailures = given.localMaxFailures();
            int slots = given.localCores(cores);
            return new SweepPlan(grid, runs, checked, given, submitted,
                    Math.max(1, slots / threads), threads, maxFailures);
        }
        return new SweepPlan(grid, runs, checked, given, submitted, 0, threads, maxFailures);
    }
}
