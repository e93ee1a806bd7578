package dev.ballot.bench;

/** Entry point of {@code ballot-bench.jar}; the benchmarks arrive with the bench issue. */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) {
        System.out.println("usage: java -jar ballot-bench.jar <command> (see README, Benchmarks)");
    }
}
