package io.ltq.experiments.cli;

import io.ltq.experiments.UserMistakeException;
import io.ltq.experiments.lottery.Preset;
import io.ltq.prune.PruningScope;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ltq oneshot}: train once, prune to a target density in one step, retrain. */
@Command(
        name = "oneshot",
        mixinStandardHelpOptions = true,
        description = {
            "One-shot pruning: train the dense network, prune to the target density at once,"
                    + " rewind the survivors to step k and train them.",
            "Fully connected and convolutional layers are pruned to the density; the output"
                    + " layer at half the rate, as in the paper (the same rate under global"
                    + " pruning)."
        })
final class OneShotCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin RunOptions run;

    @Option(names = "--density", required = true, description = "Fraction of weights to keep,"
            + " in (0, 1), e.g. 0.1.")
    double density;

    @Override
    public Integer call() throws Exception {
        return LotteryCommand.execute(request(), spec);
    }

    /** The parsed command line as one level pruned to the density at once. */
    TrainingRequest request() {
        if (!(density > 0 && density < 1)) {
            throw new UserMistakeException(
                    "--density " + density + " is outside (0, 1): give the fraction of weights"
                            + " to keep, e.g. 0.1.");
        }
        double rate = 1 - density;
        Preset p = run.preset();
        // Layers the preset leaves unpruned stay so; global pruning needs one rate for all.
        double output = p.scope() == PruningScope.GLOBAL ? rate : rate / 2;
        LayerRates rates = new LayerRates(p.pruneDense() > 0 ? rate : 0,
                p.pruneConv() > 0 ? rate : 0, p.pruneOutput() > 0 ? output : 0);
        return new TrainingRequest(run, 1, rates);
    }
}
