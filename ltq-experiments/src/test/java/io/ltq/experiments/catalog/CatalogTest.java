package io.ltq.experiments.catalog;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertSame;
import static org.testng.Assert.expectThrows;
import static org.testng.Assert.assertTrue;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import io.ltq.experiments.UserMistakeException;
import io.ltq.experiments.lottery.Control;
import io.ltq.experiments.lottery.LotteryConfig;
import io.ltq.experiments.lottery.Network;
import io.ltq.experiments.lottery.PruningSettings;
import io.ltq.experiments.lottery.RunComponents;
import io.ltq.experiments.lottery.Variant;
import io.ltq.mask.MaskSet;
import io.ltq.prune.Pruner;
import io.ltq.prune.WeightTensor;
import java.util.List;
import org.testng.annotations.Test;

public class CatalogTest {

    /** A user's DJL block, found by class name. */
    public static final class TwoLayer extends SequentialBlock {
        /**
         * Creates it.
         *
         * @param classes the output width
         */
        public TwoLayer(int classes) {
            add(Linear.builder().setUnits(16).build());
            add(Linear.builder().setUnits(classes).build());
        }
    }

    /** A user's pruner with its own settings, found by class name. */
    public static final class KeepAll implements Pruner {
        @Override
        public MaskSet prune(List<WeightTensor> weights, MaskSet current) {
            return current;
        }
    }

    /** A control registered by an extension added from Java. */
    static final class Nothing implements Control {
        @Override
        public String name() {
            return "nothing";
        }

        @Override
        public Start prepare(Context context) {
            return new Start(context.ticketMasks(), 0);
        }
    }

    @Test
    public void bundledPiecesRegisterThroughTheirExtension() {
        Catalog.Listing all = Catalog.discover().listing();
        assertEquals(all.networks().stream().map(Catalog.Entry::name).toList(),
                List.of("lenet300", "conv2", "conv4", "conv6", "resnet20", "vgg16", "vgg19"));
        assertTrue(all.datasets().stream().map(Catalog.Entry::name).toList()
                .containsAll(List.of("mnist", "fashion-mnist", "cifar10", "synthetic",
                        "image-folder", "image-folder-gray")));
        assertEquals(all.pruners().stream().map(Catalog.Entry::name).toList(),
                List.of("magnitude", "refill"));
        assertEquals(all.controls().stream().map(Catalog.Entry::name).toList(),
                List.of("reinit", "random_prune", "scratch_e", "scratch_b"));
        all.networks().forEach(e -> assertEquals(e.origin(), "bundled", e.name()));
    }

    @Test
    public void namesIgnoreCaseAndTheDashedControlName() {
        Catalog c = Catalog.discover();
        assertEquals(c.network(" LeNet300 ").name(), "lenet300");
        assertEquals(c.control("random-prune").name(), "random_prune");
        assertEquals(c.controlKey("random-prune"), "random_prune");
    }

    @Test
    public void aBlockClassBecomesANetworkNamedAfterIt() {
        Network n = Catalog.discover().network(TwoLayer.class.getName());
        assertEquals(n.name(), TwoLayer.class.getName());
        Block b = n.newBlock(new Shape(1, 4, 4), 3);
        assertTrue(b instanceof TwoLayer);
        assertEquals(n.preset().dataset(), null, "a network of one's own has no dataset");
    }

    @Test
    public void aPrunerClassBecomesAStrategyNamedAfterIt() {
        Catalog c = Catalog.discover();
        Pruner p = c.pruner(KeepAll.class.getName()).newPruner(PruningSettings.DEFAULTS);
        assertTrue(p instanceof KeepAll);
    }

    @Test
    public void unknownNamesAndClassesAreUserMistakesThatSayWhatToDo() {
        Catalog c = Catalog.discover();
        UserMistakeException unknown =
                expectThrows(UserMistakeException.class, () -> c.network("lenet301"));
        assertTrue(unknown.getMessage().contains("lenet300, conv2"), unknown.getMessage());
        UserMistakeException missing =
                expectThrows(UserMistakeException.class, () -> c.network("com.acme.Missing"));
        assertTrue(missing.getMessage().contains("not on the class path")
                && missing.getMessage().contains("LTQ_CLASSPATH"), missing.getMessage());
        UserMistakeException wrong = expectThrows(UserMistakeException.class,
                () -> c.dataset(TwoLayer.class.getName()));
        assertTrue(wrong.getMessage().contains("DataSource"), wrong.getMessage());
    }

    @Test
    public void extensionsAddedFromJavaJoinAndCannotShadowANameTwice() {
        LtqExtension mine = new LtqExtension() {
            @Override
            public List<Control> controls() {
                return List.of(new Nothing());
            }
        };
        Catalog c = Catalog.builder().addExtension(mine).build();
        assertEquals(c.control("nothing").name(), "nothing");
        assertTrue(c.listing().controls().stream().anyMatch(e -> e.name().equals("nothing")
                && !e.origin().equals("bundled")));
        expectThrows(IllegalStateException.class,
                () -> Catalog.builder().addExtension(new BundledExtension()).build());
    }

    @Test
    public void componentsFollowTheSettingsNames() {
        LotteryConfig config = LotteryConfig.DEFAULTS.withPruning(
                PruningSettings.DEFAULTS.withControls(List.of("random_prune")));
        RunComponents parts = Catalog.discover().components(config);
        assertEquals(parts.network().name(), "lenet300");
        assertEquals(parts.pruner().name(), "magnitude");
        assertEquals(parts.controls().size(), 1);
        assertSame(parts.controls().get(0).getClass(),
                io.ltq.experiments.lottery.RandomPruneControl.class);
        assertEquals(config.pruning().variants(), List.of(Variant.TICKET, Variant.RANDOM_PRUNE));
        assertEquals(Variant.ofControl("com.acme.ShuffledMask").name(), "shuffled_mask");
    }
}
