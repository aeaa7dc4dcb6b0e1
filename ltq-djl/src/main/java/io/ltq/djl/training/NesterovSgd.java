package io.ltq.djl.training;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stochastic gradient descent with Nesterov momentum, written with plain NDArray operations so
 * that it runs on every engine: DJL's own {@link ai.djl.training.optimizer.Nag} has no PyTorch
 * implementation in 0.35.
 *
 * <p>The update is PyTorch's {@code SGD(nesterov=True)} and MXNet's {@code nag_mom_update}, with
 * L2 weight decay added to the gradient: {@code d = g + λw; v = μv + d; w -= η(d + μv)}.
 */
public final class NesterovSgd extends Optimizer {

    private final ParameterTracker learningRateTracker;
    private final float momentum;
    private final Map<String, Map<Device, NDArray>> velocities = new ConcurrentHashMap<>();

    private NesterovSgd(Builder builder) {
        super(builder);
        this.learningRateTracker = builder.learningRateTracker;
        this.momentum = builder.momentum;
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        int t = updateCount(parameterId);
        float lr = learningRateTracker.getNewValue(parameterId, t);
        NDArray velocity =
                withDefaultState(velocities, parameterId, weight.getDevice(), k -> weight.zerosLike());
        // Temporaries made from weight and grad land in this scope and are freed with it.
        try (NDManager scope = weight.getManager().newSubManager()) {
            scope.tempAttachAll(weight, grad);
            NDArray d = grad.mul(rescaleGrad);
            if (clipGrad > 0) {
                d = d.clip(-clipGrad, clipGrad);
            }
            float wd = getWeightDecay();
            if (wd != 0f) {
                d.addi(weight.mul(wd));
            }
            velocity.muli(momentum).addi(d);
            NDArray step = velocity.mul(momentum);
            step.tempAttach(scope);
            weight.subi(step.addi(d).muli(lr));
        }
    }

    /** Configures a {@link NesterovSgd}. */
    public static final class Builder extends OptimizerBuilder<Builder> {

        private ParameterTracker learningRateTracker;
        private float momentum = 0.9f;

        Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets the learning rate schedule.
         *
         * @param tracker the learning rate tracker
         * @return this builder
         */
        public Builder setLearningRateTracker(ParameterTracker tracker) {
            this.learningRateTracker = Objects.requireNonNull(tracker, "tracker");
            return this;
        }

        /**
         * Sets the momentum μ, 0.9 by default.
         *
         * @param momentum the momentum in [0, 1)
         * @return this builder
         */
        public Builder optMomentum(float momentum) {
            if (!(momentum >= 0f && momentum < 1f)) {
                throw new IllegalArgumentException(
                        "Nesterov momentum must be in [0, 1), got " + momentum + ".");
            }
            this.momentum = momentum;
            return this;
        }

        /**
         * Builds the optimizer.
         *
         * @return the optimizer
         */
        public NesterovSgd build() {
            if (learningRateTracker == null) {
                throw new IllegalStateException(
                        "NesterovSgd needs a learning rate: call setLearningRateTracker("
                                + "Tracker.fixed(0.1f)).");
            }
            return new NesterovSgd(this);
        }
    }
}
