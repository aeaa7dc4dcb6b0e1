package io.ltq.djl;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.ltq.djl.init.PortableInitializer;
import io.ltq.djl.training.NesterovSgd;
import io.ltq.mask.Mask;
import io.ltq.mask.MaskSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.testng.annotations.DataProvider;

/** A small learnable classification problem and the helpers the engine tests share. */
final class TinyProblem {

    static final int FEATURES = 20;
    static final int CLASSES = 10;
    static final int BATCH = 16;

    private TinyProblem() {}

    @DataProvider(name = "engines")
    static Object[][] engines() {
        return new Object[][] {{"PyTorch"}, {"MXNet"}};
    }

    /** Every optimizer the guarantee must hold for, with and without weight decay. */
    @DataProvider(name = "enginesAndOptimizers")
    static Object[][] enginesAndOptimizers() {
        List<Object[]> rows = new ArrayList<>();
        for (Object[] engine : engines()) {
            for (String opt : new String[] {"sgd", "momentum", "nesterov", "adam", "djl-nag"}) {
                // DJL's own Nag has no PyTorch implementation; LTQ's NesterovSgd covers both.
                if (opt.equals("djl-nag") && engine[0].equals("PyTorch")) {
                    continue;
                }
                for (float wd : new float[] {0f, 1e-2f}) {
                    rows.add(new Object[] {engine[0], opt, wd});
                }
            }
        }
        return rows.toArray(new Object[0][]);
    }

    /** The rows of {@link #enginesAndOptimizers} for MXNet, whose parameter server can change. */
    @DataProvider(name = "mxnetOptimizers")
    static Object[][] mxnetOptimizers() {
        return java.util.Arrays.stream(enginesAndOptimizers())
                .filter(row -> row[0].equals("MXNet"))
                .toArray(Object[][]::new);
    }

    /** Work that trainers do; they read the parameter-server setting when they are created. */
    interface TrainerWork<T> {
        T run() throws Exception;
    }

    /**
     * Runs work with DJL's Java parameter server on or off (MXNet's KVStore when off), restoring
     * the JVM's setting afterwards.
     */
    static <T> T withLocalParameterServer(boolean local, TrainerWork<T> work) throws Exception {
        String key = "ai.djl.use_local_parameter_server";
        String before = System.getProperty(key);
        System.setProperty(key, Boolean.toString(local));
        try {
            return work.run();
        } finally {
            if (before == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, before);
            }
        }
    }

    static Supplier<Optimizer> optimizer(String name, float weightDecay) {
        return switch (name) {
            case "sgd" -> () -> Optimizer.sgd()
                    .setLearningRateTracker(Tracker.fixed(0.1f))
                    .optWeightDecays(weightDecay)
                    .build();
            case "momentum" -> () -> Optimizer.sgd()
                    .setLearningRateTracker(Tracker.fixed(0.05f))
                    .optMomentum(0.9f)
                    .optWeightDecays(weightDecay)
                    .build();
            case "nesterov" -> () -> NesterovSgd.builder()
                    .setLearningRateTracker(Tracker.fixed(0.05f))
                    .optMomentum(0.9f)
                    .optWeightDecays(weightDecay)
                    .build();
            case "djl-nag" -> () -> Optimizer.nag()
                    .setLearningRateTracker(Tracker.fixed(0.05f))
                    .setMomentum(0.9f)
                    .optWeightDecays(weightDecay)
                    .build();
            case "adam" -> () -> Optimizer.adam()
                    .optLearningRateTracker(Tracker.fixed(0.01f))
                    .optWeightDecays(weightDecay)
                    .build();
            default -> throw new IllegalArgumentException(name);
        };
    }

    static Model model(String engine) {
        Model model = Model.newInstance("tiny", Device.cpu(), engine);
        SequentialBlock block = new SequentialBlock();
        block.add(Linear.builder().setUnits(32).build());
        block.add(Activation::relu);
        block.add(Linear.builder().setUnits(CLASSES).build());
        model.setBlock(block);
        return model;
    }

    /** The tiny model with θ0 drawn by LTQ ({@code PortableInitializer}) from {@code seed}. */
    static Model portableModel(String engine, long seed) {
        Model model = model(engine);
        model.getBlock().setInitializer(PortableInitializer.glorotNormal(), Parameter.Type.WEIGHT);
        model.getBlock().setInitializer(Initializer.ZEROS, Parameter.Type.BIAS);
        model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, inputShape());
        if (PortableInitializer.draw(model.getBlock(), seed) != 2) {
            throw new IllegalStateException("expected two weights drawn");
        }
        return model;
    }

    static Shape inputShape() {
        return new Shape(BATCH, FEATURES);
    }

    /** Inputs with a class given by a fixed random linear teacher, so loss can go down. */
    static ArrayDataset dataset(NDManager manager, int size, long seed) {
        Random random = new Random(seed);
        float[] x = new float[size * FEATURES];
        float[] y = new float[size];
        float[][] teacher = new float[CLASSES][FEATURES];
        Random t = new Random(7);
        for (float[] row : teacher) {
            for (int j = 0; j < FEATURES; j++) {
                row[j] = (float) t.nextGaussian();
            }
        }
        for (int i = 0; i < size; i++) {
            int best = 0;
            float bestScore = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < FEATURES; j++) {
                x[i * FEATURES + j] = (float) random.nextGaussian();
            }
            for (int c = 0; c < CLASSES; c++) {
                float s = 0;
                for (int j = 0; j < FEATURES; j++) {
                    s += teacher[c][j] * x[i * FEATURES + j];
                }
                if (s > bestScore) {
                    bestScore = s;
                    best = c;
                }
            }
            y[i] = best;
        }
        return new ArrayDataset.Builder()
                .setData(manager.create(x, new Shape(size, FEATURES)))
                .optLabels(manager.create(y, new Shape(size)))
                .setSampling(BATCH, true)
                .build();
    }

    /** A random mask keeping about {@code density} of each tensor, seeded. */
    static MaskSet randomMasks(Map<String, long[]> shapes, double density, long seed) {
        Random random = new Random(seed);
        Map<String, Mask> out = new LinkedHashMap<>();
        shapes.forEach(
                (name, shape) -> {
                    Mask.Builder b = Mask.builder(shape);
                    long n = 1;
                    for (long d : shape) {
                        n *= d;
                    }
                    for (long i = 0; i < n; i++) {
                        if (random.nextDouble() < density) {
                            b.keep(i);
                        }
                    }
                    out.put(name, b.build());
                });
        return MaskSet.of(out);
    }

    /** Counts pruned weights that are not exactly 0.0. */
    static int prunedNonZero(LotteryTicket ticket) {
        int bad = 0;
        for (var p : ticket.getParameters().list()) {
            Mask mask = ticket.getMasks().get(p.path());
            float[] w = p.parameter().getArray().toFloatArray();
            for (int i = 0; i < w.length; i++) {
                if (!mask.isKept(i) && w[i] != 0.0f) {
                    bad++;
                }
            }
        }
        return bad;
    }

    static Map<String, float[]> snapshot(Model model) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (var pair : model.getBlock().getParameters()) {
            Parameter p = pair.getValue();
            out.put(pair.getKey(), p.getArray().toFloatArray());
        }
        return out;
    }

    static NDArray gradient(Parameter p) {
        return p.getArray().getGradient();
    }

    static Iterable<Batch> batches(ai.djl.training.Trainer trainer, ArrayDataset data)
            throws Exception {
        return trainer.iterateDataset(data);
    }
}
