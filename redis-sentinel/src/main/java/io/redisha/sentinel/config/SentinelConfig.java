package io.redisha.sentinel.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a sentinel.conf says: the server directives, the sentinel's own identity and epoch,
 * and the monitored masters. The same shape is what the running sentinel hands to the rewriter.
 */
public final class SentinelConfig {
    public static final int DEFAULT_PORT = 26379;

    public Path configFile;
    public int port = DEFAULT_PORT;
    public List<String> bind = new ArrayList<>();
    public boolean daemonize;
    public String pidfile = "";
    public String logfile = "";
    public String dir = "";
    public String loglevel = "notice";
    public String requirepass;
    public String sentinelUser;
    public String sentinelPass;
    public boolean resolveHostnames;
    public boolean announceHostnames;
    public boolean denyScriptsReconfig = true;
    public String announceIp;
    public int announcePort;
    /** 0 = RESP port + 1000 (as the node), -1 = no management port. */
    public int managementPort;
    public String myid;
    public long currentEpoch;
    public final Map<String, MasterSpec> masters = new LinkedHashMap<>();
    /** Server directives given on the command line, written into the file by a rewrite as Redis does. */
    public final Map<String, List<String>> commandLineOptions = new LinkedHashMap<>();

    public int managementPortResolved() {
        if (managementPort == 0) return port == 0 ? -1 : port + 1000;
        return managementPort;
    }
}
