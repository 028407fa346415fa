package dev.fusion4j.benchmarks;

/** Calls per second of a piece of work, the best of several timed rounds after a warm-up round. */
final class Throughput {
    private Throughput() {
    }

    /**
     * @param rounds timed rounds, after one more round that warms up
     * @param roundNanos how long each round calls {@code work}, in nanoseconds
     */
    static double best(Runnable work, int rounds, long roundNanos) {
        double best = 0;
        for (int round = 0; round <= rounds; round++) {
            long start = System.nanoTime();
            int calls = 0;
            while (System.nanoTime() - start < roundNanos) {
                work.run();
                calls++;
            }
            double perSecond = calls / ((System.nanoTime() - start) / 1e9);
            best = round == 0 ? 0 : Math.max(best, perSecond);   // the first round warms up
        }
        return best;
    }
}
