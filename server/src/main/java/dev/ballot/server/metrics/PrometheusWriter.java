package dev.ballot.server.metrics;

/** Builds Prometheus text format 0.0.4. Not thread-safe; one per exposition. */
final class PrometheusWriter {
    private final StringBuilder sb = new StringBuilder(4096);

    void header(String name, String help, String type) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    void sample(String name, double value) {
        sb.append(name).append(' ').append(number(value)).append('\n');
    }

    void sample(String name, String label, String labelValue, double value) {
        sb.append(name).append('{').append(label).append("=\"").append(escape(labelValue)).append("\"} ")
                .append(number(value)).append('\n');
    }

    /** A counter or gauge with one sample. */
    void metric(String name, String help, String type, double value) {
        header(name, help, type);
        sample(name, value);
    }

    static String number(double v) {
        if (v == Math.rint(v) && !Double.isInfinite(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
