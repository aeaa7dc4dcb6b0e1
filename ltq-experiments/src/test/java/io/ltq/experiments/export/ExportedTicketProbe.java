package io.ltq.experiments.export;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A DJL program of a user's, run in its own JVM by the tests: it loads an exported ticket the way
 * the README says (the block rebuilt by {@link ExportedTicket#block}, then DJL's {@code
 * Model.load}) and prints its logits for a batch of ones, one value per token.
 */
public final class ExportedTicketProbe {

    private ExportedTicketProbe() {}

    /**
     * Loads the ticket and prints the logits.
     *
     * @param args the ticket folder and the engine
     * @throws Exception when loading fails
     */
    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        Block block = ExportedTicket.block(folder);
        try (Model model = Model.newInstance("ticket", args[1])) {
            model.setBlock(block);
            model.load(folder, ExportedTicket.MODEL_NAME);
            ExportedTicket t = ExportedTicket.read(folder);
            long[] shape = new long[t.exampleShape().size() + 1];
            shape[0] = 2;
            for (int i = 1; i < shape.length; i++) {
                shape[i] = t.exampleShape().get(i - 1);
            }
            NDManager manager = model.getNDManager();
            NDArray x = manager.ones(new Shape(shape));
            float[] logits = block.forward(new ParameterStore(manager, false), new NDList(x),
                    false).head().toFloatArray();
            System.out.println(Arrays.toString(logits).replaceAll("[\\[\\],]", ""));
        }
    }
}
