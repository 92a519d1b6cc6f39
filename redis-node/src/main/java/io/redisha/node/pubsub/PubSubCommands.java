package io.redisha.node.pubsub;

import static io.redisha.node.command.CommandFlags.*;

import io.redisha.node.command.CommandSpec;
import io.redisha.node.command.CommandTable;
import io.redisha.node.command.RedisError;
import io.redisha.node.keyspace.Key;
import io.redisha.node.server.Client;
import io.redisha.node.server.Reply;
import io.redisha.node.server.ServerContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** SUBSCRIBE, PSUBSCRIBE, their UN- forms, PUBLISH and PUBSUB. */
public final class PubSubCommands {
    private static final int CTX = PUBSUB | NOSCRIPT | LOADING | STALE | PUBSUB_CONTEXT;

    private final ServerContext ctx;
    private final PubSub pubsub;

    public PubSubCommands(ServerContext ctx) {
        this.ctx = ctx;
        this.pubsub = ctx.pubsub;
    }

    public void register(CommandTable t) {
        t.group("pubsub");
        t.add("subscribe", -2, CTX, this::subscribe);
        t.add("unsubscribe", -1, CTX, this::unsubscribe);
        t.add("psubscribe", -2, CTX, this::psubscribe);
        t.add("punsubscribe", -1, CTX, this::punsubscribe);
        t.add("publish", 3, PUBSUB | LOADING | STALE | FAST | MAY_REPLICATE, this::publish);
        CommandSpec ps = t.container("pubsub", -2, 0);
        t.sub(ps, "channels", -2, PUBSUB | LOADING | STALE, this::channels);
        t.sub(ps, "numsub", -2, PUBSUB | LOADING | STALE, this::numsub);
        t.sub(ps, "numpat", 2, PUBSUB | LOADING | STALE, this::numpat);
        t.sub(ps, "help", 2, LOADING | STALE, (c, a) -> help(c));
    }

    private static final byte[] SUBSCRIBE = b("subscribe");
    private static final byte[] UNSUBSCRIBE = b("unsubscribe");
    private static final byte[] PSUBSCRIBE = b("psubscribe");
    private static final byte[] PUNSUBSCRIBE = b("punsubscribe");

    private void subscribe(Client c, byte[][] argv) {
        for (int i = 1; i < argv.length; i++) {
            pubsub.subscribe(c, argv[i]);
            confirm(c, SUBSCRIBE, argv[i]);
        }
    }

    private void psubscribe(Client c, byte[][] argv) {
        for (int i = 1; i < argv.length; i++) {
            pubsub.psubscribe(c, argv[i]);
            confirm(c, PSUBSCRIBE, argv[i]);
        }
    }

    private void unsubscribe(Client c, byte[][] argv) {
        if (argv.length == 1) {
            List<Key> all = c.channels == null ? List.of() : new ArrayList<>(c.channels);
            if (all.isEmpty()) confirm(c, UNSUBSCRIBE, null);
            for (Key k : all) {
                pubsub.unsubscribe(c, k.bytes());
                confirm(c, UNSUBSCRIBE, k.bytes());
            }
            return;
        }
        for (int i = 1; i < argv.length; i++) {
            pubsub.unsubscribe(c, argv[i]);
            confirm(c, UNSUBSCRIBE, argv[i]);
        }
    }

    private void punsubscribe(Client c, byte[][] argv) {
        if (argv.length == 1) {
            List<Key> all = c.patterns == null ? List.of() : new ArrayList<>(c.patterns);
            if (all.isEmpty()) confirm(c, PUNSUBSCRIBE, null);
            for (Key k : all) {
                pubsub.punsubscribe(c, k.bytes());
                confirm(c, PUNSUBSCRIBE, k.bytes());
            }
            return;
        }
        for (int i = 1; i < argv.length; i++) {
            pubsub.punsubscribe(c, argv[i]);
            confirm(c, PUNSUBSCRIBE, argv[i]);
        }
    }

    private static void confirm(Client c, byte[] kind, byte[] channel) {
        Reply r = c.reply();
        r.push(3);
        r.bulk(kind);
        if (channel == null) r.nullBulk(); else r.bulk(channel);
        r.integer(c.subscriptionCount());
    }

    private void publish(Client c, byte[][] argv) {
        c.reply().integer(pubsub.publish(argv[1], argv[2]));
    }

    private void channels(Client c, byte[][] argv) {
        if (argv.length > 3) {
            // Redis's arity (-2) lets this through; its handler then refuses it with this text.
            throw new RedisError("ERR unknown subcommand or wrong number of arguments for '"
                    + new String(argv[1], StandardCharsets.ISO_8859_1) + "'. Try PUBSUB HELP.");
        }
        List<byte[]> chans = pubsub.activeChannels(argv.length > 2 ? argv[2] : null);
        Reply r = c.reply();
        r.array(chans.size());
        for (byte[] ch : chans) r.bulk(ch);
    }

    private void numsub(Client c, byte[][] argv) {
        Reply r = c.reply();
        // A flat array in RESP3 too: Redis 7.0 does not reply a map here.
        r.array((argv.length - 2) * 2);
        for (int i = 2; i < argv.length; i++) {
            r.bulk(argv[i]);
            r.integer(pubsub.subscribers(argv[i]));
        }
    }

    private void numpat(Client c, byte[][] argv) {
        c.reply().integer(pubsub.patternCount());
    }

    private void help(Client c) {
        String[] lines = {
            "PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "CHANNELS [<pattern>]",
            "    Return the currently active channels matching a <pattern> (default: '*').",
            "NUMPAT",
            "    Return number of subscriptions to patterns.",
            "NUMSUB [<channel> ...]",
            "    Return the number of subscribers for the specified channels, excluding",
            "    pattern subscriptions(default: no channels).",
            "HELP",
            "    Prints this help."};
        c.reply().lines(lines);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
