package io.redisha.sentinel.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One monitored master as the config file describes it, and as a rewrite writes it back. */
public final class MasterSpec {
    public final String name;
    public String host;
    public int port;
    public int quorum;
    public long downAfterMs = 30000;
    public long failoverTimeoutMs = 180000;
    public int parallelSyncs = 1;
    public String authPass;
    public String authUser;
    public String notificationScript;
    public String clientReconfigScript;
    public long masterRebootDownAfterMs;
    public long configEpoch;
    public long leaderEpoch;
    public final List<String[]> knownReplicas = new ArrayList<>();   // {ip, port}
    public final List<String[]> knownSentinels = new ArrayList<>();  // {ip, port, runid}
    public final Map<String, String> renamedCommands = new LinkedHashMap<>();

    public MasterSpec(String name, String host, int port, int quorum) {
        this.name = name;
        this.host = host;
        this.port = port;
        this.quorum = quorum;
    }
}
