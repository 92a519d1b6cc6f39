package io.redisha.sentinel.api;

import io.redisha.common.util.Glob;
import io.redisha.sentinel.monitor.Monitor;
import io.redisha.sentinel.monitor.Sentinel;
import io.redisha.sentinel.server.Conn;
import io.redisha.sentinel.server.RespWriter;
import io.redisha.sentinel.server.SentinelServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The commands a Redis 7 sentinel answers on its port (COMMAND COUNT is 15 there too), with
 * Redis's replies and error texts. SENTINEL's subcommands are in {@link SentinelCommand}.
 */
public final class Api {
    static final String VERSION = "7.0.15";
    private static final Map<String, Integer> ARITY = Map.ofEntries(
            Map.entry("auth", -2), Map.entry("client", -2), Map.entry("command", -1), Map.entry("hello", -1),
            Map.entry("info", -1), Map.entry("ping", -1), Map.entry("psubscribe", -2), Map.entry("publish", 3),
            Map.entry("punsubscribe", -1), Map.entry("role", 1), Map.entry("sentinel", -2),
            Map.entry("shutdown", -1), Map.entry("subscribe", -2), Map.entry("unsubscribe", -1), Map.entry("acl", -2));

    final Sentinel s;
    final Monitor monitor;
    final PubSubHub hub = new PubSubHub();
    private final SentinelCommand sentinelCommand;
    private SentinelServer server;
    private Runnable shutdown = () -> { };

    public Api(Sentinel s, Monitor monitor) {
        this.s = s;
        this.monitor = monitor;
        this.sentinelCommand = new SentinelCommand(this);
        s.events.publisher(hub::publish);
    }

    public void server(SentinelServer server) {
        this.server = server;
    }

    public void onShutdown(Runnable r) {
        this.shutdown = r;
    }

    public PubSubHub hub() {
        return hub;
    }

    public void dispatch(Conn c, String[] a) {
        RespWriter w = c.writer();
        handle(c, a, w);
        if (w.buffer().isReadable()) c.send(w);
        else w.buffer().release();
    }

