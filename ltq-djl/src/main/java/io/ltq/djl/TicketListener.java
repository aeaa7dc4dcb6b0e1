package io.ltq.djl;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import io.ltq.djl.internal.MaskedOptimizer;

/**
 * The {@link ai.djl.training.listener.TrainingListener} of a {@link LotteryTicket}: it applies the
 * masks when a trainer starts, counts optimizer steps, captures the rewind point at the requested
 * step, and checks that the trainer really uses the ticket's {@link MaskedOptimizer}.
 *
 * <p>It is installed by {@link LotteryTicket#attach}; the masking itself happens in the
 * optimizer, because DJL notifies listeners before {@code trainer.step()} and not after it. Its
 * state and the ticket's hooks it calls are private to this package, as DJL's own listeners keep
 * theirs: nothing outside the ticket can move its step count.
 */
final class TicketListener extends TrainingListenerAdapter {

    private final LotteryTicket ticket;
    private final MaskedOptimizer optimizer;
    private boolean stepPending;
    private long updatesBeforeStep;

    TicketListener(LotteryTicket ticket, MaskedOptimizer optimizer) {
        this.ticket = ticket;
        this.optimizer = optimizer;
    }

    /** {@inheritDoc} */
    @Override
    public void onTrainingBegin(Trainer trainer) {
        stepPending = false;
        ticket.trainerOpened(trainer);
    }

    /** {@inheritDoc} */
    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
        // DJL calls this after forward and backward and before trainer.step(): the step of the
        // previous batch is done, the one of this batch is about to happen.
        settle(true);
        ticket.beforeStep();
        stepPending = true;
        updatesBeforeStep = optimizer.getUpdateCount();
    }

    /** {@inheritDoc} */
    @Override
    public void onEpoch(Trainer trainer) {
        settle(true);
    }

    /** {@inheritDoc} */
    @Override
    public void onTrainingEnd(Trainer trainer) {
        // A trainer closed after a failed batch never stepped: no complaint then.
        settle(false);
        ticket.trainerClosed(trainer);
    }

    private void settle(boolean strict) {
        if (!stepPending) {
            return;
        }
        stepPending = false;
        if (optimizer.getUpdateCount() == updatesBeforeStep) {
            if (strict) {
                throw new IllegalStateException(
                        "The trainer stepped without the ticket's masking optimizer, so pruned"
                                + " weights would grow back: create the trainer from the config"
                                + " returned by LotteryTicket.attach(config).");
            }
            return;
        }
        optimizer.clearAppliedWrites();
        ticket.stepCompleted();
    }
}
