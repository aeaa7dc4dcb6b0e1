package io.ltq.experiments.export;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.ltq.djl.structure.ResidualChannels;
import io.ltq.djl.structure.UnitKind;
import io.ltq.djl.structure.UnitStructure;
import io.ltq.experiments.UserMistakeException;
import io.ltq.experiments.catalog.Catalog;
import io.ltq.experiments.lottery.LtqJson;
import io.ltq.experiments.lottery.Network;
import io.ltq.files.AtomicFiles;
import io.ltq.prune.structured.UnitSelection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code ltq export} recorded in a ticket's folder, {@code ticket.json}, and the way back
 * to a DJL block: a compact ticket's block is rebuilt from the network it came from and the units
 * it kept, and DJL's {@code Model.load} then reads its weights.
 *
 * <pre>{@code
 * Block block = ExportedTicket.block(folder);
 * try (Model model = Model.newInstance("ticket")) {
 *     model.setBlock(block);
 *     model.load(folder, ExportedTicket.MODEL_NAME);
 *     // model.newPredictor(...), or block.forward(...)
 * }
 * }</pre>
 *
 * @param format the layout of the folder, 1
 * @param kind {@code compact} (a smaller DJL model: {@code ticket-0000.params} and {@code
 *     ticket.npz}) or {@code sparse} (CSR tensors in {@code sparse/} and the rest in {@code
 *     dense.npz})
 * @param network the network's name or class name, as the run recorded it
 * @param exampleShape the shape of one example
 * @param numClasses the classes
 * @param structure {@code neurons}, {@code channels} or {@code weights}
 * @param residualChannels in residual networks, {@code inner} or {@code shared}
 * @param kept a compact ticket's kept units by layer; empty for a sparse one
 * @param run the run folder it came from
 * @param level the level it came from
 * @param weightsRemaining percent of the dense network's weights the ticket keeps
 * @param denseParameters the dense network's parameters
 * @param ticketParameters the compact network's parameters, or a sparse ticket's nonzero ones
 * @param denseMacs the dense network's multiply–accumulates per example
 * @param ticketMacs the ticket's
 * @param denseBytes the size of the run's {@code trained.params} for this level
 * @param ticketBytes the size of what the folder holds for DJL or SciPy
 * @param check how the compact network compares with the masked one on the test set
 */
public record ExportedTicket(
        int format,
        String kind,
        String network,
        List<Long> exampleShape,
        int numClasses,
        String structure,
        String residualChannels,
        Map<String, int[]> kept,
        String run,
        int level,
        double weightsRemaining,
        long denseParameters,
        long ticketParameters,
        long denseMacs,
        long ticketMacs,
        long denseBytes,
        long ticketBytes,
        Check check) {

    /** The file every export writes, last. */
    public static final String FILE = "ticket.json";

    /** The model name of a compact ticket's parameters: {@code ticket-0000.params}. */
    public static final String MODEL_NAME = "ticket";

    /**
     * The compact network against the masked one, on every example of the run's test set.
     *
     * @param engine the engine both ran on
     * @param examples the examples compared
     * @param maxLogitDifference the largest |Δ logit|
     * @param top1Agreement the share of examples whose top class is the same
     */
    public record Check(String engine, long examples, double maxLogitDifference,
            double top1Agreement) {}

    /**
     * Reads a ticket folder's record.
     *
     * @param folder the folder {@code ltq export} wrote
     * @return the record
     * @throws IOException when it cannot be read
     * @throws UserMistakeException when the folder is not an exported ticket
     */
    public static ExportedTicket read(Path folder) throws IOException {
        Path file = folder.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new UserMistakeException(folder + " is not an exported ticket (no " + FILE
                    + "): give the --out folder of ltq export.");
        }
        return LtqJson.PRETTY.fromJson(Files.readString(file), ExportedTicket.class);
    }

    /**
     * Rebuilds a compact ticket's block from its folder, uninitialized, for DJL's {@code
     * Model.load(folder, MODEL_NAME)}.
     *
     * @param folder the folder {@code ltq export} wrote
     * @return the compact block
     * @throws IOException when the record cannot be read
     */
    public static Block block(Path folder) throws IOException {
        return read(folder).newBlock();
    }

    /**
     * Rebuilds the compact block: the network's dense block, read for its units on the default
     * engine, narrowed to the kept units.
     *
     * @return the compact block, uninitialized
     * @throws IllegalStateException for a sparse ticket, which has no compact block
     */
    public Block newBlock() {
        if (!kind.equals("compact")) {
            throw new IllegalStateException("A sparse ticket has no compact block: read its"
                    + " sparse/ tensors with scipy.sparse.load_npz.");
        }
        Network net = Catalog.discover().network(network);
        long[] example = exampleShape.stream().mapToLong(Long::longValue).toArray();
        Shape batch = new Shape(1).addAll(new Shape(example));
        Block dense = net.newBlock(new Shape(example), numClasses);
        try (NDManager manager = Engine.getInstance().newBaseManager()) {
            dense.initialize(manager, DataType.FLOAT32, batch);
            UnitStructure units = UnitStructure.of(dense, batch,
                    UnitKind.valueOf(structure.toUpperCase(Locale.ROOT)),
                    ResidualChannels.valueOf(residualChannels.toUpperCase(Locale.ROOT)));
            return units.narrow(UnitSelection.of(units.layers(), kept));
        }
    }

    /**
     * Writes the record, last of a folder's files.
     *
     * @param folder the folder
     * @throws IOException when writing fails
     */
    void write(Path folder) throws IOException {
        AtomicFiles.writeString(folder.resolve(FILE), LtqJson.PRETTY.toJson(this) + "\n");
    }

    /**
     * Returns the MAC reduction.
     *
     * @return dense MACs over the ticket's
     */
    public double macReduction() {
        return ticketMacs == 0 ? Double.POSITIVE_INFINITY : (double) denseMacs / ticketMacs;
    }
}
