package io.redisha.node.persistence.aof;

import io.redisha.common.config.Repr;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The manifest of a Redis 7 multi-part AOF: one base file, the incremental files in the order
 * they are replayed, and history files (replaced by a rewrite, to be deleted). One line per
 * file: {@code file <name> seq <n> type b|i|h}.
 */
final class AofManifest {
    static final String BASE_SUFFIX = ".base";
    static final String INCR_SUFFIX = ".incr";
    static final String RDB_EXT = ".rdb";
    static final String AOF_EXT = ".aof";

    record Entry(String name, long seq, char type) {}

    private final String prefix; // appendfilename
    Entry base;
    final List<Entry> incrs = new ArrayList<>();
    final List<Entry> history = new ArrayList<>();
    long baseSeq;
    long incrSeq;

    AofManifest(String prefix) {
        this.prefix = prefix;
    }

    static String manifestName(String prefix) {
        return prefix + ".manifest";
    }

    AofManifest copy() {
        AofManifest m = new AofManifest(prefix);
        m.base = base;
        m.incrs.addAll(incrs);
        m.history.addAll(history);
        m.baseSeq = baseSeq;
        m.incrSeq = incrSeq;
        return m;
    }

    boolean isEmpty() {
        return base == null && incrs.isEmpty();
    }

    /** Files to replay, in order. */
    List<Entry> loadOrder() {
        List<Entry> out = new ArrayList<>();
        if (base != null) out.add(base);
        out.addAll(incrs);
        return out;
    }

    Entry lastIncr() {
        return incrs.isEmpty() ? null : incrs.get(incrs.size() - 1);
    }

    /** A new base name; the previous base becomes history. */
    Entry newBase(boolean rdbPreamble) {
        if (base != null) history.add(new Entry(base.name, base.seq, 'h'));
        long seq = ++baseSeq;
        base = new Entry(prefix + "." + seq + BASE_SUFFIX + (rdbPreamble ? RDB_EXT : AOF_EXT), seq, 'b');
        return base;
    }

    Entry newIncr() {
        long seq = ++incrSeq;
        Entry e = new Entry(prefix + "." + seq + INCR_SUFFIX + AOF_EXT, seq, 'i');
        incrs.add(e);
        return e;
    }

    /** After a rewrite every incremental file but the last is covered by the new base. */
    void incrsBeforeLastToHistory() {
        while (incrs.size() > 1) {
            Entry e = incrs.remove(0);
            history.add(new Entry(e.name, e.seq, 'h'));
        }
    }

    byte[] render() {
        StringBuilder sb = new StringBuilder();
        if (base != null) line(sb, base);
        for (Entry e : history) line(sb, e);
        for (Entry e : incrs) line(sb, e);
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void line(StringBuilder sb, Entry e) {
        sb.append("file ").append(Repr.word(e.name)).append(" seq ").append(e.seq).append(" type ").append(e.type).append('\n');
    }

    /** Reads a manifest; throws with Redis's reason when it is malformed. */
    static AofManifest parse(String prefix, Path file) throws IOException {
        AofManifest m = new AofManifest(prefix);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int n = 0;
        for (String raw : lines) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            List<String> words = io.redisha.common.config.ArgSplitter.split(line);
            if (words == null || words.size() % 2 != 0) throw new IOException("Invalid AOF manifest file format (line " + n + ")");
            String name = null;
            long seq = -1;
            char type = 0;
            for (int i = 0; i < words.size(); i += 2) {
                String k = words.get(i), v = words.get(i + 1);
                switch (k) {
                    case "file" -> name = v;
                    case "seq" -> {
                        try {
                            seq = Long.parseLong(v);
                        } catch (NumberFormatException e) {
                            throw new IOException("Invalid AOF manifest file format (line " + n + ")");
                        }
                    }
                    case "type" -> type = v.length() == 1 ? v.charAt(0) : '?';
                    default -> { } // later Redis versions may add keys
                }
            }
            if (name == null || seq < 0 || (type != 'b' && type != 'i' && type != 'h')) {
                throw new IOException("Invalid AOF manifest file format (line " + n + ")");
            }
            if (name.contains("/")) throw new IOException("Invalid AOF manifest file format: file name '" + name + "' is a path");
            Entry e = new Entry(name, seq, type);
            switch (type) {
                case 'b' -> {
                    if (m.base != null) throw new IOException("Found duplicate base file information");
                    m.base = e;
                    m.baseSeq = seq;
                }
                case 'i' -> {
                    if (seq <= m.incrSeq) throw new IOException("Found a non-monotonic sequence number");
                    m.incrs.add(e);
                    m.incrSeq = seq;
                }
                default -> m.history.add(e);
            }
        }
        if (n == 0 || m.isEmpty() && m.history.isEmpty()) throw new IOException("Found an empty AOF manifest");
        return m;
    }

    /** Temp file, fsync, rename, fsync of the directory: the manifest is always whole. */
    void persist(Path dir) throws IOException {
        Path target = dir.resolve(manifestName(prefix));
        Path tmp = dir.resolve("temp-" + manifestName(prefix));
        try (FileOutputStream out = new FileOutputStream(tmp.toFile())) {
            out.write(render());
            out.getFD().sync();
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Aof.syncDirectory(dir);
    }
}
