package io.ltq.experiments.lottery;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import ai.djl.Model;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.ltq.experiments.catalog.Catalog;
import io.ltq.files.Float32Npz;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.testng.annotations.Test;

/** Every weight file of a run has a NumPy twin holding exactly the tensors DJL holds. */
public class NumpyWeightsTest {

    @Test
    public void npzFilesHoldTheSameTensorsAsTheParamsFiles() throws Exception {
        Path out = Files.createTempDirectory("ltq-npz-run");
        LotteryConfig config = ResumeTest.config("PyTorch", 1, 30, 10);
        ExperimentData data = ResumeTest.data();
        TinyRuns.experiment(config, data, new RunDirectory(out), RunListener.NONE).run();
        Network network = Catalog.discover().network(config.network().model());
        RunDirectory dir = new RunDirectory(out);
        for (String params : new String[] {"init.params", "rewind.params",
            RunFiles.trained(0), RunFiles.trained(1)}) {
            Map<String, Float32Npz.Tensor> npz =
                    Float32Npz.read(out.resolve(RunDirectory.npzName(params)));
            try (Model model = RunModels.create(config, network, data.exampleShape(),
                    data.numClasses())) {
                dir.loadParameters(params, model.getBlock(), model.getNDManager());
                int n = 0;
                for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
                    Float32Npz.Tensor t = npz.get(p.getKey());
                    assertEquals(t.shape(), p.getValue().getArray().getShape().getShape());
                    float[] djl = p.getValue().getArray().toFloatArray();
                    for (int i = 0; i < djl.length; i++) {
                        assertEquals(Float.floatToRawIntBits(t.values()[i]),
                                Float.floatToRawIntBits(djl[i]), params + " " + p.getKey());
                    }
                    n++;
                }
                assertEquals(npz.size(), n, params);
            }
        }
        // Named as in the masks, so numpy users index both the same way.
        assertTrue(dir.loadMasks(1, Variant.TICKET).names().stream()
                .allMatch(Float32Npz.read(out.resolve("level_01/trained.npz"))::containsKey));
    }
}
