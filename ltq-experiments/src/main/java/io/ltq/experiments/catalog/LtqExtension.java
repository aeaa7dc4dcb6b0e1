package io.ltq.experiments.catalog;

import io.ltq.experiments.datasets.DataSource;
import io.ltq.experiments.lottery.Control;
import io.ltq.experiments.lottery.Network;
import io.ltq.experiments.lottery.PruningStrategy;
import java.util.List;

/**
 * What a jar adds to LTQ: networks, datasets, pruning strategies and controls, found by {@link
 * java.util.ServiceLoader}. List the class in the jar's {@code
 * META-INF/services/io.ltq.experiments.catalog.LtqExtension}, put the jar on the class path
 * ({@code LTQ_CLASSPATH=acme.jar ./ltq list}), and every command takes the new names; LTQ's own
 * networks and datasets are registered the same way ({@link BundledExtension}).
 *
 * <pre>{@code
 * public final class AcmeExtension implements LtqExtension {
 *     public List<Network> networks() {
 *         return List.of(Network.of("acme-net", (shape, classes) -> new AcmeNet(classes)));
 *     }
 * }
 * }</pre>
 */
public interface LtqExtension {

    /**
     * Returns the networks this jar adds.
     *
     * @return the networks; none by default
     */
    default List<Network> networks() {
        return List.of();
    }

    /**
     * Returns the datasets this jar adds.
     *
     * @return the datasets; none by default
     */
    default List<DataSource> datasets() {
        return List.of();
    }

    /**
     * Returns the pruning strategies this jar adds.
     *
     * @return the strategies; none by default
     */
    default List<PruningStrategy> pruners() {
        return List.of();
    }

    /**
     * Returns the controls this jar adds.
     *
     * @return the controls; none by default
     */
    default List<Control> controls() {
        return List.of();
    }
}
