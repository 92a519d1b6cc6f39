package io.redisha.sentinel.monitor;

import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every sentinel event is logged in Redis's shape ({@code # +sdown master mymaster ip port})
 * and published on the channel named after it, with the same text minus the event name.
 */
public final class Events {
    static final Logger log = LoggerFactory.getLogger("sentinel");
    private BiConsumer<String, String> publisher = (c, m) -> { };
    private Scripts scripts;

    void scripts(Scripts s) {
        this.scripts = s;
    }

    public void publisher(BiConsumer<String, String> p) {
        this.publisher = p;
    }

    /** A warning-level event ('#' in the log). */
    public void warn(String type, Instance ri, String extra) {
        emit(true, type, ri, extra);
    }

    /** A notice-level event ('*' in the log). */
    public void notice(String type, Instance ri, String extra) {
        emit(false, type, ri, extra);
    }

    /** An event whose text is not about one instance, e.g. +new-epoch 3. */
    public void warnText(String type, String text) {
        log.warn("{} {}", type, text);
        publisher.accept(type, text);
    }

    private void emit(boolean warning, String type, Instance ri, String extra) {
        String msg = ri == null ? (extra == null ? "" : extra)
                : ri.describe() + (extra == null || extra.isEmpty() ? "" : " " + extra);
        if (warning) log.warn("{} {}", type, msg);
        else log.info("{} {}", type, msg);
        publisher.accept(type, msg);
        // Warnings about an instance go to its master's notification-script, as in Redis.
        if (warning && ri != null && scripts != null) {
            Instance m = ri.type == Instance.Type.MASTER ? ri : ri.master;
            if (m != null && m.notificationScript != null) scripts.schedule(m.notificationScript, type, msg);
        }
    }
}
