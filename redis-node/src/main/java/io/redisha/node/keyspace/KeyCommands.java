package io.redisha.node.keyspace;

import io.redisha.node.command.CommandTable;
import io.redisha.node.server.ServerContext;

public final class KeyCommands {
    private final ServerContext ctx;

    public KeyCommands(ServerContext ctx) {
        this.ctx = ctx;
    }

    public void register(CommandTable t) {
        t.group("keyspace");
    }
}
