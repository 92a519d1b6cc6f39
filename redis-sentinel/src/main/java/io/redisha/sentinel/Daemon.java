package io.redisha.sentinel;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code daemonize yes}: the JVM cannot fork, so it starts itself again detached (setsid, no
 * terminal, output to the log file) and the first process exits, as redis-sentinel's fork looks.
 */
final class Daemon {
    static final String CHILD_MARKER = "REDIS_HA_DAEMON_CHILD";

    private Daemon() {}

    /** True in the parent, which then exits; false in the detached child. */
    static boolean daemonizeIfNeeded(String logfile) {
        if (System.getenv(CHILD_MARKER) != null) return false;
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
}
