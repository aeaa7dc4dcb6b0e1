package io.ltq.experiments.report;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.ltq.experiments.lottery.LtqJson;
import io.ltq.experiments.lottery.Variant;
import io.ltq.experiments.models.FlopCounter;
import io.ltq.experiments.models.LayerCost;
import io.ltq.experiments.compare.RunComparison;
import io.ltq.experiments.stability.StabilityResult;
import io.ltq.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a report's numbers as CSV and JSON, the files other tools should read (the page is for
 * people): {@code levels.csv} (accuracy and early stop per level and variant), {@code
 * compression.csv} and {@code layers.csv} (the ShrinkBench numbers), {@code paired.csv} (the
 * seeds' paired differences and their tests, for groups of several seeds), {@code
 * configurations.csv} (each group's tickets against the first group's at the same weights
 * remaining, paired over seeds, for several groups), {@code inference.csv}
 * when a run has measured inference times (the points of the chart of accuracy against them,
 * per group and level), {@code stability.csv} when a run has instability analyses, {@code
 * comparison.csv} when runs are compared with the first ({@code ltq compare}'s columns), and
 * {@code report.json} with all of it plus each run's settings, versions and the machines that
 * trained its networks ({@code machines}, a machine left out where summaries did not record it;
 * {@code mixed_machines} is true when there are several).
 */
public final class ReportFiles {

    private static final Gson GSON = LtqJson.PRETTY;

    private ReportFiles() {}

    /**
     * Writes the CSV and JSON files and the charts' PNGs into a folder.
     *
     * @param dir the folder, created if needed
     * @param data the report's content
     * @return the names of the CSV and JSON files written, in writing order
     * @throws IOException when writing fails
     */
    public static List<String> write(Path dir, ReportData data) throws IOException {
        List<String> names = new ArrayList<>();
        write(dir, "levels.csv", levels(data), names);
        write(dir, "compression.csv", compression(data), names);
        write(dir, "layers.csv", layers(data), names);
        if (data.statistics().stream().anyMatch(st -> !st.comparisons().isEmpty())) {
            write(dir, "paired.csv", paired(data), names);
        }
        if (!data.configurations().isEmpty()) {
            write(dir, "configurations.csv", configurations(data), names);
        }
        if (data.groups().stream().anyMatch(g -> !g.inferencePoints().isEmpty())) {
            write(dir, "inference.csv", inference(data), names);
        }
        if (data.runs().stream().anyMatch(r -> !r.stability().isEmpty())) {
            write(dir, "stability.csv", stability(data), names);
        }
        if (!data.comparison().isEmpty()) {
            write(dir, "comparison.csv", RunComparison.csv(data.comparison()), names);
        }
        write(dir, "report.json", GSON.toJson(json(data)), names);
        for (ChartImage chart : data.charts()) {
            AtomicFiles.write(dir.resolve(chart.fileName()), out -> out.write(chart.png()));
        }
        return names;
    }

    private static void write(Path dir, String name, String text, List<String> names)
            throws IOException {
        AtomicFiles.writeString(dir.resolve(name), text);
        names.add(name);
    }

    private static String levels(ReportData data) {
        StringBuilder csv = new StringBuilder("group,level,variant,runs,weights_remaining,"
                + "early_stop_accuracy_mean,early_stop_accuracy_min,early_stop_accuracy_max,"
                + "final_accuracy_mean,final_accuracy_min,final_accuracy_max,"
                + "early_stop_step_mean,early_stop_step_min,early_stop_step_max\n");
        for (RunGroup g : data.groups()) {
            for (Variant variant : g.variants()) {
                for (LevelPoint p : g.points(variant)) {
                    csv.append(field(g.label())).append(',').append(p.level()).append(',')
                            .append(variant).append(',').append(p.runs()).append(',')
                            .append(num(p.weightsRemaining())).append(',')
                            .append(stat(p.earlyStopAccuracy())).append(',')
                            .append(stat(p.finalAccuracy())).append(',')
                            .append(stat(p.earlyStopStep())).append('\n');
                }
            }
        }
        return csv.toString();
    }

    // The points of the chart of accuracy against inference time.
    private static String inference(ReportData data) {
        StringBuilder csv = new StringBuilder("group,level,runs,weights_remaining,macs,batch,"
                + "ms_per_batch_mean,ms_per_batch_min,ms_per_batch_max,"
                + "early_stop_accuracy_mean,early_stop_accuracy_min,early_stop_accuracy_max\n");
        for (RunGroup g : data.groups()) {
            for (InferencePoint p : g.inferencePoints()) {
                csv.append(field(g.label())).append(',').append(p.level()).append(',')
                        .append(p.runs()).append(',').append(num(p.weightsRemaining()))
                        .append(',').append(num(p.macs())).append(',').append(p.batch())
                        .append(',').append(stat(p.msPerBatch())).append(',')
                        .append(stat(p.earlyStopAccuracy())).append('\n');
            }
        }
        return csv.toString();
    }

    private static String compression(ReportData data) {
        StringBuilder csv = new StringBuilder("group,level,weights_remaining,parameters,"
                + "nonzero_parameters,compression_ratio,flops,nonzero_flops,"
                + "theoretical_speedup\n");
        for (int i = 0; i < data.groups().size(); i++) {
            for (CompressionRow r : data.compression().get(i).rows()) {
                csv.append(field(data.groups().get(i).label())).append(',').append(r.level())
                        .append(',').append(num(r.weightsRemaining())).append(',')
                        .append(r.parameters()).append(',').append(r.nonzeroParameters())
                        .append(',').append(num(r.compressionRatio())).append(',')
                        .append(r.flops()).append(',').append(r.nonzeroFlops()).append(',')
                        .append(num(r.theoreticalSpeedup())).append('\n');
            }
        }
        return csv.toString();
    }

    private static String layers(ReportData data) {
        StringBuilder csv = new StringBuilder("group,layer,type,weights,flops\n");
        for (int i = 0; i < data.groups().size(); i++) {
            for (LayerCost l : data.compression().get(i).layers()) {
                csv.append(field(data.groups().get(i).label())).append(',').append(l.path())
                        .append(',').append(l.type()).append(',').append(l.weights())
                        .append(',').append(l.flops()).append('\n');
            }
        }
        return csv.toString();
    }

    private static String paired(ReportData data) {
        StringBuilder csv = new StringBuilder("group,level,weights_remaining,metric,unit,"
                + "comparison,seeds,differences,mean,min,max,t,p_t_test,positive,negative,"
                + "p_sign_test,reading\n");
        for (int i = 0; i < data.groups().size(); i++) {
            for (PairedComparison c : data.statistics().get(i).comparisons()) {
                PairedTest t = c.test();
                csv.append(field(data.groups().get(i).label())).append(',').append(c.level())
                        .append(',').append(num(c.weightsRemaining())).append(',')
                        .append(c.metric()).append(',').append(c.metric().unit()).append(',')
                        .append(field(c.comparison())).append(',').append(test(c.test()))
                        .append(',').append(c.reading() == null ? "" : c.reading())
                        .append('\n');
            }
        }
        return csv.toString();
    }

    private static String configurations(ReportData data) {
        StringBuilder csv = new StringBuilder("group,reference,level,weights_remaining,seeds,"
                + "differences,mean,min,max,t,p_t_test,positive,negative,p_sign_test\n");
        for (ConfigurationComparison c : data.configurations()) {
            csv.append(field(c.group())).append(',').append(field(c.reference())).append(',')
                    .append(c.level()).append(',').append(num(c.weightsRemaining())).append(',')
                    .append(test(c.test())).append('\n');
        }
        return csv.toString();
    }

    // The columns seeds … p_sign_test of a paired test.
    private static String test(PairedTest t) {
        return t.count() + "," + java.util.Arrays.stream(t.differences())
                .mapToObj(ReportFiles::num).collect(java.util.stream.Collectors.joining(";"))
                + ',' + num(t.mean()) + ',' + num(t.min()) + ',' + num(t.max()) + ','
                + num(t.t()) + ',' + num(t.p()) + ',' + t.positive() + ',' + t.negative() + ','
                + num(t.signP());
    }

    private static String stability(ReportData data) {
        StringBuilder csv = new StringBuilder(
                "run,level,step,test_barrier,train_barrier,threshold,stable\n");
        for (RunRecord r : data.runs()) {
            for (StabilityResult s : r.stability()) {
                csv.append(field(r.root().toString())).append(',').append(s.level()).append(',')
                        .append(s.step()).append(',').append(num(s.testBarrier())).append(',')
                        .append(num(s.trainBarrier())).append(',').append(num(s.threshold()))
                        .append(',').append(s.stable()).append('\n');
            }
        }
        return csv.toString();
    }

    private static JsonObject json(ReportData data) {
        JsonObject root = new JsonObject();
        root.addProperty("compression_note", CompressionTable.NOTE);
        root.addProperty("paired_note", SeedStatistics.NOTE);
        JsonArray runs = new JsonArray();
        for (RunGroup g : data.groups()) {
            for (RunRecord r : g.runs()) {
                JsonObject run = new JsonObject();
                run.addProperty("folder", r.root().toString());
                run.addProperty("group", g.label());
                run.add("config", GSON.toJsonTree(r.config()));
                run.add("versions", GSON.toJsonTree(r.versions()));
                MachineOrigins origins = MachineOrigins.of(r);
                run.addProperty("mixed_machines", origins.mixed());
                run.add("machines", GSON.toJsonTree(origins.origins()));
                run.add("stability", GSON.toJsonTree(r.stability()));
                run.add("retraining", GSON.toJsonTree(r.retraining()));
                run.add("distances", GSON.toJsonTree(r.distances()));
                run.add("inference", GSON.toJsonTree(r.inference()));
                runs.add(run);
            }
        }
        root.add("runs", runs);
        JsonArray groups = new JsonArray();
        for (int i = 0; i < data.groups().size(); i++) {
            RunGroup g = data.groups().get(i);
            JsonObject group = new JsonObject();
            group.addProperty("label", g.label());
            JsonArray levels = new JsonArray();
            g.variants().forEach(v -> g.points(v).forEach(p -> levels.add(GSON.toJsonTree(p))));
            group.add("levels", levels);
            CompressionTable table = data.compression().get(i);
            group.add("layers", GSON.toJsonTree(table.layers()));
            JsonArray rows = new JsonArray();
            for (CompressionRow r : table.rows()) {
                JsonObject row = GSON.toJsonTree(r).getAsJsonObject();
                row.addProperty("compressionRatio", r.compressionRatio());
                row.addProperty("theoreticalSpeedup", r.theoreticalSpeedup());
                rows.add(row);
            }
            group.add("compression", rows);
            JsonArray paired = new JsonArray();
            for (PairedComparison c : data.statistics().get(i).comparisons()) {
                JsonObject row = GSON.toJsonTree(c).getAsJsonObject();
                row.addProperty("comparison", c.comparison());
                paired.add(row);
            }
            group.add("paired", paired);
            group.add("inference", GSON.toJsonTree(g.inferencePoints()));
            groups.add(group);
        }
        root.add("groups", groups);
        if (!data.configurations().isEmpty()) {
            root.addProperty("configurations_note", ConfigurationComparison.NOTE);
            root.add("configurations", GSON.toJsonTree(data.configurations()));
        }
        JsonArray charts = new JsonArray();
        data.charts().forEach(c -> charts.add(c.fileName()));
        root.add("charts", charts);
        return root;
    }

    private static String stat(Stat s) {
        return num(s.mean()) + "," + num(s.min()) + "," + num(s.max());
    }

    // Whole numbers without a decimal point, the rest at full precision.
    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                : Double.toString(v);
    }

    // Quotes a CSV field when it holds a comma or a quote.
    private static String field(String text) {
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
