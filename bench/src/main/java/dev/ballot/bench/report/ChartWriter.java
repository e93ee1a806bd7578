package dev.ballot.bench.report;

import org.HdrHistogram.Histogram;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.Range;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.general.DatasetUtils;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * Draws the report's charts with JFreeChart as PNG files: latency vs N (cold and re-election medians),
 * peak threads vs N, CPU per election vs N, and the re-election latency distribution (percentile plot) at the
 * largest size every system finished.
 *
 * <p>N is a category axis (the sizes measured, evenly spaced), values against N are on log axes (latency
 * spans 20 ms to 34 s, threads 9 to thousands), the distribution's percentile axis ends at 100, every (system, phase) series has its own colour, marker and line
 * ({@link ChartStyle}) and is shifted a little within its category so none hides another. Charts of
 * latency say so in a subtitle when their percentiles come from few samples (a {@code --quick} run, or
 * the single ensemble recorded at the heaviest sizes). Stateless; runs headless.
 */
public final class ChartWriter {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 540;
    /** Below this many samples a percentile other than the median is close to the extreme sample. */
    static final long FEW_SAMPLES = 20;

    private ChartWriter() {
    }

    /** Writes every chart the summary has data for into {@code dir}; returns the file names written. */
    public static List<String> writeAll(Summary s, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<String> written = new ArrayList<>();
        Optional<TableKey> cold = s.table("cold");
        Optional<TableKey> re = s.table("reelection");
        if (cold.isPresent()) {
            SeriesSet lat = new SeriesSet();
            lat.add(s, cold.get(), "cold median", false, r -> r.latency().p50(), true);
            re.ifPresent(k -> lat.add(s, k, "re-election median", true, r -> r.latency().p50(), true));
            save(lat.chart("Election latency vs ensemble size (median)", "N (voters)", "ms (log scale)"), dir,
                    "latency-vs-n.png", written);
            SeriesSet threads = new SeriesSet();
            threads.add(s, cold.get(), "peak threads", false, Row::peakThreads, false);
            save(threads.chart("Peak JVM threads vs ensemble size (whole ensemble in one JVM)", "N (voters)",
                    "threads (log scale)"), dir, "threads-vs-n.png", written);
            SeriesSet cpu = new SeriesSet();
            cpu.add(s, cold.get(), "CPU per election", false, Row::cpuMsPerElection, false);
            save(cpu.chart("Process CPU time per election vs ensemble size", "N (voters)", "CPU ms (log scale)"),
                    dir, "cpu-vs-n.png", written);
        }
        if (re.isPresent()) {
            distribution(s, re.get()).ifPresent(c -> save(c, dir, "reelection-distribution.png", written));
        }
        return written;
    }

    /** The series of one category chart, with their styles and the fewest latency samples behind a point. */
    private static final class SeriesSet {
        private final DefaultCategoryDataset data = new DefaultCategoryDataset();
        private final List<String> systems = new ArrayList<>();
        private final List<Boolean> secondPhase = new ArrayList<>();
        private long fewestSamples = Long.MAX_VALUE;

        void add(Summary s, TableKey k, String label, boolean second, ToDoubleFunction<Row> f, boolean latency) {
            for (String system : s.systems()) {
                String name = system + " " + label;
                boolean any = false;
                for (int size : s.sizes(k)) {
                    Optional<Row> row = s.row(k, size, system).filter(r -> !latency || r.ok())
                            .filter(r -> f.applyAsDouble(r) > 0);
                    if (row.isPresent()) {
                        data.addValue(f.applyAsDouble(row.get()), name, Integer.toString(size));
                        any = true;
                        if (latency) {
                            fewestSamples = Math.min(fewestSamples, row.get().latency().count());
                        }
                    }
                }
                if (any) {
                    systems.add(system);
                    secondPhase.add(second);
                }
            }
        }

