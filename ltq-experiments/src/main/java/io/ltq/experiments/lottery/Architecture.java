package io.ltq.experiments.lottery;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.ltq.experiments.models.FlopCounter;
import io.ltq.experiments.models.LayerCost;
import io.ltq.experiments.models.ParameterCounts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a run's network was, as {@code run.json} records it: enough to refuse resuming with a
 * changed network, and for reports to count parameters and FLOPs without the network's class.
 *
 * @param network the network's name ({@code --model})
 * @param block the class of its top block
 * @param exampleShape the (channels, height, width) shape of one example
 * @param numClasses the classes of the run's data
 * @param parameters every parameter's name and shape, in the block's order: the fingerprint
 * @param trainableParameters the parameters that training changes (not BatchNorm's running
 *     statistics)
 * @param layers the prunable layers' weights and multiply–accumulates per example
 */
public record Architecture(String network, String block, List<Long> exampleShape, int numClasses,
        Map<String, List<Long>> parameters, long trainableParameters, List<LayerCost> layers) {

    /** Copies the collections. */
    public Architecture {
        Objects.requireNonNull(network, "network");
        exampleShape = List.copyOf(exampleShape);
        parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        layers = List.copyOf(layers);
    }

    /**
     * Describes an initialized network.
     *
     * @param network the network
     * @param block its initialized block
     * @param exampleShape the shape of one example
     * @param numClasses the number of classes
     * @return the description
     */
    public static Architecture of(Network network, Block block, Shape exampleShape,
            int numClasses) {
        Map<String, List<Long>> parameters = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            parameters.put(p.getKey(), longs(p.getValue().getArray().getShape().getShape()));
        }
        return new Architecture(network.name(), block.getClass().getName(),
                longs(exampleShape.getShape()), numClasses, parameters,
                ParameterCounts.trainable(block), FlopCounter.count(block, exampleShape));
    }

    private static List<Long> longs(long[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    /**
     * Returns the example shape.
     *
     * @return (channels, height, width)
     */
    public Shape shape() {
        return new Shape(exampleShape.stream().mapToLong(Long::longValue).toArray());
    }

    /**
     * Returns the number of parameters.
     *
     * @return the sum of every parameter's size
     */
    public long parameterCount() {
        return parameters.values().stream()
                .mapToLong(s -> s.stream().reduce(1L, (a, b) -> a * b)).sum();
    }

    /**
     * Says how another network differs, for the resume check: block class and parameters.
     *
     * @param recorded the architecture {@code run.json} records
     * @return one phrase per difference (at most four, then a count), empty when equal
     */
    public List<String> differencesFrom(Architecture recorded) {
        List<String> out = new ArrayList<>();
        if (!block.equals(recorded.block)) {
            out.add("block " + recorded.block + " → " + block);
        }
        if (!exampleShape.equals(recorded.exampleShape)) {
            out.add("examples " + recorded.exampleShape + " → " + exampleShape);
        }
        recorded.parameters.forEach((name, shape) -> {
            List<Long> now = parameters.get(name);
            if (now == null) {
                out.add(name + " " + shape + " is gone");
            } else if (!now.equals(shape)) {
                out.add(name + " " + shape + " → " + now);
            }
        });
        parameters.forEach((name, shape) -> {
            if (!recorded.parameters.containsKey(name)) {
                out.add(name + " " + shape + " is new");
            }
        });
        if (out.size() > 4) {
            int more = out.size() - 4;
            out.subList(4, out.size()).clear();
            out.add(more + " more");
        }
        return out;
    }
}
