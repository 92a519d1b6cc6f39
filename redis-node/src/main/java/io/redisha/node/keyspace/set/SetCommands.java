package io.redisha.node.keyspace.set;

import io.redisha.node.command.CommandTable;
import io.redisha.node.server.ServerContext;

/** The set commands. */
public final class SetCommands {
    private final ServerContext ctx;

    public SetCommands(ServerContext ctx) {
        this.ctx = ctx;
    }

    public void register(CommandTable t) {
        t.group("set");
    }
}
