package io.ltq.experiments.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The look shared by the report's charts, close to the papers' matplotlib figures: white
 * background, the tab10 palette, the legend beside the plot, and the "percent of weights
 * remaining" axis on a log scale that runs from 100 down to the sparsest level.
 */
final class ChartStyle {

    /** Width of every chart in pixels. */
    static final int WIDTH = 1000;
    /** Height of every chart in pixels. */
    static final int HEIGHT = 560;

    // Charts are drawn with Java2D into images; no display is needed or wanted.
    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** matplotlib's tab10 colours, in its order. */
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf)
    };

    /**
     * Line styles that tell variants apart when colours tell groups apart. Not XChart's
     * DOT_DOT: its round caps fill its 2-pixel gaps, so it draws as a solid line.
     */
    private static final BasicStroke[] STROKES = {
        SeriesLines.SOLID, dashes(BasicStroke.CAP_BUTT, 8f, 5f),
        dashes(BasicStroke.CAP_ROUND, 0.5f, 5f), dashes(BasicStroke.CAP_BUTT, 8f, 4f, 1f, 4f),
        // A structured run's ticket and four controls need a fifth.
        dashes(BasicStroke.CAP_BUTT, 16f, 4f, 1f, 4f, 1f, 4f)
    };

    private ChartStyle() {}

    private static BasicStroke dashes(int cap, float... pattern) {
        return new BasicStroke(2f, cap, BasicStroke.JOIN_ROUND, 10f, pattern, 0f);
    }

    /**
     * Returns the i-th colour of the palette, cycling.
     *
     * @param i any index, 0 or more
     * @return the colour
     */
    static Color color(int i) {
        return PALETTE[i % PALETTE.length];
    }

    /**
     * Returns the i-th line style, cycling.
     *
     * @param i any index, 0 or more
     * @return the stroke
     */
    static BasicStroke stroke(int i) {
        return STROKES[i % STROKES.length];
    }

    /**
     * Creates an empty line chart.
     *
     * @param title the title
     * @param xTitle the x axis title
     * @param yTitle the y axis title
     * @return the chart
     */
    static XYChart newChart(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        Styler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setLegendBorderColor(Color.LIGHT_GRAY);
        // Beside the plot, one entry a line: long comparison labels never overflow or hide data.
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setLegendLayout(Styler.LegendLayout.Vertical);
        chart.getStyler().setPlotGridLinesColor(new Color(0xdddddd));
        chart.getStyler().setMarkerSize(7);
        return chart;
    }

    /**
     * Returns where a percentage of weights remaining lies on the reversed log axis: XChart has
     * no reversed axes, so the chart plots −log10(percent) and labels the ticks with the percent.
     *
     * @param percent the percentage, above 0
     * @return −log10(percent): 100 → −2, 1 → 0
     */
    static double percentAxis(double percent) {
        return -Math.log10(percent);
    }

    /**
     * Makes the x axis the papers' "percent of weights remaining": log scale, 100 on the left,
     * down to the smallest percentage on the right.
     *
     * @param chart the chart
     * @param minPercent the smallest percentage plotted
     */
    static void percentRemainingAxis(XYChart chart, double minPercent) {
        double[] range = percentRange(minPercent);
        chart.getStyler().setXAxisMin(range[0]);
        chart.getStyler().setXAxisMax(range[1]);
        chart.getStyler().setxAxisTickLabelsFormattingFunction(ChartStyle::percentLabel);
    }

    /**
     * Returns the x range of the percent axis, in axis units.
     *
     * @param minPercent the smallest percentage plotted
     * @return {left, right}: 100% at the left edge, a little room right of the smallest
     */
    static double[] percentRange(double minPercent) {
        double left = percentAxis(100);
        return new double[] {left, Math.max(percentAxis(minPercent) + 0.05, left + 0.3)};
    }

    private static String percentLabel(double axis) {
        double percent = Math.pow(10, -axis);
        return percent >= 9.95 ? String.format(Locale.ROOT, "%.0f", percent)
                : String.format(Locale.ROOT, "%.1f", percent);
    }

    /**
     * Gives a degenerate axis (all values equal) some width, which XChart cannot draw otherwise.
     *
     * @param chart the chart
     * @param min the smallest x value
     * @param max the largest x value
     */
    static void widenX(XYChart chart, double min, double max) {
        if (max <= min) {
            double pad = Math.max(1, Math.abs(min) * 0.1);
            chart.getStyler().setXAxisMin(min - pad);
            chart.getStyler().setXAxisMax(max + pad);
        }
    }

    /**
     * Adds a line with round markers.
     *
     * @param chart the chart
     * @param name the legend entry, unique in the chart
     * @param x the x values
     * @param y the y values
     * @param color the colour
     * @param stroke the line style
     * @return the series
     */
    static XYSeries line(XYChart chart, String name, double[] x, double[] y, Color color,
            BasicStroke stroke) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setLineColor(color);
        s.setMarkerColor(color);
        s.setLineStyle(stroke);
        s.setMarker(SeriesMarkers.CIRCLE);
        return s;
    }

    /**
     * Adds min–max error bars with caps, one small polyline per point, left out of the legend
     * (XChart's own error bars are symmetric, the papers' are not). Points without spread get
     * none.
     *
     * @param chart the chart
     * @param name a prefix unique in the chart
     * @param x the x values
     * @param low the lower ends
     * @param high the upper ends
     * @param cap half the width of a cap, in x units
     * @param color the colour of the series they belong to
     */
    static void rangeBars(XYChart chart, String name, double[] x, double[] low, double[] high,
            double cap, Color color) {
        for (int i = 0; i < x.length; i++) {
            if (high[i] <= low[i]) {
                continue;
            }
            // XChart joins points in the order given: bottom cap, the bar, top cap.
            bar(chart.addSeries(name + " range " + i,
                    new double[] {x[i] - cap, x[i] + cap, x[i], x[i], x[i] - cap, x[i] + cap},
                    new double[] {low[i], low[i], low[i], high[i], high[i], high[i]}), color);
        }
    }

    /** Styles a series as an error bar: a thin line of the series' colour, out of the legend. */
    private static void bar(XYSeries bar, Color color) {
        bar.setLineColor(color);
        bar.setLineStyle(new BasicStroke(1.5f));
        bar.setMarker(SeriesMarkers.NONE);
        bar.setShowInLegend(false);
    }

    /**
     * Adds horizontal min–max error bars with caps, as {@link #rangeBars} draws vertical ones:
     * for a quantity on the x axis that differs between seeds.
     *
     * @param chart the chart
     * @param name a prefix unique in the chart
     * @param y the y values
     * @param low the left ends
     * @param high the right ends
     * @param cap half the height of a cap, in y units
     * @param color the colour of the series they belong to
     */
    static void rangeBarsX(XYChart chart, String name, double[] y, double[] low, double[] high,
            double cap, Color color) {
        for (int i = 0; i < y.length; i++) {
            if (high[i] <= low[i]) {
                continue;
            }
            bar(chart.addSeries(name + " x-range " + i,
                    new double[] {low[i], low[i], low[i], high[i], high[i], high[i]},
                    new double[] {y[i] - cap, y[i] + cap, y[i], y[i], y[i] - cap, y[i] + cap}),
                    color);
        }
    }

    /**
     * Encodes a chart as PNG.
     *
     * @param chart the chart
     * @return the PNG bytes
     * @throws IOException when encoding fails
     */
    static byte[] png(XYChart chart) throws IOException {
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }
}
