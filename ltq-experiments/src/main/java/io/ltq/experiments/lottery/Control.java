package io.ltq.experiments.lottery;

import io.ltq.djl.LotteryTicket;
import io.ltq.mask.MaskSet;
import io.ltq.prune.structured.UnitLayer;
import java.util.List;
import java.util.OptionalLong;

/**
 * A control trained beside the ticket on every pruned level: it answers "is it the mask, the
 * weights or their pairing?" (Frankle &amp; Carbin's random reinitialization and random pruning
 * are the bundled ones). A control puts a starting state into the ticket's network — masks and
 * weights — and the runner trains it for the run's iterations, writes its files to {@code
 * level_NN/<name>/} ({@link Variant#ofControl}) and resumes it like the ticket.
 *
 * <p>Register one through {@link io.ltq.experiments.catalog.LtqExtension#controls()}, or give
 * its class name to {@code --controls}. It must be deterministic: the same context gives the
 * same masks and weights, drawn from {@link Context#seed(long)}, never from a global generator,
 * so that a resumed run trains what an uninterrupted one trains.
 */
public interface Control {

    /**
     * Returns the name {@code --controls} takes and the folder the control's files go to.
     *
     * @return lower-case letters, digits and underscores, e.g. {@code reinit}
     */
    String name();

    /**
     * Puts the control's starting state into the ticket's network: sets the masks it trains
     * with and the weights it starts from (for example {@link LotteryTicket#rewind()} or {@link
     * LotteryTicket#reinitialize(long)}), and gives the optimizer fresh state.
     *
     * @param context the level, its ticket mask and the ticket
     * @return the masks it trains with and the step training starts from
     */
    Start prepare(Context context);

    /**
     * Where a control's training starts.
     *
     * @param masks the masks it trains with; when they are not the ticket's they are saved to
     *     its {@code mask.npz}
     * @param step the step training starts from: the rewind step, or 0 for a fresh network
     * @param iterations the step training ends at; 0 for the run's iterations
     * @param scratchSeed for a structured run's Scratch controls, the seed of a fresh
     *     initialization of the compact network itself (its own fan-in); empty to train the
     *     weights the control put in the ticket's network
     */
    record Start(MaskSet masks, long step, long iterations, OptionalLong scratchSeed) {

        /**
         * Starts from the weights in the ticket's network, for the run's iterations.
         *
         * @param masks the masks it trains with
         * @param step the step training starts from
         */
        public Start(MaskSet masks, long step) {
            this(masks, step, 0, OptionalLong.empty());
        }

        /**
         * Starts a compact network of the masks' widths from a fresh initialization at step 0
         * (Liu et al.'s Scratch-E and Scratch-B).
         *
         * @param masks the structured masks whose widths the compact network has
         * @param seed the seed of its initialization
         * @param iterations the step training ends at
         * @return the start
         */
        public static Start fromScratch(MaskSet masks, long seed, long iterations) {
            return new Start(masks, 0, iterations, OptionalLong.of(seed));
        }
    }

    /**
     * What a control starts from.
     *
     * @param level the pruning level, 1 or more
     * @param ticketMasks the ticket's mask of this level
     * @param ticket the ticket, holding the run's network and its rewind point θk
     * @param config the run's settings
     * @param units in a structured run, the layers whose units are pruned (with their coupling);
     *     empty otherwise
     * @param flopsRatio FLOPs of the dense network over those of the ticket's masked network
     */
    record Context(int level, MaskSet ticketMasks, LotteryTicket ticket, LotteryConfig config,
            List<UnitLayer> units, double flopsRatio) {

        /**
         * Returns the rewind step k of the run.
         *
         * @return k
         */
        public long rewindStep() {
            return config.pruning().rewindStep();
        }

        /**
         * Returns whether the run prunes whole units.
         *
         * @return {@code true} when {@link #units()} is not empty
         */
        public boolean isStructured() {
            return !units.isEmpty();
        }

        /**
         * Returns a seed for this level's draws: the run's init seed plus {@code stride} times
         * the level. A stride larger than any init seed a run uses keeps the levels' streams,
         * and different runs' streams, apart.
         *
         * @param stride the control's own stride, a large prime
         * @return {@code initSeed + stride · level}
         */
        public long seed(long stride) {
            return config.seeds().initSeed() + stride * level;
        }
    }
}
