package io.redisha.common.process;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code daemonize yes} and {@code pidfile} for the node and the sentinel. The JVM cannot fork,
 * so it starts itself again detached (setsid, no terminal, output to the log file or nowhere)
 * and the first process exits, which is what a shell script or an init system sees of Redis's
 * fork.
 */
public final class Daemon {
    static final String CHILD_MARKER = "REDIS_HA_DAEMON_CHILD";

    private Daemon() {}

    /** True in the detached child, whose standard output already goes to the log file. */
    public static boolean isDetachedChild() {
        return System.getenv(CHILD_MARKER) != null;
    }

    /** Returns true in the parent, which should then exit; false in the detached child. */
    public static boolean daemonizeIfNeeded(String logfile) {
        if (isDetachedChild()) return false;
        ProcessHandle.Info info = ProcessHandle.current().info();
        Optional<String> cmd = info.command();
        Optional<String[]> args = info.arguments();
        if (cmd.isEmpty() || args.isEmpty()) {
            System.err.println("# daemonize: cannot read this process's command line; running in the foreground");
            return false;
        }
        List<String> command = new ArrayList<>();
        if (new File("/usr/bin/setsid").canExecute()) command.add("/usr/bin/setsid");
        command.add(cmd.get());
        command.addAll(List.of(args.get()));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put(CHILD_MARKER, "1");
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        File out = logfile.isEmpty() ? new File("/dev/null") : new File(logfile);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(out));
        pb.redirectError(ProcessBuilder.Redirect.appendTo(out));
        try {
            pb.start();
        } catch (IOException e) {
            System.err.println("# daemonize failed: " + e.getMessage());
            System.exit(1);
        }
        return true;
    }

    /** Writes this process's pid to {@code pidfile} (nothing when empty), as Redis does at start. */
    public static void writePidFile(String pidfile) throws IOException {
        if (pidfile.isEmpty()) return;
        Files.writeString(Path.of(pidfile), ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
    }
}
