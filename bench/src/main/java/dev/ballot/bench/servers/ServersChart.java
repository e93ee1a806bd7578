package dev.ballot.bench.servers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

/** The servers command's chart: median first write after kill -9 of the leader, by N and system. */
final class ServersChart {
    private ServersChart() {
    }

    /** {@code medians}: "system/n" → median first-write failover in ms. */
    static void firstWrite(Map<String, Double> medians, Path file) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        medians.forEach((key, ms) -> {
            String[] k = key.split("/");
            data.addValue(ms, k[0], "N=" + k[1]);
        });
        JFreeChart chart = ChartFactory.createBarChart("kill -9 of the leader → first acknowledged write (median)",
                "ensemble size", "ms", data, PlotOrientation.VERTICAL, true, false, false);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 900, 540);
    }
}
