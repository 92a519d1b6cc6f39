package io.redisha.node.command;

import io.redisha.node.server.Client;

/** The body of one command. {@code argv[0]} is the command name as the client sent it. */
@FunctionalInterface
public interface CommandHandler {
    void run(Client c, byte[][] argv);
}
