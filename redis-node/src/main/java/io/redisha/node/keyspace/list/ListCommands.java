package io.redisha.node.keyspace.list;

import io.redisha.node.command.CommandTable;
import io.redisha.node.server.ServerContext;

/** The list commands. */
public final class ListCommands {
    private final ServerContext ctx;

    public ListCommands(ServerContext ctx) {
        this.ctx = ctx;
    }

    public void register(CommandTable t) {
        t.group("list");
    }
}
