package io.redisha.node.server;

import java.util.concurrent.atomic.LongAdder;

/** Server-wide counters for INFO stats; network ones are bumped from I/O threads. */
public final class ServerStats {
    public final LongAdder netInputBytes = new LongAdder();
    public final LongAdder netOutputBytes = new LongAdder();
    public final LongAdder connectionsReceived = new LongAdder();
    public final LongAdder rejectedConnections = new LongAdder();
    // Replication (owner thread): full syncs served, partial resyncs accepted and refused.
    public long syncFull;
    public long syncPartialOk;
    public long syncPartialErr;

    // Instantaneous ops/sec: samples of the command counter, like Redis's trackInstantaneousMetric.
    private static final int SAMPLES = 16;
    private final long[] opsSamples = new long[SAMPLES];
    private final long[] inSamples = new long[SAMPLES];
    private final long[] outSamples = new long[SAMPLES];
    private int sampleIdx;
    private long lastSampleTime;
    private long lastOps, lastIn, lastOut;

    /** Called about every 100 ms on the owner thread. */
    public void sample(long commandsProcessed) {
        long now = System.currentTimeMillis();
        if (lastSampleTime != 0) {
            long dt = Math.max(1, now - lastSampleTime);
            long in = netInputBytes.sum(), out = netOutputBytes.sum();
            opsSamples[sampleIdx] = (commandsProcessed - lastOps) * 1000 / dt;
            inSamples[sampleIdx] = (in - lastIn) * 1000 / dt;
            outSamples[sampleIdx] = (out - lastOut) * 1000 / dt;
            sampleIdx = (sampleIdx + 1) % SAMPLES;
            lastIn = in;
            lastOut = out;
        }
        lastOps = commandsProcessed;
        lastSampleTime = now;
    }

    public long instantaneousOps() { return avg(opsSamples); }
    public double instantaneousInputKbps() { return avg(inSamples) / 1024.0; }
    public double instantaneousOutputKbps() { return avg(outSamples) / 1024.0; }

    private static long avg(long[] s) {
        long sum = 0;
        for (long v : s) sum += v;
        return sum / SAMPLES;
    }

    public void reset() {
        netInputBytes.reset();
        netOutputBytes.reset();
        connectionsReceived.reset();
        rejectedConnections.reset();
        syncFull = 0;
        syncPartialOk = 0;
        syncPartialErr = 0;
    }
}
