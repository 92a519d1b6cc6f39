package io.redisha.node.replication;

import io.redisha.node.server.Client;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;

/** What the master knows of one replica connection (REPLCONF, sync state, acknowledged offset). */
final class ReplicaState {
    enum Phase {
        /** REPLCONF seen, no PSYNC yet. */
        HANDSHAKE("handshake"),
        /** Waiting for the next snapshot to start. */
        WAIT_BGSAVE("wait_bgsave"),
        /** The snapshot is being produced and sent; the stream is buffered meanwhile. */
        SEND_BULK("send_bulk"),
        ONLINE("online");

        final String info;

        Phase(String info) {
            this.info = info;
        }
    }

    final Client client;
    Phase phase = Phase.HANDSHAKE;
    int listeningPort;
    String announcedIp;
    boolean capaEof;
    boolean capaPsync2;
    /** Old SYNC: no FULLRESYNC line and no ACKs. */
    boolean oldSync;
    long ackOffset;
    long ackTime = System.currentTimeMillis();
    /** The stream produced while this replica's snapshot is on its way. */
    ByteArrayOutputStream pending;
    /** The snapshot went out with an EOF mark: the stream waits for the replica's first ACK. */
    boolean rdbSent;

    ReplicaState(Client client) {
        this.client = client;
    }

    boolean isReplica() {
        return phase != Phase.HANDSHAKE;
    }

    String ip() {
        if (announcedIp != null) return announcedIp;
        if (client.channel().remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null) {
            return a.getAddress().getHostAddress();
        }
        return "?";
    }
}
