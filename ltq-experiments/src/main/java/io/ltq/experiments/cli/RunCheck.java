package io.ltq.experiments.cli;

import io.ltq.experiments.UserMistakeException;
import io.ltq.experiments.datasets.TrainTestData;
import io.ltq.experiments.lottery.InvalidSettingException;
import io.ltq.experiments.lottery.LotteryConfig;
import io.ltq.experiments.lottery.LotteryExperiment;
import io.ltq.experiments.lottery.RunDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Checks {@code ltq lottery} and {@code ltq oneshot} command lines the way the commands do before
 * they train, without training or writing anything: picocli parses the options, the names and
 * ranges are checked, the data is found and read (each dataset once), and a run folder that
 * already exists must have been made with the same settings. Tools that start many runs (such as
 * {@code ltq sweep}) check every command line first, so that a mistake in one stops them all
 * before any starts.
 *
 * <pre>
 * RunCheck check = RunCheck.builder().build();
 * RunCheck.Checked run = check.check("lottery",
 *         List.of("--model", "lenet300", "--seed", "3", "--out", "runs/seed-3"));
 * run.config();   // the settings run.json will record
 * run.finished(); // true when the folder already holds the finished run
 * </pre>
 *
 * <p>Not thread-safe: one check reuses the datasets it has read.
 */
public final class RunCheck {

    /** The commands a check understands. */
    public static final List<String> COMMANDS = List.of("lottery", "oneshot");

    private final boolean checkDevice;
    private final Map<String, TrainTestData> loaded = new HashMap<>();

    private RunCheck(Builder b) {
        this.checkDevice = b.checkDevice;
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the options a command takes, as picocli describes them: names, arity, whether a
     * value is itself a comma list.
     *
     * @param command {@code lottery} or {@code oneshot}
     * @return the command's specification
     * @throws UserMistakeException for another command
     */
    public static CommandSpec spec(String command) {
        return Ltq.parser(newCommand(command)).getCommandSpec();
    }

    /**
     * Checks one command line as the command would before training.
     *
     * @param command {@code lottery} or {@code oneshot}
     * @param args the options after the command's name
     * @return the settings the run would record
     * @throws UserMistakeException with the sentence the command would end with, also when an
     *     existing {@code run.json} is damaged
     * @throws IOException when an existing {@code run.json} cannot be read
     */
    public Checked check(String command, List<String> args) throws IOException {
        Object parsed = newCommand(command);
        CommandLine cl = Ltq.parser(parsed);
        try {
            cl.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new UserMistakeException(e.getMessage() + " (see: ltq " + command
                    + " --help)", e);
        }
        if (cl.isUsageHelpRequested() || cl.isVersionHelpRequested()) {
            throw new UserMistakeException("--help and --version print text and run nothing:"
                    + " leave them out of a run's options.");
        }
        TrainingRequest request = parsed instanceof LotteryCommand l ? l.request()
                : ((OneShotCommand) parsed).request();
        RunOptions run = request.run();
        LotteryConfig config;
        ExperimentDataLoader.Loaded data;
        try {
            request.checkNames(checkDevice);
            request.config(1);
            run.refuseFileOut();
            data = ExperimentDataLoader.load(run, loaded);
            config = request.config(data.stepsPerEpoch());
        } catch (InvalidSettingException e) {
            // The sentence the command would print: settings named by their flags.
            throw new UserMistakeException(e.render(RunOptions::flag), e);
        }
        RunDirectory dir = new RunDirectory(run.out);
        boolean finished = LotteryExperiment.checkSettings(config, dir) != null
                && LotteryExperiment.isFinished(config, dir);
        return new Checked(command, List.copyOf(args), config, run.out, finished);
    }

    private static Object newCommand(String command) {
        return switch (command) {
            case "lottery" -> new LotteryCommand();
            case "oneshot" -> new OneShotCommand();
            default -> throw new UserMistakeException(
                    "Unknown command " + command + ": runs are made by lottery or oneshot.");
        };
    }

    /**
     * A command line that passed the check.
     *
     * @param command {@code lottery} or {@code oneshot}
     * @param args the options after the command's name
     * @param config the settings the run records in {@code run.json}
     * @param out the run folder of {@code --out}
     * @param finished whether the folder already holds everything the run writes
     */
    public record Checked(String command, List<String> args, LotteryConfig config, Path out,
            boolean finished) {}

    /** Configures a {@link RunCheck}. Not thread-safe. */
    public static final class Builder {

        private boolean checkDevice = true;

        Builder() {}

        /**
         * Sets whether {@code --device gpu} is checked against the GPUs this machine's engines
         * see (the default). A machine that plans runs for a cluster's GPUs turns it off.
         *
         * @param checkDevice whether to check the device here
         * @return this builder
         */
        public Builder optCheckDevice(boolean checkDevice) {
            this.checkDevice = checkDevice;
            return this;
        }

        /**
         * Builds the check.
         *
         * @return the check
         */
        public RunCheck build() {
            return new RunCheck(this);
        }
    }
}
