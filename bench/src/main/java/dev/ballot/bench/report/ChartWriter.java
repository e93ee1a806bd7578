package dev.ballot.bench.report;

import org.HdrHistogram.Histogram;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * Draws the report's charts with JFreeChart as PNG files: latency vs N (cold and re-election medians),
 * peak threads vs N, CPU per election vs N, and the re-election latency distribution (percentile plot) at the
 * largest size both systems finished. Stateless; runs headless.
 */
public final class ChartWriter {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 540;

    private ChartWriter() {
    }

    /** Writes every chart the summary has data for into {@code dir}; returns the file names written. */
    public static List<String> writeAll(Summary s, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<String> written = new ArrayList<>();
        Optional<TableKey> cold = s.table("cold");
        Optional<TableKey> re = s.table("reelection");
        if (cold.isPresent()) {
            XYSeriesCollection lat = new XYSeriesCollection();
            addSeries(s, cold.get(), " cold median", r -> r.latency().p50(), lat, true);
            re.ifPresent(k -> addSeries(s, k, " re-election median", r -> r.latency().p50(), lat, true));
            save(line("Election latency vs ensemble size", "N (voters)", "ms", lat), dir, "latency-vs-n.png", written);
            XYSeriesCollection threads = new XYSeriesCollection();
            addSeries(s, cold.get(), " peak threads", r -> r.peakThreads(), threads, false);
            save(line("Peak JVM threads vs ensemble size (whole ensemble in one JVM)", "N (voters)", "threads",
                    threads), dir, "threads-vs-n.png", written);
            XYSeriesCollection cpu = new XYSeriesCollection();
            addSeries(s, cold.get(), " CPU per election", Row::cpuMsPerElection, cpu, false);
            save(line("Process CPU time per election vs ensemble size", "N (voters)", "CPU ms", cpu), dir,
                    "cpu-vs-n.png", written);
        }
        if (re.isPresent()) {
            distribution(s, re.get()).ifPresent(c -> save(c, dir, "reelection-distribution.png", written));
        }
        return written;
    }

    private static void addSeries(Summary s, TableKey k, String suffix, ToDoubleFunction<Row> f,
                                  XYSeriesCollection into, boolean okOnly) {
        for (String system : s.systems()) {
            XYSeries series = new XYSeries(system + suffix);
            for (int size : s.sizes(k)) {
                s.row(k, size, system).filter(r -> !okOnly || r.ok()).filter(r -> f.applyAsDouble(r) >= 0)
                        .ifPresent(r -> series.add(size, f.applyAsDouble(r)));
            }
            if (series.getItemCount() > 0) {
                into.addSeries(series);
            }
        }
    }

    private static Optional<JFreeChart> distribution(Summary s, TableKey k) {
        List<Integer> sizes = new ArrayList<>(s.sizes(k));
        java.util.Collections.reverse(sizes);
        for (int size : sizes) {
            XYSeriesCollection data = new XYSeriesCollection();
            for (String system : s.systems()) {
                s.row(k, size, system).filter(r -> !r.samplesMicros().isEmpty()).ifPresent(r -> {
                    Histogram h = LatencyStats.histogram(r.samplesMicros());
                    XYSeries series = new XYSeries(system + " (" + r.samplesMicros().size() + " samples)");
                    for (int p = 0; p <= 100; p += 5) {
                        series.add(p, h.getValueAtPercentile(p) / 1000.0);
                    }
                    data.addSeries(series);
                });
            }
            if (data.getSeriesCount() == s.systems().size()) {
                return Optional.of(line("Re-election latency distribution, N = " + size, "percentile", "ms", data));
            }
        }
        return Optional.empty();
    }

    private static JFreeChart line(String title, String x, String y, XYSeriesCollection data) {
        JFreeChart chart = ChartFactory.createXYLineChart(title, x, y, data, PlotOrientation.VERTICAL, true, false,
                false);
        XYPlot plot = chart.getXYPlot();
        plot.setRenderer(new XYLineAndShapeRenderer(true, true));
        return chart;
    }

    private static void save(JFreeChart chart, Path dir, String name, List<String> written) {
        try {
            ChartUtils.saveChartAsPNG(dir.resolve(name).toFile(), chart, WIDTH, HEIGHT);
            written.add(name);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write chart " + name, e);
        }
    }
}
