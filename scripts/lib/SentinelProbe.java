import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The client side of scripts/bench-sentinel.sh and scripts/soak-sentinel.sh, with no dependency
 * (compiled by the scripts with javac): it times a failover from the master's SIGKILL to the
 * first write the new master takes, and runs the soak's confirmed-write load and role sampler.
 *
 * <pre>
 * failover --nodes h:p,h:p,h:p --sentinels h:p,... --name mymaster --master h:p --kill PID
 *     prints: kill_ms first_write_ms new_master first_named_ms all_named_ms
 * soak --nodes ... --sentinels ... --name mymaster --dir DIR [--wait-timeout 200] [--interval 5]
 *     runs until DIR/stop exists; DIR/check.N asks for a check of the confirmed keys, answered in
 *     DIR/result.N; DIR/events gets a line per sample where two nodes took a write as masters.
 * </pre>
 */
public final class SentinelProbe {
    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        switch (args[0]) {
            case "failover" -> System.exit(failover(o));
            case "soak" -> soak(o);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    // ---- failover timing

    static int failover(Map<String, String> o) throws Exception {
        List<String> nodes = List.of(o.get("nodes").split(","));
        List<String> sentinels = List.of(o.get("sentinels").split(","));
        String name = o.getOrDefault("name", "mymaster");
        String old = o.get("master");
        long pid = Long.parseLong(o.get("kill"));
        long interval = Long.parseLong(o.getOrDefault("interval", "10"));
        long timeout = Long.parseLong(o.getOrDefault("timeout", "90000"));
        Map<String, Conn> conns = new HashMap<>();
        long warm = System.currentTimeMillis() + 20000;
        while (!"OK".equals(call(conns, old, "SET", "probe:key", "before"))) {
            if (System.currentTimeMillis() > warm) {
                System.err.println("the master " + old + " never took a write");
                return 2;
            }
            Thread.sleep(interval);
        }
        ProcessHandle ph = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("no process " + pid));
        long kill = System.currentTimeMillis();
        ph.destroyForcibly();
        long written = 0, named = 0, agreed = 0;
        String newMaster = "-";
        while (System.currentTimeMillis() - kill < timeout && (written == 0 || agreed == 0)) {
            long round = System.currentTimeMillis();
            if (written == 0) {
                for (String n : nodes) {
                    if (n.equals(old)) continue;
                    if ("OK".equals(call(conns, n, "SET", "probe:key", Long.toString(round)))) {
                        written = System.currentTimeMillis();
                        newMaster = n;
                        break;
                    }
                }
            }
            if (agreed == 0) {
                int same = 0;
                String first = null;
                for (String s : sentinels) {
                    Object r = call(conns, s, "SENTINEL", "get-master-addr-by-name", name);
                    if (r instanceof List<?> l && l.size() == 2) {
                        String a = l.get(0) + ":" + l.get(1);
                        if (!a.equals(old)) {
                            if (named == 0) named = System.currentTimeMillis();
                            if (first == null) first = a;
                            if (a.equals(first)) same++;
                        }
                    }
                }
                if (same == sentinels.size()) agreed = System.currentTimeMillis();
            }
            long sleep = interval - (System.currentTimeMillis() - round);
            if (sleep > 0) Thread.sleep(sleep);
        }
        for (Conn c : conns.values()) c.close();
        System.out.println(kill + " " + written + " " + newMaster + " " + named + " " + agreed);
        return written != 0 && agreed != 0 ? 0 : 1;
    }

    // ---- soak

    static void soak(Map<String, String> o) throws Exception {
        List<String> nodes = List.of(o.get("nodes").split(","));
        List<String> sentinels = List.of(o.get("sentinels").split(","));
        String name = o.getOrDefault("name", "mymaster");
        Path dir = Path.of(o.get("dir"));
        String waitTimeout = o.getOrDefault("wait-timeout", "200");
        long interval = Long.parseLong(o.getOrDefault("interval", "5"));
        Thread sampler = new Thread(() -> sampleRoles(nodes, dir), "roles");
        sampler.setDaemon(true);
        sampler.start();

        Map<String, Conn> conns = new HashMap<>();
        long[] confirmed = new long[1 << 16];
        int nConfirmed = 0;
        long n = 0, attempts = 0, failures = 0;
        String master = null;
        int check = 1;
        long pause = 0;
        while (!Files.exists(dir.resolve("stop"))) {
            if (Files.exists(dir.resolve("check." + check))) {
                String m = askMaster(conns, sentinels, name);
                int lost = 0;
                StringBuilder sample = new StringBuilder();
                if (m == null) {
                    lost = -1;
                } else {
                    // A sentinel's CLIENT KILL can end our connection at any time: a fresh one.
                    Conn c = conns.remove(m);
                    if (c != null) c.close();
                    for (int i = 0; i < nConfirmed; i += 500) {
                        int end = Math.min(nConfirmed, i + 500);
                        String[] cmd = new String[end - i + 1];
                        cmd[0] = "EXISTS";
                        for (int j = i; j < end; j++) cmd[j - i + 1] = "k" + confirmed[j];
                        Object r = call(conns, m, cmd);
                        if (!(r instanceof Long count)) {
                            lost = -1;
                            sample.append(" error ").append(r);
                            break;
                        }
                        if (count != end - i) {
                            for (int j = i; j < end; j++) {
                                if (!Long.valueOf(1).equals(call(conns, m, "EXISTS", "k" + confirmed[j]))) {
                                    lost++;
                                    if (lost <= 5) sample.append(" k").append(confirmed[j]);
                                }
                            }
                        }
                    }
                }
                Files.writeString(dir.resolve("result." + check), nConfirmed + " " + lost + " " + attempts + " "
                        + failures + " " + m + sample + "\n");
                check++;
            }
            if (master == null || pause > System.currentTimeMillis()) {
                if (pause <= System.currentTimeMillis()) master = askMaster(conns, sentinels, name);
                if (master == null) {
                    Thread.sleep(interval);
                    continue;
                }
            }
            long k = ++n;
            attempts++;
            Object set = call(conns, master, "SET", "k" + k, "v");
            Object waited = "OK".equals(set) ? call(conns, master, "WAIT", "1", waitTimeout) : null;
            if (waited instanceof Long acked && acked >= 1) {
                if (nConfirmed == confirmed.length) confirmed = java.util.Arrays.copyOf(confirmed, nConfirmed * 2);
                confirmed[nConfirmed++] = k;
            } else if (!"OK".equals(set)) {
                failures++;
                // Dead or no longer the master: ask the sentinels again after a short pause.
                master = null;
                pause = System.currentTimeMillis() + interval;
            }
            Thread.sleep(interval);
        }
        Files.writeString(dir.resolve("final"), nConfirmed + " " + attempts + " " + failures + "\n");
        System.exit(0);
    }

