package io.ltq.experiments.report;

import io.ltq.experiments.lottery.Variant;
import io.ltq.experiments.models.FlopCounter;
import io.ltq.experiments.models.LayerCost;
import io.ltq.experiments.compare.RunComparison;
import io.ltq.experiments.compare.TicketDistance;
import io.ltq.experiments.lottery.LotteryConfig;
import io.ltq.experiments.lottery.LotteryExperiment;
import io.ltq.experiments.retrain.RetrainResult;
import io.ltq.experiments.stability.StabilityResult;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Renders a {@link ReportData} as one self-contained HTML page: the charts embedded as base64
 * {@code data:} URIs, the tables in HTML, the style inline, no scripts and nothing fetched from
 * elsewhere, so the page can be mailed or archived on its own.
 */
public final class HtmlPage {

    private static final String STYLE = String.join("\n",
            "body{font-family:sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;"
                    + "color:#222;line-height:1.4}",
            "h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #ccc}",
            "table{border-collapse:collapse;margin:1em 0;font-size:.9em}",
            "th,td{border:1px solid #ccc;padding:.25em .6em;text-align:right}",
            "th{background:#f3f3f3}td.text,th.text{text-align:left}",
            "figure{margin:1.5em 0}figure img{max-width:100%;border:1px solid #eee}",
            "figcaption{font-size:.9em;color:#555}.note{background:#fff8e1;padding:.6em 1em;"
                    + "border-left:4px solid #f0b400}");

    private final StringBuilder html = new StringBuilder();

    private HtmlPage() {}

    /**
     * Renders the page.
     *
     * @param data the report's content
     * @param files the names of the CSV and JSON files written next to the page
     * @return the HTML document
     */
    public static String render(ReportData data, List<String> files) {
        return new HtmlPage().page(data, files);
    }

