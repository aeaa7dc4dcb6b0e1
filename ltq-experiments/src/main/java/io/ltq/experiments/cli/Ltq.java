package io.ltq.experiments.cli;

import io.ltq.experiments.bench.BenchCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ltq} command line: lottery-ticket experiments on DJL. */
@Command(
        name = "ltq",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Lottery-ticket experiments on the Deep Java Library.",
        subcommands = {
            LotteryCommand.class,
            OneShotCommand.class,
            StabilityCommand.class,
            RetrainCommand.class,
            DistancesCommand.class,
            CompareCommand.class,
            ReportCommand.class,
            BenchCommand.class,
            ListCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Ltq implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    /**
     * Runs the command line.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs the command line with given streams, for tests.
     *
     * @param args the arguments
     * @param out standard output
     * @param err standard error
     * @return the exit code
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Ltq());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler(new UserErrors());
        cl.setParameterExceptionHandler(UserErrors::onBadParameter);
        return cl.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
