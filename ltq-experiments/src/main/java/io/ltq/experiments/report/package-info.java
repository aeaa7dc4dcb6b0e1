/**
 * {@code ltq report}: turns run folders into one self-contained HTML page with PNG charts in the
 * style of the lottery-ticket papers, next to CSV and JSON files that stay the source of truth.
 *
 * <p>Each class has one job: {@link io.ltq.experiments.report.RunReader} reads a run folder into
 * a {@link io.ltq.experiments.report.RunRecord}; {@link io.ltq.experiments.report.RunGroups}
 * puts runs of one configuration (different seeds) together as a {@link
 * io.ltq.experiments.report.RunGroup}, whose per-level {@link
 * io.ltq.experiments.report.LevelPoint}s carry the mean, minimum and maximum over seeds; {@link
 * io.ltq.experiments.models.FlopCounter} and {@link io.ltq.experiments.report.CompressionTable}
 * give the ShrinkBench-style numbers; {@link io.ltq.experiments.report.LotteryCharts} and {@link
 * io.ltq.experiments.report.StabilityCharts} draw the PNGs; {@link
 * io.ltq.experiments.report.HtmlPage} and {@link io.ltq.experiments.report.ReportFiles} write
 * the page and the tables; {@link io.ltq.experiments.report.MachineOrigins} says which machine
 * trained which network of a run; {@link io.ltq.experiments.report.Report} ties them together.
 */
package io.ltq.experiments.report;
