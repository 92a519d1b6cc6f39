package io.redisha.node.control;

import io.redisha.node.command.CommandTable;
import io.redisha.node.server.ServerContext;

public final class ServerCommands {
    private final ServerContext ctx;

    public ServerCommands(ServerContext ctx) {
        this.ctx = ctx;
    }

    public void register(CommandTable t) {
        t.group("server");
    }
}
