package io.redisha.sentinel.api;

import io.redisha.sentinel.server.Conn;
import io.redisha.sentinel.server.RespWriter;
import io.redisha.sentinel.server.SentinelServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** CLIENT, as much as clients and operators use against a sentinel. */
final class ClientCommand {
    private ClientCommand() {}

    static void handle(Api api, SentinelServer server, Conn c, String[] a, RespWriter w) {
        String sub = a[1].toLowerCase(Locale.ROOT);
        switch (sub) {
            case "setname" -> {
                if (a.length != 3) { arity(w, sub); return; }
                if (a[2].contains(" ") || a[2].contains("\n")) {
                    w.error("ERR Client names cannot contain spaces, newlines or special characters.");
                    return;
                }
                c.name = a[2];
                w.ok();
            }
            case "getname" -> {
                if (a.length != 2) { arity(w, sub); return; }
                if (c.name.isEmpty()) w.nullBulk(); else w.bulk(c.name);
            }
            case "id" -> {
                if (a.length != 2) { arity(w, sub); return; }
                w.integer(c.id);
            }
            case "setinfo" -> {
                if (a.length != 4) { arity(w, sub); return; }
                if (a[2].equalsIgnoreCase("lib-name")) c.libName = a[3];
                else if (a[2].equalsIgnoreCase("lib-ver")) c.libVer = a[3];
                else {
                    w.error("ERR Unrecognized option '" + a[2] + "'");
                    return;
                }
                w.ok();
            }
            case "info" -> w.bulk(line(c) + "\n");
            case "list" -> {
                StringBuilder sb = new StringBuilder();
                for (Conn x : server.clients().values()) sb.append(line(x)).append('\n');
                w.verbatim(sb.toString());
            }
            case "kill" -> kill(server, c, a, w);
            default -> w.error("ERR unknown subcommand '" + Api.trim(a[1]) + "'. Try CLIENT HELP.");
        }
    }

    private static void arity(RespWriter w, String sub) {
        w.error("ERR wrong number of arguments for 'client|" + sub + "' command");
    }

    private static String line(Conn x) {
        long now = System.currentTimeMillis();
        return "id=" + x.id + " addr=" + x.addr() + " laddr=" + x.laddr() + " fd=0 name=" + x.name
                + " age=" + (now - x.createdAt) / 1000 + " idle=" + (now - x.lastInteraction) / 1000
                + " flags=" + (x.subscriptions() > 0 ? "P" : "N") + " db=0 sub=" + x.channels.size()
                + " psub=" + x.patterns.size() + " ssub=0 multi=-1 qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0"
                + " rbs=0 rbp=0 obl=0 oll=0 omem=0 tot-mem=0 events=r cmd=" + x.lastCommand
                + " user=default redir=-1 resp=" + x.protocol + " lib-name=" + x.libName + " lib-ver=" + x.libVer;
    }

    private static void kill(SentinelServer server, Conn c, String[] a, RespWriter w) {
        if (a.length == 3) {
            for (Conn x : server.clients().values()) {
                if (x.addr().equals(a[2])) {
                    w.ok();
                    x.channel.close();
                    return;
                }
            }
            w.error("ERR No such client");
            return;
        }
        if ((a.length - 2) % 2 != 0) {
            w.error("ERR syntax error");
            return;
        }
        Long id = null;
        String addr = null, type = null;
        boolean skipme = true;
        for (int i = 2; i < a.length; i += 2) {
            String k = a[i].toLowerCase(Locale.ROOT), v = a[i + 1];
            switch (k) {
                case "id" -> {
                    try { id = Long.parseLong(v); } catch (NumberFormatException e) { w.error("ERR client-id should be greater than 0"); return; }
                }
                case "addr" -> addr = v;
                case "type" -> type = v.toLowerCase(Locale.ROOT);
                case "skipme" -> skipme = v.equalsIgnoreCase("yes");
                default -> { w.error("ERR syntax error"); return; }
            }
        }
        List<Conn> victims = new ArrayList<>();
        for (Conn x : server.clients().values()) {
            if (id != null && x.id != id) continue;
            if (addr != null && !x.addr().equals(addr)) continue;
            if (type != null && !(type.equals("pubsub") ? x.subscriptions() > 0 : type.equals("normal") && x.subscriptions() == 0)) continue;
            if (skipme && x == c) continue;
            victims.add(x);
        }
        w.integer(victims.size());
        for (Conn x : victims) x.channel.close();
    }
}
