package io.redisha.sentinel.monitor;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * notification-script and client-reconfig-script, run as redis-sentinel runs them: queued (at
 * most 256), at most 16 at once, killed after SCRIPT-MAX-RUNTIME, retried with a doubling delay
 * when they exit with 1 (a temporary failure), up to 10 times.
 */
public final class Scripts {
    private static final Logger log = LoggerFactory.getLogger("sentinel");
    static final int MAX_RUNNING = 16, MAX_QUEUE = 256, MAX_RETRY = 10;

    public static final class Job {
        public final String[] argv;
        public Process process;
        public long startTime;
        public long startAfter;
        public int retry;

        Job(String[] argv) {
            this.argv = argv;
        }

        public boolean running() {
            return process != null;
        }
    }

    private final Sentinel s;
    private final List<Job> queue = new ArrayList<>();

    Scripts(Sentinel s) {
        this.s = s;
    }

    public static boolean executable(String path) {
        File f = new File(path);
        return f.isFile() && f.canExecute();
    }

    public void schedule(String... argv) {
        if (queue.size() >= MAX_QUEUE) {
            for (int i = 0; i < queue.size(); i++) {
                if (!queue.get(i).running()) {
                    queue.remove(i);
                    log.warn("-script-max-queue #");
                    break;
                }
            }
        }
        queue.add(new Job(argv));
    }

    /** On the timer: start what is due, reap what ended, kill what ran too long. */
    void tick() {
        long now = System.currentTimeMillis();
        int running = 0;
        for (Job j : queue) if (j.running()) running++;
        for (Job j : queue) {
            if (running >= MAX_RUNNING) break;
            if (j.running() || j.startAfter > now) continue;
            try {
                j.process = new ProcessBuilder(j.argv).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                j.startTime = now;
                j.retry++;
                running++;
                log.debug("+script-child {}", j.process.pid());
            } catch (Exception e) {
                log.warn("-script-error {} 0 127", j.argv[0]);
                j.startAfter = Long.MAX_VALUE;
            }
        }
        for (Job j : new ArrayList<>(queue)) {
            if (j.startAfter == Long.MAX_VALUE) {
                queue.remove(j);
                continue;
            }
            if (!j.running()) continue;
            if (j.process.isAlive()) {
                if (now - j.startTime > s.timers.scriptMaxRuntime) {
                    log.warn("-script-timeout {} {}", j.argv[0], j.process.pid());
                    j.process.destroyForcibly();
                }
                continue;
            }
            int code = j.process.exitValue();
            j.process = null;
            if (code == 1 && j.retry < MAX_RETRY) {
                // A temporary failure: try again later, each time waiting twice as long.
                j.startAfter = now + (s.timers.scriptRetryDelay << (j.retry - 1));
                log.warn("-script-error {} 0 {}", j.argv[0], code);
            } else {
                if (code != 0) log.warn("-script-error {} 0 {}", j.argv[0], code);
                queue.remove(j);
            }
        }
    }

    public int runningCount() {
        int n = 0;
        for (Job j : queue) if (j.running()) n++;
        return n;
    }

    public int queueLength() {
        return queue.size() - runningCount();
    }

    public List<Job> jobs() {
        return queue;
    }
}
