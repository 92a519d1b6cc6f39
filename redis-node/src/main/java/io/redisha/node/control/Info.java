package io.redisha.node.control;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * INFO's sections, in Redis's order. Subsystems register or replace the section they own
 * (replication, persistence) so INFO itself knows none of them.
 */
public final class Info {
    private record Section(String title, boolean byDefault, Consumer<Lines> writer) {}

    private final Map<String, Section> sections = new LinkedHashMap<>();

    /** Registers (or replaces, keeping its place) a section. */
    public void section(String title, boolean byDefault, Consumer<Lines> writer) {
        sections.put(title.toLowerCase(Locale.ROOT), new Section(title, byDefault, writer));
    }

    /** Renders the sections a request names ("default", "all", "everything" or section names). */
    public String render(List<String> requested) {
        List<String> wanted = new ArrayList<>();
        boolean all = false, defaults = requested.isEmpty();
        for (String r : requested) {
            String l = r.toLowerCase(Locale.ROOT);
            if (l.equals("all") || l.equals("everything")) all = true;
            else if (l.equals("default")) defaults = true;
            else wanted.add(l);
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Section> e : sections.entrySet()) {
            Section s = e.getValue();
            boolean include = all || wanted.contains(e.getKey()) || (defaults && s.byDefault);
            if (!include) continue;
            if (sb.length() > 0) sb.append("\r\n");
            sb.append("# ").append(s.title).append("\r\n");
            s.writer.accept(new Lines(sb));
        }
        return sb.toString();
    }

    /** Appends "name:value\r\n" lines. */
    public static final class Lines {
        private final StringBuilder sb;

        Lines(StringBuilder sb) {
            this.sb = sb;
        }

        public Lines add(String name, Object value) {
            sb.append(name).append(':').append(value).append("\r\n");
            return this;
        }
    }

    public static String human(long bytes) {
        if (bytes < 1024) return bytes + "B";
        String[] units = {"K", "M", "G", "T", "P"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.2f%s", v, units[u]);
    }
}
