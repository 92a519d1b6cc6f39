package io.redisha.node.command;

import io.redisha.node.command.CommandTable;
import io.redisha.node.server.ServerContext;

public final class TransactionCommands {
    private final ServerContext ctx;

    public TransactionCommands(ServerContext ctx) {
        this.ctx = ctx;
    }

    public void register(CommandTable t) {
        t.group("transactions");
    }
}
