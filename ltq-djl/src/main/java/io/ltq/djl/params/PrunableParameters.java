package io.ltq.djl.params;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import io.ltq.mask.Mask;
import io.ltq.mask.MaskSet;
import io.ltq.prune.LayerKind;
import io.ltq.prune.WeightTensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The prunable tensors of any DJL {@link Block}, found by walking its children.
 *
 * <p>Weights of {@link Linear} layers are {@link LayerKind#DENSE}, except the last {@code Linear}
 * in parameter order, which is the {@link LayerKind#OUTPUT} layer; kernels of {@link Convolution}
 * layers are {@link LayerKind#CONV}. Biases, normalization parameters and embeddings are left out
 * unless asked for (they then get {@link LayerKind#OTHER}). A weight of a block LTQ does not know
 * counts as dense when it is a matrix and as a convolution kernel when it has more dimensions, so
 * blocks that users write themselves are covered too.
 */
public final class PrunableParameters {

    private final List<PrunableParameter> parameters;
    private final Map<String, PrunableParameter> byPath;

    private PrunableParameters(List<PrunableParameter> parameters) {
        this.parameters = Collections.unmodifiableList(parameters);
        Map<String, PrunableParameter> map = new LinkedHashMap<>();
        for (PrunableParameter p : parameters) {
            map.put(p.path(), p);
        }
        this.byPath = Collections.unmodifiableMap(map);
    }

    /**
     * Returns the prunable weights of a block with the default selection.
     *
     * @param block the network
     * @return the view
     */
    public static PrunableParameters of(Block block) {
        return builder().build(block);
    }

    /**
     * Returns a builder to choose which parameters are prunable.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the prunable parameters in network order.
     *
     * @return an unmodifiable list
     */
    public List<PrunableParameter> list() {
        return parameters;
    }

    /**
     * Returns a prunable parameter by path.
     *
     * @param path the parameter path
     * @return the parameter, or {@code null} when it is not prunable
     */
    public PrunableParameter get(String path) {
        return byPath.get(path);
    }

    /**
     * Returns the shapes of the prunable tensors; the block must be initialized.
     *
     * @return the shape of each tensor by path, in network order
     */
    public Map<String, long[]> shapes() {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (PrunableParameter p : parameters) {
            out.put(p.path(), p.shape());
        }
        return out;
    }

    /**
     * Returns the mask set in which every prunable weight survives.
     *
     * @return a dense mask set
     */
    public MaskSet denseMasks() {
        return MaskSet.ones(shapes());
    }

    /**
     * Returns the number of prunable weights; the block must be initialized.
     *
     * @return the total size of the prunable tensors
     */
    public long totalWeights() {
        return shapes().values().stream().mapToLong(PrunableParameters::product).sum();
    }

    /**
     * Copies the current values of the prunable tensors to the Java heap for a pruner.
     *
     * @return one tensor per prunable parameter, in network order
     */
    public List<WeightTensor> readWeights() {
        List<WeightTensor> out = new ArrayList<>(parameters.size());
        for (PrunableParameter p : parameters) {
            NDArray array = p.parameter().getArray();
            out.add(new WeightTensor(p.path(), p.kind(), p.shape(), array.toFloatArray()));
        }
        return out;
    }

    /**
     * Checks that a mask set fits these parameters: every mask names a prunable parameter and has
     * its shape. Parameters without a mask stay dense.
     *
     * @param masks the masks to check
     * @throws IllegalArgumentException naming the first mismatch and how to fix it
     */
    public void validate(MaskSet masks) {
        for (Map.Entry<String, Mask> e : masks.asMap().entrySet()) {
            PrunableParameter p = byPath.get(e.getKey());
            if (p == null) {
                throw new IllegalArgumentException(
                        "The masks name parameter " + e.getKey() + ", which this network does not"
                                + " have as a prunable weight (it has " + byPath.keySet()
                                + "): the masks belong to another network.");
            }
            long[] shape = p.shape();
            if (!java.util.Arrays.equals(shape, e.getValue().getShape())) {
                throw new IllegalArgumentException(
                        "The mask of " + e.getKey() + " has shape "
                                + java.util.Arrays.toString(e.getValue().getShape())
                                + " but the parameter has "
                                + java.util.Arrays.toString(shape)
                                + ": the masks belong to another network.");
            }
        }
    }

    static long product(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** Chooses which parameters of a block are prunable. */
    public static final class Builder {

        private boolean includeBiases;
        private boolean includeNormalization;
        private boolean includeEmbeddings;
        private final List<Pattern> excluded = new ArrayList<>();
        private String outputLayer;

        Builder() {}

        /**
         * Makes biases prunable too, as {@link LayerKind#OTHER}.
         *
         * @param include {@code true} to include biases
         * @return this builder
         */
        public Builder optIncludeBiases(boolean include) {
            this.includeBiases = include;
            return this;
        }

        /**
         * Makes normalization scales and shifts (BatchNorm's γ and β) prunable too, as {@link
         * LayerKind#OTHER}: a structured ticket masks a pruned channel's γ and β with its filter.
         *
         * @param include {@code true} to include them
         * @return this builder
         */
        public Builder optIncludeNormalization(boolean include) {
            this.includeNormalization = include;
            return this;
        }

        /**
         * Makes embedding tables prunable, as {@link LayerKind#OTHER}.
         *
         * @param include {@code true} to include embeddings
         * @return this builder
         */
        public Builder optIncludeEmbeddings(boolean include) {
            this.includeEmbeddings = include;
            return this;
        }

        /**
         * Leaves out the parameters whose path fully matches a regular expression.
         *
         * @param pathRegex a {@link Pattern} over parameter paths
         * @return this builder
         */
        public Builder optExclude(String pathRegex) {
            excluded.add(Pattern.compile(pathRegex));
            return this;
        }

        /**
         * Names the output layer's weight instead of taking the last {@code Linear}.
         *
         * @param path the parameter path of the output weight
         * @return this builder
         */
        public Builder optOutputLayer(String path) {
            this.outputLayer = Objects.requireNonNull(path, "path");
            return this;
        }

        /**
         * Walks the block and returns the view.
         *
         * @param block the network
         * @return its prunable parameters
         */
        public PrunableParameters build(Block block) {
            List<PrunableParameter> found = new ArrayList<>();
            walk(block, "", found);
            found.removeIf(p -> excluded.stream().anyMatch(x -> x.matcher(p.path()).matches()));
            String output = outputLayer;
            if (output == null) {
                for (PrunableParameter p : found) {
                    if (p.kind() == LayerKind.DENSE) {
                        output = p.path();
                    }
                }
            } else if (found.stream().noneMatch(p -> p.path().equals(outputLayer))) {
                throw new IllegalArgumentException(
                        "Output layer " + outputLayer + " is not a prunable weight of this block;"
                                + " choose one of " + found.stream().map(PrunableParameter::path)
                                        .toList() + ".");
            }
            List<PrunableParameter> out = new ArrayList<>(found.size());
            for (PrunableParameter p : found) {
                out.add(p.path().equals(output)
                        ? new PrunableParameter(p.path(), p.parameter(), LayerKind.OUTPUT)
                        : p);
            }
            return new PrunableParameters(out);
        }

        // Same traversal and naming as AbstractBaseBlock.getParameters(): direct parameters first,
        // then each child's, prefixed by "<childName>_".
        private void walk(Block block, String prefix, List<PrunableParameter> out) {
            for (Pair<String, Parameter> pair : block.getDirectParameters()) {
                LayerKind kind = classify(block, pair.getValue());
                if (kind != null) {
                    out.add(new PrunableParameter(prefix + pair.getKey(), pair.getValue(), kind));
                }
            }
            for (Pair<String, Block> child : block.getChildren()) {
                walk(child.getValue(), prefix + child.getKey() + "_", out);
            }
        }

        private LayerKind classify(Block owner, Parameter parameter) {
            Parameter.Type type = parameter.getType();
            if (type == Parameter.Type.BIAS) {
                return includeBiases ? LayerKind.OTHER : null;
            }
            if (type == Parameter.Type.GAMMA || type == Parameter.Type.BETA) {
                return includeNormalization ? LayerKind.OTHER : null;
            }
            if (type != Parameter.Type.WEIGHT) {
                return null; // running statistics, ...
            }
            if (owner instanceof Linear) {
                return LayerKind.DENSE;
            }
            if (owner instanceof Convolution) {
                return LayerKind.CONV;
            }
            if (owner instanceof Embedding) {
                return includeEmbeddings ? LayerKind.OTHER : null;
            }
            // A block we do not know: judge by rank, known once the block is initialized.
            if (parameter.getShape() == null) {
                throw new IllegalStateException(
                        "Weight " + parameter.getName() + " of " + owner.getClass().getSimpleName()
                                + " has no shape yet: initialize the block before listing its"
                                + " prunable parameters.");
            }
            int rank = parameter.getShape().dimension();
            if (rank == 2) {
                return LayerKind.DENSE;
            }
            return rank > 2 ? LayerKind.CONV : null;
        }
    }
}
