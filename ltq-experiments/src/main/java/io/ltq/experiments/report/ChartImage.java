package io.ltq.experiments.report;

/**
 * One rendered chart: a PNG and what the page says about it.
 *
 * @param fileName the PNG's file name next to the page, e.g. {@code accuracy_early_stop.png}
 * @param title the heading above it
 * @param caption one or two sentences on how to read it
 * @param png the encoded image
 */
public record ChartImage(String fileName, String title, String caption, byte[] png) {}
