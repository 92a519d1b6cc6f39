package io.redisha.node.server;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The connected clients. The map is owner-thread only; the count is read by I/O threads. */
public final class ClientRegistry {
    private final Map<Long, Client> clients = new LinkedHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final AtomicInteger connected = new AtomicInteger();

    public long nextId() { return nextId.getAndIncrement(); }

    /** Reserves a connection slot; false when maxclients is reached. */
    public boolean reserve(int maxClients) {
        while (true) {
            int n = connected.get();
            if (n >= maxClients) return false;
            if (connected.compareAndSet(n, n + 1)) return true;
        }
    }

    public void release() { connected.decrementAndGet(); }

    public int connectedCount() { return connected.get(); }

    public void add(Client c) { clients.put(c.id(), c); }

    public void remove(Client c) { clients.remove(c.id()); }

    public Client get(long id) { return clients.get(id); }

    public Collection<Client> all() { return clients.values(); }
}
