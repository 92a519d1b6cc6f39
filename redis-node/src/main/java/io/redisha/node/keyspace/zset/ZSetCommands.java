package io.redisha.node.keyspace.zset;

import io.redisha.node.command.CommandTable;
import io.redisha.node.server.ServerContext;

/** The zset commands. */
public final class ZSetCommands {
    private final ServerContext ctx;

    public ZSetCommands(ServerContext ctx) {
        this.ctx = ctx;
    }

    public void register(CommandTable t) {
        t.group("sorted_set");
    }
}