    private String page(ReportData data, List<String> files) {
        String title = "LTQ report: " + subject(data);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>").append(esc(title)).append("</title>\n<style>\n")
                .append(STYLE).append("\n</style>\n</head>\n<body>\n");
        html.append("<h1>").append(esc(title)).append("</h1>\n<p>")
                .append(data.runs().size()).append(data.runs().size() == 1 ? " run" : " runs")
                .append(data.groups().size() > 1 ? ", compared as " + data.groups().size()
                        + " configurations" : "")
                .append(". The CSV and JSON files next to this page are the source of truth: ")
                .append(esc(String.join(", ", files))).append(".</p>\n");
        runs(data);
        section("Accuracy against weights remaining");
        data.lotteryCharts().forEach(this::figure);
        levels(data);
        if (!data.inferenceCharts().isEmpty()) {
            section("Accuracy against inference time");
            data.inferenceCharts().forEach(this::figure);
        }
        paired(data);
        configurations(data);
        comparison(data);
        compression(data);
        if (!data.trainingCharts().isEmpty()) {
            section("Training curves");
            data.trainingCharts().forEach(this::figure);
        }
        stability(data);
        retraining(data);
        distances(data);
        settings(data);
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    private static String subject(ReportData data) {
        Set<String> subjects = new LinkedHashSet<>();
        for (RunGroup g : data.groups()) {
            subjects.add(g.config().network().model() + " on " + g.config().data().dataset());
        }
        return String.join(", ", subjects);
    }

    private void section(String title) {
        html.append("<h2>").append(esc(title)).append("</h2>\n");
    }

    private void runs(ReportData data) {
        section("Runs");
        boolean groups = data.groups().size() > 1;
        header(groups ? List.of("run", "configuration", "seeds (init, data, split)",
                        "levels finished", "engine", "DJL", "Java", "OS")
                : List.of("run", "seeds (init, data, split)", "levels finished", "engine", "DJL",
                        "Java", "OS"));
        for (RunGroup g : data.groups()) {
            for (RunRecord r : g.runs()) {
                LotteryConfig c = r.config();
                Map<String, String> v = r.versions();
                List<String> cells = new ArrayList<>();
                cells.add(r.root().toString());
                if (groups) {
                    cells.add(g.label());
                }
                cells.add(c.seeds().initSeed() + ", " + c.seeds().dataSeed() + ", "
                        + c.seeds().splitSeed());
                cells.add(r.ticketLevels().size() + " of " + (c.pruning().levels() + 1));
                cells.add(v.getOrDefault("engine", c.network().engine()) + " "
                        + v.getOrDefault("engine_version", ""));
                cells.add(v.getOrDefault("djl", "?"));
                cells.add(v.getOrDefault("java", "?"));
                cells.add(v.getOrDefault("os", "?"));
                row(cells);
            }
        }
        html.append("</table>\n");
        for (RunRecord r : data.runs()) {
            MachineOrigins origins = MachineOrigins.of(r);
            if (origins.mixed()) {
                html.append("<p class=\"note\">").append(esc(r.root().toString()))
                        .append(" was trained on more than one machine, whose numerics differ"
                                + " (docs/architecture.md: Reproducibility): ")
                        .append(esc(origins.describe())).append(".</p>\n");
            }
        }
    }

    private void levels(ReportData data) {
        section("Per level");
        html.append("<p>Test accuracy at early stop (minimum validation loss) and at the end of"
                + " training, and the early-stop iteration.")
                .append(data.groups().stream().anyMatch(g -> g.runs().size() > 1)
                        ? " With several seeds: mean (minimum–maximum)." : "")
                .append("</p>\n");
        for (RunGroup g : data.groups()) {
            if (!g.label().isEmpty()) {
                html.append("<h3>").append(esc(g.label())).append("</h3>\n");
            }
            List<Variant> variants = g.variants();
            html.append("<table>\n<tr><th rowspan=\"2\">level</th>"
                    + "<th rowspan=\"2\">weights remaining</th>");
            for (Variant v : variants) {
                html.append("<th colspan=\"3\">").append(esc(v.label()))
                        .append("</th>");
            }
            html.append("</tr>\n<tr>");
            for (int i = 0; i < variants.size(); i++) {
                html.append("<th>early-stop accuracy</th><th>final accuracy</th>"
                        + "<th>early-stop iteration</th>");
            }
            html.append("</tr>\n");
            for (LevelPoint ticket : g.points(variants.get(0))) {
                html.append("<tr><td>").append(ticket.level()).append("</td><td>")
                        .append(LotteryCharts.percent(ticket.weightsRemaining()))
                        .append("%</td>");
                for (Variant v : variants) {
                    LevelPoint p = g.points(v).stream()
                            .filter(x -> x.level() == ticket.level()).findFirst().orElse(null);
                    if (p == null) {
                        html.append("<td></td><td></td><td></td>");
                    } else {
                        html.append("<td>").append(accuracy(p.earlyStopAccuracy()))
                                .append("</td><td>").append(accuracy(p.finalAccuracy()))
                                .append("</td><td>").append(steps(p.earlyStopStep()))
                                .append("</td>");
                    }
                }
                html.append("</tr>\n");
            }
            html.append("</table>\n");
        }
    }

    private void paired(ReportData data) {
        if (data.statistics().stream().allMatch(st -> st.comparisons().isEmpty())) {
            return;
        }
        section("Claims checked: paired over seeds");
        html.append("<p class=\"note\">").append(esc(SeedStatistics.NOTE)).append("</p>\n");
        for (int i = 0; i < data.groups().size(); i++) {
            RunGroup g = data.groups().get(i);
            SeedStatistics st = data.statistics().get(i);
            if (st.comparisons().isEmpty()) {
                continue;
            }
            if (!g.label().isEmpty()) {
                html.append("<h3>").append(esc(g.label())).append("</h3>\n");
            }
            html.append("<ul>\n");
            for (String claim : SeedClaims.of(st)) {
                html.append("<li>").append(esc(claim)).append("</li>\n");
            }
            html.append("</ul>\n");
            for (PairedComparison.Metric metric : PairedComparison.Metric.values()) {
                List<PairedComparison> kinds = st.kinds(metric);
                html.append("<p>").append(esc(metric.label())).append(", differences in ")
                        .append(esc(metric.unit())).append(": mean (min…max), p</p>\n");
                List<String> head = new ArrayList<>(List.of("level", "weights remaining"));
                kinds.forEach(k -> head.add(k.comparison()));
                header(head);
                for (int level : st.comparisons().stream().map(PairedComparison::level)
                        .distinct().toList()) {
                    List<String> cells = new ArrayList<>();
                    cells.add(String.valueOf(level));
                    cells.add("");
                    for (PairedComparison k : kinds) {
                        PairedComparison c = st.series(metric, k.variant(), k.against()).stream()
                                .filter(x -> x.level() == level).findFirst().orElse(null);
                        if (c != null) {
                            cells.set(1, LotteryCharts.percent(c.weightsRemaining()) + "%");
                        }
                        cells.add(c == null ? "" : SeedClaims.cell(c));
                    }
                    row(cells);
                }
                html.append("</table>\n");
            }
        }
    }

    private void configurations(ReportData data) {
        if (data.configurations().isEmpty()) {
            return;
        }
        section("Configurations against the first, at the same weights remaining");
        html.append("<p class=\"note\">").append(esc(ConfigurationComparison.NOTE))
                .append(" First configuration: ").append(esc(data.configurations().get(0)
                        .reference())).append(".</p>\n");
        header(List.of("configuration", "level", "weights remaining",
                "ticket − first configuration's, points: mean (min…max), p"));
        for (ConfigurationComparison c : data.configurations()) {
            PairedTest t = c.test();
            row(List.of(c.group(), String.valueOf(c.level()),
                    LotteryCharts.percent(c.weightsRemaining()) + "%",
                    String.format(Locale.ROOT, "%+.2f (%+.2f…%+.2f), p %s", t.mean(), t.min(),
                            t.max(), SeedClaims.p(t.p()))));
        }
        html.append("</table>\n");
    }

    private void compression(ReportData data) {
        section("Compression and theoretical speedup (ShrinkBench metrics)");
        html.append("<p class=\"note\">").append(esc(CompressionTable.NOTE)).append("</p>\n");
        for (int i = 0; i < data.groups().size(); i++) {
            RunGroup g = data.groups().get(i);
            CompressionTable table = data.compression().get(i);
            if (!g.label().isEmpty()) {
                html.append("<h3>").append(esc(g.label())).append("</h3>\n");
            }
            header(List.of("level", "weights remaining", "parameters", "nonzero parameters",
                    "compression ratio", "FLOPs", "nonzero FLOPs", "theoretical speedup"));
            for (CompressionRow r : table.rows()) {
                row(List.of(String.valueOf(r.level()),
                        LotteryCharts.percent(r.weightsRemaining()) + "%",
                        count(r.parameters()), count(r.nonzeroParameters()),
                        String.format(Locale.ROOT, "%.2f×", r.compressionRatio()),
                        count(r.flops()), count(r.nonzeroFlops()),
                        String.format(Locale.ROOT, "%.2f× (theoretical)",
                                r.theoreticalSpeedup())));
            }
            html.append("</table>\n<p>Weight layers of the dense network:</p>\n");
            long total = FlopCounter.total(table.layers());
            header(List.of("layer", "type", "weights", "FLOPs", "share of FLOPs"));
            for (LayerCost l : table.layers()) {
                row(List.of(l.path(), l.type(), count(l.weights()), count(l.flops()),
                        String.format(Locale.ROOT, "%.1f%%", 100.0 * l.flops() / total)));
            }
            html.append("</table>\n");
        }
    }

    private void stability(ReportData data) {
        if (data.runs().stream().allMatch(r -> r.stability().isEmpty())) {
            return;
        }
        section("Instability analysis");
        for (RunRecord r : data.runs()) {
            if (r.stability().isEmpty()) {
                continue;
            }
            html.append("<h3>").append(esc(r.name())).append("</h3>\n");
            header(List.of("level", "k", "test barrier", "train barrier", "threshold",
                    "stable"));
            for (StabilityResult s : r.stability()) {
                row(List.of(StabilityCharts.levelName(r, s.level()),
                        String.valueOf(s.step()), pct(s.testBarrier()), pct(s.trainBarrier()),
                        pct(s.threshold()), s.stable() ? "yes" : "no"));
            }
            html.append("</table>\n");
        }
        data.stabilityCharts().forEach(this::figure);
    }

    private void retraining(ReportData data) {
        if (data.runs().stream().allMatch(r -> r.retraining().isEmpty())) {
            return;
        }
        section("Rewinding and fine-tuning at equal budget");
        for (RunRecord r : data.runs()) {
            if (r.retraining().isEmpty()) {
                continue;
            }
            html.append("<h3>").append(esc(r.name())).append("</h3>\n");
            header(List.of("level", "remaining", "method", "k", "budget", "early stop",
                    "test acc. at early stop", "final test acc."));
            for (RetrainResult x : r.retraining()) {
                row(List.of(String.valueOf(x.level()),
                        String.format(Locale.ROOT, "%.1f%%", x.weightsRemaining()), x.method(),
                        String.valueOf(x.k()), String.valueOf(x.budget()),
                        String.valueOf(x.earlyStopStep()), pct(x.earlyStopTestAccuracy()),
                        pct(x.finalTestAccuracy())));
            }
            html.append("</table>\n");
        }
        data.retrainingCharts().forEach(this::figure);
    }

    private void comparison(ReportData data) {
        List<RunComparison.Row> tickets = data.comparison().stream()
                .filter(r -> r.variant().isTicket()).toList();
        if (tickets.isEmpty()) {
            return;
        }
        String first = tickets.get(0).run();
        section("Against the first run (" + first + ")");
        html.append("<p>Per level, each run's ticket against the first run's: the Jaccard index"
                + " of their masks and what independent random masks of that sparsity would"
                + " share; the largest weight difference where the level starts (its rewind"
                + " point, over the weights both masks keep), 0 when the runs start from the"
                + " same θ0 — as the same seeds give on every engine; the largest difference of"
                + " the trained weights; and the difference in test accuracy at early stop."
                + " What parts two engines is their float arithmetic, which training"
                + " amplifies.</p>\n");
        data.comparisonCharts().forEach(this::figure);
        header(List.of("level", "remaining", "run", "engine", "mask Jaccard", "chance",
                "max |Δθ| at start", "max |Δθ| trained", "Δ accuracy (points)"));
        for (RunComparison.Row r : tickets) {
            if (r.run().equals(first)) {
                continue;
            }
            row(List.of(String.valueOf(r.level()),
                    LotteryCharts.percent(r.weightsRemaining()) + "%", r.run(), r.engine(),
                    String.format(Locale.ROOT, "%.3f", r.maskJaccardWithFirst()),
                    String.format(Locale.ROOT, "%.3f", r.chanceJaccardWithFirst()),
                    RunComparison.formatDifference(r.startDifferenceWithFirst()),
                    RunComparison.formatDifference(r.trainedDifferenceWithFirst()),
                    String.format(Locale.ROOT, "%+.2f", 100 * r.accuracyDifferenceWithFirst())));
        }
        html.append("</table>\n");
    }

    private void distances(ReportData data) {
        if (data.runs().stream().allMatch(r -> r.distances().isEmpty())) {
            return;
        }
        section("Where tickets go");
        html.append("<p>Each level's retrained ticket against the dense trained network under"
                + " the ticket's mask: distances over the prunable weights, the test error at"
                + " both ends and the error barrier on the straight line between them.</p>\n");
        for (RunRecord r : data.runs()) {
            if (r.distances().isEmpty()) {
                continue;
            }
            html.append("<h3>").append(esc(r.name())).append("</h3>\n");
            header(List.of("level", "remaining", "L2", "relative L2", "cosine",
                    "ticket test error", "dense ⊙ mask test error", "barrier",
                    "Jaccard with level − 1"));
            for (TicketDistance d : r.distances()) {
                row(List.of(String.valueOf(d.level()),
                        String.format(Locale.ROOT, "%.1f%%", d.weightsRemaining()),
                        String.format(Locale.ROOT, "%.3f", d.l2()),
                        String.format(Locale.ROOT, "%.3f", d.relativeL2()),
                        String.format(Locale.ROOT, "%.3f", d.cosine()),
                        pct(d.ticketTestError()), pct(d.denseMaskedTestError()),
                        pct(d.testBarrier()),
                        String.format(Locale.ROOT, "%.3f", d.jaccardWithPreviousLevel())));
            }
            html.append("</table>\n");
        }
    }

    private void settings(ReportData data) {
        section("Settings (run.json)");
        html.append("<table>\n<tr><th class=\"text\">setting</th>");
        for (RunGroup g : data.groups()) {
            html.append("<th class=\"text\">")
                    .append(esc(g.label().isEmpty() ? g.runs().get(0).name() : g.label()))
                    .append("</th>");
        }
        html.append("</tr>\n");
        for (String name : data.groups().get(0).config().settings().keySet()) {
            html.append("<tr><td class=\"text\">").append(esc(name)).append("</td>");
            for (RunGroup g : data.groups()) {
                Object value = g.config().settings().get(name);
                html.append("<td class=\"text\">").append(esc(String.valueOf(value)))
                        .append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n<p>Seeds are per run, in the table of runs above.</p>\n");
    }

    private void figure(ChartImage chart) {
        html.append("<figure>\n<img alt=\"").append(esc(chart.title()))
                .append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(chart.png()))
                .append("\">\n<figcaption>").append(esc(chart.caption()))
                .append(" (").append(esc(chart.fileName())).append(")</figcaption>\n</figure>\n");
    }

    private void header(List<String> cells) {
        html.append("<table>\n");
        cells(cells, "th");
    }

    private void row(List<String> cells) {
        cells(cells, "td");
    }

    // The first column names the row, so it is left-aligned; numbers are right-aligned.
    private void cells(List<String> cells, String tag) {
        html.append("<tr>");
        for (int i = 0; i < cells.size(); i++) {
            html.append('<').append(tag).append(i == 0 ? " class=\"text\">" : ">")
                    .append(esc(cells.get(i))).append("</").append(tag).append('>');
        }
        html.append("</tr>\n");
    }

    private static String accuracy(Stat s) {
        String mean = String.format(Locale.ROOT, "%.2f%%", 100 * s.mean());
        return s.count() == 1 ? mean : String.format(Locale.ROOT, "%s (%.2f–%.2f)", mean,
                100 * s.min(), 100 * s.max());
    }

    private static String steps(Stat s) {
        String mean = String.format(Locale.ROOT, "%,.0f", s.mean());
        return s.count() == 1 ? mean : String.format(Locale.ROOT, "%s (%,.0f–%,.0f)", mean,
                s.min(), s.max());
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }

    /**
     * Escapes text for HTML content and attribute values.
     *
     * @param text any text
     * @return the text with {@code & < > " '} escaped
     */
    static String esc(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char ch : text.toCharArray()) {
            switch (ch) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