    static String askMaster(Map<String, Conn> conns, List<String> sentinels, String name) {
        for (String s : sentinels) {
            Object r = call(conns, s, "SENTINEL", "get-master-addr-by-name", name);
            if (r instanceof List<?> l && l.size() == 2) return l.get(0) + ":" + l.get(1);
        }
        return null;
    }

    /**
     * Every 20 ms: ROLE of each node, and a marker write on each that says master. A sample in
     * which two nodes take the marker is logged with the time and the nodes.
     */
    static void sampleRoles(List<String> nodes, Path dir) {
        Map<String, Conn> conns = new HashMap<>();
        try (PrintWriter events = new PrintWriter(Files.newBufferedWriter(dir.resolve("events")), true)) {
            String last = "";
            while (true) {
                long t = System.currentTimeMillis();
                StringBuilder roles = new StringBuilder();
                List<String> accepting = new ArrayList<>();
                for (String node : nodes) {
                    Object r = call(conns, node, "ROLE");
                    String role = r instanceof List<?> l && !l.isEmpty() ? String.valueOf(l.get(0)) : "down";
                    roles.append(node).append('=').append(role).append(' ');
                    if (role.equals("master") && "OK".equals(call(conns, node, "SET", "marker", Long.toString(t)))) {
                        accepting.add(node);
                    }
                }
                String state = roles + "accepting=" + String.join(",", accepting);
                if (!state.equals(last)) events.println(t + " ROLES " + state);
                last = state;
                if (accepting.size() >= 2) events.println(t + " DOUBLE " + String.join(",", accepting));
                long sleep = 20 - (System.currentTimeMillis() - t);
                if (sleep > 0) Thread.sleep(sleep);
            }
        } catch (Exception e) {
            e.printStackTrace();
        }
    }

    // ---- a tiny RESP2 client

    /** One command on the cached connection to addr; any failure closes it and returns the exception. */
    static Object call(Map<String, Conn> conns, String addr, String... cmd) {
        Conn c = conns.get(addr);
        try {
            if (c == null) {
                c = new Conn(addr);
                conns.put(addr, c);
            }
            return c.call(cmd);
        } catch (IOException e) {
            if (c != null) c.close();
            conns.remove(addr);
            return e;
        }
    }

    record Err(String text) {
        @Override
        public String toString() {
            return "-" + text;
        }
    }

    static final class Conn {
        final Socket socket = new Socket();
        final InputStream in;
        final OutputStream out;

        Conn(String addr) throws IOException {
            int colon = addr.lastIndexOf(':');
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(addr.substring(0, colon), Integer.parseInt(addr.substring(colon + 1))), 200);
            socket.setSoTimeout(1000);
            in = new BufferedInputStream(socket.getInputStream());
            out = new BufferedOutputStream(socket.getOutputStream());
        }

        Object call(String... cmd) throws IOException {
            StringBuilder b = new StringBuilder().append('*').append(cmd.length).append("\r\n");
            for (String a : cmd) {
                byte[] bytes = a.getBytes(StandardCharsets.UTF_8);
                b.append('$').append(bytes.length).append("\r\n").append(a).append("\r\n");
            }
            out.write(b.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return read();
        }

        Object read() throws IOException {
            int type = in.read();
            if (type < 0) throw new IOException("connection closed");
            String line = line();
            switch (type) {
                case '+': return line;
                case '-': return new Err(line);
                case ':': return Long.parseLong(line);
                case '$': {
                    int len = Integer.parseInt(line);
                    if (len < 0) return null;
                    byte[] data = in.readNBytes(len + 2);
                    if (data.length < len + 2) throw new IOException("connection closed");
                    return new String(data, 0, len, StandardCharsets.UTF_8);
                }
                case '*': {
                    int len = Integer.parseInt(line);
                    if (len < 0) return null;
                    List<Object> l = new ArrayList<>(len);
                    for (int i = 0; i < len; i++) l.add(read());
                    return l;
                }
                default: throw new IOException("bad reply type " + (char) type);
            }
        }

        String line() throws IOException {
            StringBuilder b = new StringBuilder();
            int c;
            while ((c = in.read()) != '\r') {
                if (c < 0) throw new IOException("connection closed");
                b.append((char) c);
            }
            in.read();
            return b.toString();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