    private void handle(Conn c, String[] a, RespWriter w) {
        String name = a[0].toLowerCase(Locale.ROOT);
        Integer arity = ARITY.get(name);
        if (arity == null) {
            StringBuilder sb = new StringBuilder("ERR unknown command '").append(trim(a[0]))
                    .append("', with args beginning with: ");
            for (int i = 1; i < a.length; i++) sb.append('\'').append(trim(a[i])).append("' ");
            w.error(sb.toString());
            return;
        }
        if ((arity > 0 && a.length != arity) || (arity < 0 && a.length < -arity)) {
            w.error("ERR wrong number of arguments for '" + name + "' command");
            return;
        }
        if (!c.authenticated && !name.equals("auth") && !name.equals("hello")) {
            w.error("NOAUTH Authentication required.");
            return;
        }
        if (c.subscriptions() > 0 && c.protocol == 2 && !name.equals("subscribe") && !name.equals("psubscribe")
                && !name.equals("unsubscribe") && !name.equals("punsubscribe") && !name.equals("ping")) {
            w.error("ERR Can't execute '" + name + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context");
            return;
        }
        c.lastCommand = name;
        switch (name) {
            case "ping" -> ping(c, a, w);
            case "sentinel" -> sentinelCommand.handle(c, a, w);
            case "info" -> w.verbatim(InfoReply.render(this, a.length > 1 ? a[1] : "default", server));
            case "role" -> {
                w.array(2);
                w.bulk("sentinel");
                w.bulks(new ArrayList<>(s.masters.keySet()));
            }
            case "auth" -> auth(c, a, w);
            case "hello" -> hello(c, a, w);
            case "client" -> ClientCommand.handle(this, server, c, a, w);
            case "subscribe" -> {
                for (int i = 1; i < a.length; i++) {
                    hub.subscribe(c, a[i]);
                    confirm(c, w, "subscribe", a[i]);
                }
            }
            case "psubscribe" -> {
                for (int i = 1; i < a.length; i++) {
                    hub.psubscribe(c, a[i]);
                    confirm(c, w, "psubscribe", a[i]);
                }
            }
            case "unsubscribe" -> unsubscribe(c, a, w, false);
            case "punsubscribe" -> unsubscribe(c, a, w, true);
            case "publish" -> {
                if (!a[1].equals(Monitor.HELLO_CHANNEL)) {
                    w.error("ERR Only HELLO messages are accepted by Sentinel instances.");
                    return;
                }
                monitor.processHello(a[2]);
                w.integer(1);
            }
            case "command" -> command(a, w);
            case "shutdown" -> {
                shutdown.run();
            }
            case "acl" -> {
                if (a[1].equalsIgnoreCase("whoami")) w.bulk("default");
                else w.error("ERR unknown subcommand '" + trim(a[1]) + "'. Try ACL HELP.");
            }
            default -> w.error("ERR unknown command '" + trim(a[0]) + "'");
        }
    }

    static String trim(String s) {
        return s.length() > 128 ? s.substring(0, 128) : s;
    }

    private void ping(Conn c, String[] a, RespWriter w) {
        if (a.length > 2) {
            w.error("ERR wrong number of arguments for 'ping' command");
        } else if (c.subscriptions() > 0 && c.protocol == 2) {
            w.array(2);
            w.bulk("pong");
            w.bulk(a.length == 2 ? a[1] : "");
        } else if (a.length == 2) {
            w.bulk(a[1]);
        } else {
            w.simple("PONG");
        }
    }

    private void confirm(Conn c, RespWriter w, String kind, String name) {
        w.push(3);
        w.bulk(kind);
        if (name == null) w.nullBulk(); else w.bulk(name);
        w.integer(c.subscriptions());
    }

    private void unsubscribe(Conn c, String[] a, RespWriter w, boolean pattern) {
        String kind = pattern ? "punsubscribe" : "unsubscribe";
        List<String> names = new ArrayList<>();
        if (a.length == 1) names.addAll(pattern ? c.patterns : c.channels);
        else for (int i = 1; i < a.length; i++) names.add(a[i]);
        if (names.isEmpty()) {
            confirm(c, w, kind, null);
            return;
        }
        for (String n : names) {
            if (pattern) hub.punsubscribe(c, n); else hub.unsubscribe(c, n);
            confirm(c, w, kind, n);
        }
    }

    private void auth(Conn c, String[] a, RespWriter w) {
        if (a.length > 3) {
            w.error("ERR syntax error");
            return;
        }
        String pass = s.config.requirepass;
        if (a.length == 2 && pass == null) {
            w.error("ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?");
            return;
        }
        String user = a.length == 3 ? a[1] : "default";
        String given = a[a.length - 1];
        if (checkPassword(user, given)) {
            c.authenticated = true;
            w.ok();
        } else {
            w.error("WRONGPASS invalid username-password pair or user is disabled.");
        }
    }

    private boolean checkPassword(String user, String given) {
        if (!user.equals("default")) return false;
        String pass = s.config.requirepass;
        return pass == null || pass.equals(given);
    }

    private void hello(Conn c, String[] a, RespWriter w) {
        int proto = c.protocol;
        int i = 1;
        if (a.length > 1) {
            long v;
            try {
                v = Long.parseLong(a[1]);
            } catch (NumberFormatException e) {
                w.error("ERR Protocol version is not an integer or out of range");
                return;
            }
            if (v < 2 || v > 3) {
                w.error("NOPROTO unsupported protocol version");
                return;
            }
            proto = (int) v;
            i = 2;
        }
        String setName = null;
        for (; i < a.length; i++) {
            if (a[i].equalsIgnoreCase("auth") && i + 2 < a.length) {
                if (!checkPassword(a[i + 1], a[i + 2])) {
                    w.error("WRONGPASS invalid username-password pair or user is disabled.");
                    return;
                }
                c.authenticated = true;
                i += 2;
            } else if (a[i].equalsIgnoreCase("setname") && i + 1 < a.length) {
                setName = a[++i];
            } else {
                w.error("ERR Syntax error in HELLO option '" + trim(a[i]) + "'");
                return;
            }
        }
        if (!c.authenticated) {
            w.error("NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time");
            return;
        }
        if (setName != null) c.name = setName;
        c.protocol = proto;
        RespWriter r = c.writer();
        // The reply is written in the newly chosen protocol.
        r.map(6);
        r.bulk("server"); r.bulk("redis");
        r.bulk("version"); r.bulk(VERSION);
        r.bulk("proto"); r.integer(proto);
        r.bulk("id"); r.integer(c.id);
        r.bulk("mode"); r.bulk("sentinel");
        r.bulk("modules"); r.array(0);
        w.buffer().writeBytes(r.buffer());
        r.buffer().release();
    }

    private void command(String[] a, RespWriter w) {
        if (a.length == 1) {
            w.array(0);
            return;
        }
        String sub = a[1].toLowerCase(Locale.ROOT);
        switch (sub) {
            case "count" -> w.integer(ARITY.size());
            case "docs", "info" -> w.array(0);
            case "list" -> w.bulks(new ArrayList<>(ARITY.keySet()));
            default -> w.error("ERR unknown subcommand '" + trim(a[1]) + "'. Try COMMAND HELP.");
        }
    }

    static boolean glob(String pattern, String s) {
        return Glob.matches(pattern.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                s.getBytes(java.nio.charset.StandardCharsets.UTF_8), false);
    }
}
