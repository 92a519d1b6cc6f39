package io.redisha.sentinel.monitor;

import java.util.LinkedHashMap;
import java.util.Map;

/** Sentinel's periods and timeouts, in ms; SENTINEL DEBUG changes them so tests can run fast. */
public final class Timers {
    public long infoPeriod = 10000;
    public long pingPeriod = 1000;
    public long askPeriod = 1000;
    public long publishPeriod = 2000;
    public long defaultDownAfter = 30000;
    public long defaultFailoverTimeout = 180000;
    public long tiltTrigger = 2000;
    public long tiltPeriod = 30000;
    public long slaveReconfTimeout = 10000;
    public long minLinkReconnectPeriod = 15000;
    public long electionTimeout = 10000;
    public long scriptMaxRuntime = 60000;
    public long scriptRetryDelay = 30000;

    /** In SENTINEL DEBUG's order and spelling. */
    public Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("INFO-PERIOD", infoPeriod);
        m.put("PING-PERIOD", pingPeriod);
        m.put("ASK-PERIOD", askPeriod);
        m.put("PUBLISH-PERIOD", publishPeriod);
        m.put("DEFAULT-DOWN-AFTER", defaultDownAfter);
        m.put("DEFAULT-FAILOVER-TIMEOUT", defaultFailoverTimeout);
        m.put("TILT-TRIGGER", tiltTrigger);
        m.put("TILT-PERIOD", tiltPeriod);
        m.put("SLAVE-RECONF-TIMEOUT", slaveReconfTimeout);
        m.put("MIN-LINK-RECONNECT-PERIOD", minLinkReconnectPeriod);
        m.put("ELECTION-TIMEOUT", electionTimeout);
        m.put("SCRIPT-MAX-RUNTIME", scriptMaxRuntime);
        m.put("SCRIPT-RETRY-DELAY", scriptRetryDelay);
        return m;
    }

    /** Returns false for an unknown name. */
    public boolean set(String name, long v) {
        switch (name.toUpperCase(java.util.Locale.ROOT)) {
            case "INFO-PERIOD" -> infoPeriod = v;
            case "PING-PERIOD" -> pingPeriod = v;
            case "ASK-PERIOD" -> askPeriod = v;
            case "PUBLISH-PERIOD" -> publishPeriod = v;
            case "DEFAULT-DOWN-AFTER" -> defaultDownAfter = v;
            case "DEFAULT-FAILOVER-TIMEOUT" -> defaultFailoverTimeout = v;
            case "TILT-TRIGGER" -> tiltTrigger = v;
            case "TILT-PERIOD" -> tiltPeriod = v;
            case "SLAVE-RECONF-TIMEOUT" -> slaveReconfTimeout = v;
            case "MIN-LINK-RECONNECT-PERIOD" -> minLinkReconnectPeriod = v;
            case "ELECTION-TIMEOUT" -> electionTimeout = v;
            case "SCRIPT-MAX-RUNTIME" -> scriptMaxRuntime = v;
            case "SCRIPT-RETRY-DELAY" -> scriptRetryDelay = v;
            default -> {
                return false;
            }
        }
        return true;
    }
}
