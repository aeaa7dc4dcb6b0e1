package io.ltq.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.optimizer.Optimizer;
import io.ltq.djl.LotteryTicket;
import io.ltq.bench.quick.EngineSync;
import io.ltq.bench.quick.VggSizedParameters;
import io.ltq.mask.MaskSet;
import io.ltq.prune.Pruner;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Benchmark 2b under JMH: rewinding a VGG-19-sized network (20M weights) on an engine, {@code
 * ticket.rewind()} with the masks already on the engine, and with masks replaced just before, as
 * a new IMP level does. Each operation waits for the engine to finish.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RewindBenchmark {

    /** The engine. */
    @Param({"PyTorch", "MXNet"})
    public String engine;

    private Model model;
    private Block block;
    private LotteryTicket ticket;
    private MaskSet[] masks;
    private int next;

    /** Builds the network, captures θ0 and makes two nested masks. */
    @Setup(Level.Trial)
    public void setUp() {
        VggSizedParameters set = VggSizedParameters.vgg19();
        model = Model.newInstance("ltq-jmh-rewind", Device.cpu(), engine);
        block = set.newBlock();
        model.setBlock(block);
        block.initialize(model.getNDManager(), DataType.FLOAT32, VggSizedParameters.inputShape());
        ticket =
                LotteryTicket.builder()
                        .setModel(model)
                        .setOptimizer(() -> Optimizer.adam().build())
                        .build();
        ticket.captureRewindPoint(0);
        Pruner pruner = VggSizedParameters.globalPruner();
        MaskSet first = ticket.prune(pruner);
        masks = new MaskSet[] {first, pruner.prune(ticket.getParameters().readWeights(), first)};
    }

    /** Resets the survivors to θ0 with the masks in force. */
    @Benchmark
    public void rewind() {
        ticket.rewind();
        EngineSync.await(block);
    }

    /** Replaces the masks by the other level's, then rewinds. */
    @Benchmark
    public void newMasksAndRewind() {
        ticket.setMasks(masks[next++ & 1]);
        ticket.rewind();
        EngineSync.await(block);
    }

    /** Frees the ticket and the network. */
    @TearDown(Level.Trial)
    public void tearDown() {
        ticket.close();
        model.close();
    }
}
