package io.redisha.node.command;

import io.redisha.node.connection.ConnectionCommands;
import io.redisha.node.control.ServerCommands;
import io.redisha.node.keyspace.KeyCommands;
import io.redisha.node.keyspace.hash.HashCommands;
import io.redisha.node.keyspace.list.ListCommands;
import io.redisha.node.keyspace.set.SetCommands;
import io.redisha.node.keyspace.string.StringCommands;
import io.redisha.node.keyspace.zset.ZSetCommands;
import io.redisha.node.pubsub.PubSubCommands;
import io.redisha.node.server.ServerContext;

/** The one place that lists every command family of the node. */
public final class Commands {
    private Commands() {}

    public static void registerAll(ServerContext ctx) {
        CommandTable t = ctx.table;
        new ConnectionCommands(ctx).register(t);
        new ServerCommands(ctx).register(t);
        new TransactionCommands(ctx).register(t);
        new KeyCommands(ctx).register(t);
        new StringCommands(ctx).register(t);
        new HashCommands(ctx).register(t);
        new ListCommands(ctx).register(t);
        new SetCommands(ctx).register(t);
        new ZSetCommands(ctx).register(t);
        new PubSubCommands(ctx).register(t);
        ctx.persistence.register(t);
        ctx.replication.register(t);
    }
}
