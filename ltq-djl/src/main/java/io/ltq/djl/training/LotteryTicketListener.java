package io.ltq.djl.training;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import io.ltq.djl.LotteryTicket;

/**
 * The {@link ai.djl.training.listener.TrainingListener} of a {@link LotteryTicket}: it applies the
 * masks when a trainer starts, counts optimizer steps, captures the rewind point at the requested
 * step, and checks that the trainer really uses the ticket's {@link MaskedOptimizer}.
 *
 * <p>It is installed by {@link LotteryTicket#attach}; the masking itself happens in the
 * optimizer, because DJL notifies listeners before {@code trainer.step()} and not after it.
 */
public final class LotteryTicketListener extends TrainingListenerAdapter {

    private final LotteryTicket ticket;
    private boolean stepPending;
    private long updatesBeforeStep;

    /**
     * Creates the listener of a ticket.
     *
     * @param ticket the ticket it serves
     */
    public LotteryTicketListener(LotteryTicket ticket) {
        this.ticket = ticket;
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
        updatesBeforeStep = ticket.getOptimizer().getUpdateCount();
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
        if (ticket.getOptimizer().getUpdateCount() == updatesBeforeStep) {
            if (strict) {
                throw new IllegalStateException(
                        "The trainer stepped without the ticket's masking optimizer, so pruned"
                                + " weights would grow back: create the trainer from the config"
                                + " returned by LotteryTicket.attach(config).");
            }
            return;
        }
        ticket.getOptimizer().clearAppliedWrites();
        ticket.stepCompleted();
    }
}
