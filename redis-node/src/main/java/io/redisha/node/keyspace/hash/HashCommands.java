package io.redisha.node.keyspace.hash;

import io.redisha.node.command.CommandTable;
import io.redisha.node.server.ServerContext;

/** The hash commands. */
public final class HashCommands {
    private final ServerContext ctx;

    public HashCommands(ServerContext ctx) {
        this.ctx = ctx;
    }

    public void register(CommandTable t) {
        t.group("hash");
    }
}
