package io.ltq.experiments.cli;

import java.io.PrintWriter;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ltq} command line: lottery-ticket experiments on DJL. Subcommands of other modules
 * on the class path join through {@link LtqSubcommand}.
 */
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
            ExportCommand.class,
            CompareCommand.class,
            ReportCommand.class,
            ListCommand.class
        })
public final class Ltq implements Runnable {

    /** The system property with which DJL's engines use its Java parameter server. */
    private static final String LOCAL_PARAMETER_SERVER = "ai.djl.use_local_parameter_server";

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    /**
     * Runs the command line.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        // DJL's MXNet default, the KVStore parameter server, runs every weight update inside a
        // native callback on its own copy of the weights, which costs a LeNet step 7% and puts
        // LTQ's masking on the path the next forward pass waits for (docs/performance.md).
        // DJL's local parameter server gives bit-identical updates on the training thread.
        // A -D on the command line (LTQ_JAVA_OPTS) wins.
        if (System.getProperty(LOCAL_PARAMETER_SERVER) == null) {
            System.setProperty(LOCAL_PARAMETER_SERVER, "true");
        }
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
        CommandLine cl = parser(new Ltq());
        // Commands of modules on the class path (ltq-spark's sweep), then help, last in the list.
        for (LtqSubcommand extra : ServiceLoader.load(LtqSubcommand.class)) {
            cl.addSubcommand(extra);
        }
        cl.addSubcommand(new CommandLine.HelpCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler(new UserErrors());
        cl.setParameterExceptionHandler(UserErrors::onBadParameter);
        return cl.execute(args);
    }

    /**
     * Makes the parser of a command as {@code ltq} parses it (enum values in any case), for
     * {@code ltq} itself and for checks that parse a command line without running it.
     */
    static CommandLine parser(Object command) {
        CommandLine cl = new CommandLine(command);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
