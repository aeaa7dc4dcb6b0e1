package io.ltq.experiments.models;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;

import io.ltq.experiments.UserMistakeException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * The paper's networks by command-line name, with the input each expects and its classes.
 *
 * <pre>
 * Networks spec = Networks.fromName("conv4");
 * Block net = spec.newBlock(new Shape(1, 28, 28)); // Conv-4 on Fashion-MNIST
 * net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 28, 28));
 * </pre>
 */
public enum Networks {

    /** LeNet-300-100 on MNIST. */
    LENET300("lenet300", new Shape(1, 28, 28),
            (s, c) -> LeNet300100.builder().optNumClasses(c).build()),
    /** Conv-2 on CIFAR-10. */
    CONV2("conv2", new Shape(3, 32, 32), (s, c) -> convNet(2, s, c)),
    /** Conv-4 on CIFAR-10. */
    CONV4("conv4", new Shape(3, 32, 32), (s, c) -> convNet(4, s, c)),
    /** Conv-6 on CIFAR-10. */
    CONV6("conv6", new Shape(3, 32, 32), (s, c) -> convNet(6, s, c)),
    /** ResNet-20 on CIFAR-10. */
    RESNET20("resnet20", new Shape(3, 32, 32),
            (s, c) -> CifarResNet.builder().optDepth(20).optNumClasses(c).build()),
    /** VGG-16 (CIFAR variant) on CIFAR-10. */
    VGG16("vgg16", new Shape(3, 32, 32),
            (s, c) -> CifarVgg.builder().setDepth(16).optNumClasses(c).build()),
    /** VGG-19 (CIFAR variant) on CIFAR-10. */
    VGG19("vgg19", new Shape(3, 32, 32),
            (s, c) -> CifarVgg.builder().setDepth(19).optNumClasses(c).build());

    /** The name of the output layer, the last {@code Linear} of every network. */
    public static final String OUTPUT_LAYER = "output";

    /** The number of classes every network predicts. */
    public static final int NUM_CLASSES = 10;

    private final String cliName;
    private final Shape inputShape;
    private final BiFunction<Shape, Integer, Block> factory;

    Networks(String cliName, Shape inputShape, BiFunction<Shape, Integer, Block> factory) {
        this.cliName = cliName;
        this.inputShape = inputShape;
        this.factory = factory;
    }

    private static Block convNet(int depth, Shape input, int classes) {
        return ConvNet.builder().setDepth(depth).optInputShape(input).optNumClasses(classes)
                .build();
    }

    /**
     * Returns the name used on the command line, such as {@code resnet20}.
     *
     * @return the command-line name
     */
    public String cliName() {
        return cliName;
    }

    /**
     * Returns the (channels, height, width) shape of one example the network was designed for.
     *
     * @return the default input shape, without the batch axis
     */
    public Shape inputShape() {
        return inputShape;
    }

    /**
     * Returns the number of classes the network predicts.
     *
     * @return 10
     */
    public int numClasses() {
        return NUM_CLASSES;
    }

    /**
     * Creates a fresh, uninitialized network for its default input shape.
     *
     * @return a new block
     */
    public Block newBlock() {
        return factory.apply(inputShape, NUM_CLASSES);
    }

    /**
     * Creates a fresh, uninitialized network for another input shape, such as 1x28x28 for the Conv
     * networks on Fashion-MNIST.
     *
     * @param exampleShape the (channels, height, width) shape of one example
     * @return a new block
     */
    public Block newBlock(Shape exampleShape) {
        return factory.apply(exampleShape, NUM_CLASSES);
    }

    /**
     * Creates a fresh, uninitialized network for an input shape and a number of classes.
     *
     * @param exampleShape the (channels, height, width) shape of one example
     * @param numClasses the width of the output layer
     * @return a new block
     */
    public Block newBlock(Shape exampleShape, int numClasses) {
        return factory.apply(exampleShape, numClasses);
    }

    /**
     * Returns the network with the given command-line name, ignoring case.
     *
     * @param name a name such as {@code conv6}
     * @return the network
     * @throws UserMistakeException naming the known networks if there is none by that name
     */
    public static Networks fromName(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        for (Networks n : values()) {
            if (n.cliName.equals(key)) {
                return n;
            }
        }
        throw new UserMistakeException(
                "Unknown network '"
                        + name
                        + "'; choose one of "
                        + String.join(", ", names())
                        + ".");
    }

    /**
     * Returns the command-line names of all networks, in declaration order.
     *
     * @return the names
     */
    public static List<String> names() {
        return Arrays.stream(values()).map(Networks::cliName).collect(Collectors.toList());
    }
}
