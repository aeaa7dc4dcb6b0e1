package io.ltq.experiments.lottery;

import com.google.gson.annotations.SerializedName;
import java.util.Locale;

/** The optimizers a run can train with; {@link Optimizers} makes them. */
public enum OptimizerKind {
    /** Adam, as the paper trains LeNet and the Conv networks. */
    @SerializedName("adam")
    ADAM,
    /** Plain stochastic gradient descent. */
    @SerializedName("sgd")
    SGD,
    /** SGD with heavy-ball momentum, as the paper trains ResNet and VGG. */
    @SerializedName("momentum")
    MOMENTUM,
    /** SGD with Nesterov momentum ({@link io.ltq.djl.training.NesterovSgd}). */
    @SerializedName("nesterov")
    NESTEROV;

    /**
     * Returns the name as settings files and the command line write it.
     *
     * @return e.g. {@code adam}
     */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
