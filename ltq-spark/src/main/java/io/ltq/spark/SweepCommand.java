package io.ltq.spark;

import io.ltq.experiments.cli.LtqSubcommand;
import io.ltq.spark.driver.Sweep;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code ltq sweep}: a grid of {@code ltq lottery} (or {@code ltq oneshot}) runs on Apache Spark,
 * embedded in local mode by default or on a cluster. Every option the sweep does not know itself
 * is an option of the runs and may take a list; the product of the lists is the set of runs.
 * {@link Sweep} does the work; this class only reads the command line.
 */
@Command(
        name = "sweep",
        mixinStandardHelpOptions = true,
        description = {
            "Run a grid of ltq lottery (or oneshot) runs on Apache Spark: any option of ltq"
                    + " lottery may take a list (--seed 1,2,3 --engine PyTorch,MXNet), and the"
                    + " product of the lists is the set of runs, each in its own folder under"
                    + " --out named after what differs (seed-3_rewind-500), with an index,"
                    + " sweep.json.",
            "A comma separates alternatives, except in options whose value is a comma list"
                    + " (--controls, --lr-drops): repeat those (--controls none --controls"
                    + " reinit). Options given here replace those of a --grid file.",
            "By default Spark runs in this JVM on the machine's cores, each run in a JVM of its"
                    + " own; a run that dies is retried and resumes its folder, and rerunning"
                    + " the same command skips finished runs and levels.",
            "Example: ltq sweep --model lenet300 --dataset fashion-mnist --levels 2"
                    + " --iterations 2000 --controls none --seed 1,2,3,4 --out runs/seeds"
        })
public final class SweepCommand implements Callable<Integer>, LtqSubcommand {

    @Spec CommandSpec spec;

    @Option(names = "--out", required = true, description = "The sweep's folder: one run folder"
            + " per run below it, and sweep.json. On a cluster, a folder the driver and every"
            + " executor share.")
    Path out;

    @Option(names = "--grid", paramLabel = "FILE", description = "A JSON file of run options"
            + " (arrays list alternatives), e.g. {\"model\": \"lenet300\", \"seed\": [1, 2]}.")
    Path gridFile;

    @Option(names = "--command", defaultValue = "lottery", description = "What each run runs:"
            + " lottery or oneshot (default: ${DEFAULT-VALUE}, or the grid file's).")
    String command;

    @Option(names = "--master", description = "Spark master: local[N,F] (N cores, each run tried"
            + " up to F times), spark://HOST:PORT, yarn or k8s://HOST:PORT (default: this"
            + " machine's cores, local[N,retries+1]). For a cluster, see README: Sweeps.")
    String master;

    @Option(names = "--parallel", description = "Local mode: runs at once (default: the cores"
            + " divided by --threads, at most the runs).")
    Integer parallel;

    @Option(names = "--threads", description = "Engine threads of each run, and the cores its"
            + " task takes (spark.task.cpus; default: the cores divided by the runs at once, 1"
            + " on a cluster).")
    Integer threads;

    @Option(names = "--retries", defaultValue = "3", description = "Retries of a run whose JVM"
            + " dies; each resumes the run's folder (default: ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = "--limit", defaultValue = "100", description = "The most runs a grid may"
            + " expand to without --yes (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--yes", description = "Start a grid larger than --limit.")
    boolean yes;

    @Option(names = "--dry-run", description = "Check every run and list them; start nothing.")
    boolean dryRun;

    @Option(names = "--ui", description = "Keep Spark's web UI on in local mode and print its"
            + " address.")
    boolean ui;

    @Option(names = "--spark-log-level", defaultValue = "warn", description = "What Spark logs"
            + " (spark.log.level): error, warn, info or debug (default: ${DEFAULT-VALUE}).")
    String sparkLogLevel;

    @Option(names = "--gpus-per-run", description = "GPUs each run's task takes from a cluster's"
            + " executors (spark.task.resource.gpu.amount); give the runs --device gpu.")
    Double gpusPerRun;

    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "A Spark setting, e.g."
            + " --conf spark.executor.memory=8g; may be repeated.")
    List<String> conf = new ArrayList<>();

    @Option(names = "--java-opts", paramLabel = "OPTS", description = "JVM options of each run's"
            + " JVM, e.g. \"-Xmx4g\".")
    String javaOpts;

    @Unmatched List<String> gridArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        return Sweep.builder()
                .setOut(out)
                .optGridFile(gridFile)
                .optCommand(spec.commandLine().getParseResult().hasMatchedOption("--command")
                        ? command : null)
                .setGridArguments(gridArgs)
                .optMaster(master)
                .optParallel(parallel)
                .optThreads(threads)
                .setRetries(retries)
                .setLimit(limit, yes)
                .optDryRun(dryRun)
                .optUi(ui)
                .optSparkLogLevel(sparkLogLevel)
                .optGpusPerRun(gpusPerRun)
                .optConf(conf)
                .optJavaOptions(javaOpts == null || javaOpts.isBlank() ? List.of()
                        : List.of(javaOpts.strip().split("\\s+")))
                .setOutput(spec.commandLine().getOut(), spec.commandLine().getErr())
                .build()
                .run();
    }
}