        JFreeChart chart(String title, String x, String y) {
            CategoryAxis xAxis = new CategoryAxis(x);
            // wide gaps between categories keep the offset series close to their N
            xAxis.setCategoryMargin(0.7);
            xAxis.setLowerMargin(0.03);
            xAxis.setUpperMargin(0.03);
            LineAndShapeRenderer renderer = new LineAndShapeRenderer(true, true);
            renderer.setUseSeriesOffset(true); // each series a little to the side: equal values stay visible
            renderer.setItemMargin(0.0);
            for (int i = 0; i < systems.size(); i++) {
                style(renderer, i, systems.get(i), secondPhase.get(i));
            }
            CategoryPlot plot = new CategoryPlot(data, xAxis, logAxis(y, DatasetUtils.findRangeBounds(data)), renderer);
            JFreeChart chart = decorate(new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true), plot);
            if (fewestSamples < FEW_SAMPLES) {
                chart.addSubtitle(fewSamplesNote(fewestSamples));
            }
            return chart;
        }
    }

    private static void style(LineAndShapeRenderer r, int i, String system, boolean second) {
        r.setSeriesPaint(i, ChartStyle.colour(system, i));
        r.setSeriesStroke(i, ChartStyle.line(second));
        r.setSeriesShape(i, ChartStyle.marker(system));
        r.setSeriesShapesFilled(i, !second);
    }

    /** Percentile (0..100) against latency at the largest size with a row of every system. */
    private static Optional<JFreeChart> distribution(Summary s, TableKey k) {
        List<Integer> sizes = new ArrayList<>(s.sizes(k));
        Collections.reverse(sizes);
        for (int size : sizes) {
            XYSeriesCollection data = new XYSeriesCollection();
            List<String> systems = new ArrayList<>();
            long fewest = Long.MAX_VALUE;
            for (String system : s.systems()) {
                Optional<Row> row = s.row(k, size, system).filter(r -> r.ok() && r.latency().count() > 0);
                if (row.isPresent()) {
                    Row r = row.get();
                    data.addSeries(percentiles(system + " (" + r.latency().count() + " samples)", r));
                    systems.add(system);
                    fewest = Math.min(fewest, r.latency().count());
                }
            }
            if (systems.size() == s.systems().size()) {
                return Optional.of(distributionChart(size, data, systems, fewest));
            }
        }
        return Optional.empty();
    }

    /** Every 5th percentile from the raw samples of a run; from a results.csv only the summary's points. */
    private static XYSeries percentiles(String name, Row r) {
        XYSeries series = new XYSeries(name);
        if (!r.samplesMicros().isEmpty()) {
            Histogram h = LatencyStats.histogram(r.samplesMicros());
            for (int p = 0; p <= 100; p += 5) {
                series.add(p, Math.max(h.getValueAtPercentile(p), h.getMinValue()) / 1000.0);
            }
        } else {
            LatencyStats l = r.latency();
            series.add(0, l.min());
            series.add(25, l.p25());
            series.add(50, l.p50());
            series.add(75, l.p75());
            series.add(99, l.p99());
            series.add(100, l.max());
        }
        return series;
    }

    private static JFreeChart distributionChart(int size, XYSeriesCollection data, List<String> systems, long fewest) {
        NumberAxis x = new NumberAxis("percentile");
        x.setRange(0, 100); // a percentile axis ends at 100
        x.setTickUnit(new NumberTickUnit(10));
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < systems.size(); i++) {
            renderer.setSeriesPaint(i, ChartStyle.colour(systems.get(i), i));
            renderer.setSeriesStroke(i, ChartStyle.line(false));
            renderer.setSeriesShape(i, ChartStyle.marker(systems.get(i)));
        }
        // one size only: values within a decade or two, which a linear axis from 0 shows better than a log one
        NumberAxis y = new NumberAxis("ms");
        y.setAutoRangeIncludesZero(true);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        JFreeChart chart = decorate(new JFreeChart("Re-election latency distribution, N = " + size,
                JFreeChart.DEFAULT_TITLE_FONT, plot, true), plot);
        if (fewest < FEW_SAMPLES) {
            chart.addSubtitle(fewSamplesNote(fewest));
        }
        return chart;
    }

    private static TextTitle fewSamplesNote(long fewest) {
        return new TextTitle("Few samples: as few as " + fewest + " per point (--quick runs, the heaviest sizes):"
                + " medians are noisy, high percentiles are about the slowest sample",
                new Font(Font.SANS_SERIF, Font.ITALIC, 12));
    }

    /** A base-10 log axis from the power of ten below the data to the one above, each power labelled. */
    private static ValueAxis logAxis(String label, Range data) {
        LogAxis axis = new LogAxis(label);
        axis.setBase(10);
        axis.setNumberFormatOverride(new DecimalFormat("#,##0.##"));
        axis.setSmallestValue(0.1);
        axis.setTickUnit(new NumberTickUnit(1)); // one labelled tick per power of ten (the unit is an exponent)
        axis.setMinorTickMarksVisible(true);
        axis.setMinorTickCount(9);
        if (data != null && data.getLowerBound() > 0) {
            axis.setRange(Math.pow(10, Math.floor(Math.log10(data.getLowerBound()))),
                    Math.pow(10, Math.ceil(Math.log10(data.getUpperBound()))));
        }
        return axis;
    }

    private static JFreeChart decorate(JFreeChart chart, org.jfree.chart.plot.Plot plot) {
        chart.setBackgroundPaint(ChartStyle.BACKGROUND);
        plot.setBackgroundPaint(ChartStyle.BACKGROUND);
        if (plot instanceof CategoryPlot c) {
            c.setRangeGridlinePaint(ChartStyle.GRID);
            c.setRangeMinorGridlinesVisible(true);
            c.setRangeMinorGridlinePaint(ChartStyle.MINOR_GRID);
            c.setDomainGridlinesVisible(false);
        } else if (plot instanceof XYPlot xy) {
            xy.setRangeGridlinePaint(ChartStyle.GRID);
            xy.setDomainGridlinePaint(ChartStyle.GRID);
            xy.setRangeMinorGridlinesVisible(true);
            xy.setRangeMinorGridlinePaint(ChartStyle.MINOR_GRID);
        }
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
