package io.ltq.experiments.cli;

import io.ltq.experiments.UserMistakeException;
import io.ltq.experiments.lottery.Preset;
import io.ltq.experiments.lottery.PruningSchedule;
import io.ltq.prune.PruningScope;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ltq oneshot}: train once, prune to target densities at once, retrain each. */
@Command(
        name = "oneshot",
        mixinStandardHelpOptions = true,
        description = {
            "One-shot pruning: train the dense network, prune it at once to the target density,"
                    + " rewind the survivors to step k and train them.",
            "--density D prunes fully connected and convolutional layers to D and the output"
                    + " layer at half the rate, as in the paper (the same rate under global"
                    + " pruning). --levels N or --until-density D instead prunes the dense"
                    + " network at once to each density IMP reaches in N levels at the rates of"
                    + " ltq lottery (the paper's Figure 4c), one level each."
        })
final class OneShotCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin RunOptions run;

    @Mixin LevelOptions levels;

    @Option(names = "--density", description = "Fraction of weights to keep, in (0, 1), e.g."
            + " 0.1: one level.")
    Double density;

    @Override
    public Integer call() throws Exception {
        return LotteryCommand.execute(request(), spec);
    }

    /** The parsed command line as levels, each pruned from the dense network at once. */
    TrainingRequest request() {
        if (density == null) {
            if (levels.levels == null && levels.untilDensity == null) {
                throw new UserMistakeException("ltq oneshot needs its target: give --density D"
                        + " for one density, or --levels N or --until-density D for each"
                        + " density IMP reaches.");
            }
            LayerRates rates = levels.rates(run.preset());
            return new TrainingRequest(run, levels.levels(rates), rates,
                    PruningSchedule.ONE_SHOT);
        }
        if (levels.anyGiven()) {
            throw new UserMistakeException("--density prunes to one density at once, so it goes"
                    + " without --levels, --until-density and the --prune- rates: give either"
                    + " --density or those.");
        }
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
        return new TrainingRequest(run, 1, rates, PruningSchedule.ONE_SHOT);
    }
}
