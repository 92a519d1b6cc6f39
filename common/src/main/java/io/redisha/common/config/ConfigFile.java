package io.redisha.common.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads redis.conf-style text into directives: comments and blank lines skipped, arguments
 * split with Redis's quoting rules, {@code include} followed (relative paths from the working
 * directory, as Redis does), command-line options turned into extra lines.
 */
public final class ConfigFile {
    private static final int MAX_INCLUDE_DEPTH = 16;

    private ConfigFile() {}

    public static List<ConfigLine> read(Path file) {
        List<ConfigLine> out = new ArrayList<>();
        readInto(file, out, 0);
        return out;
    }

    public static List<ConfigLine> parse(String source, String text) {
        List<ConfigLine> out = new ArrayList<>();
        parseInto(source, text, out, 0);
        return out;
    }

    /**
     * Turns {@code --port 7001 --replicaof host 6379} into config lines, like redis-server's
     * command line: each {@code --name} starts a directive, the words after it are its arguments.
     */
    public static List<ConfigLine> fromCommandLine(List<String> options) {
        List<ConfigLine> out = new ArrayList<>();
        List<String> cur = null;
        for (String o : options) {
            if (o.startsWith("--") && o.length() > 2) {
                if (cur != null) out.add(commandLine(cur));
                cur = new ArrayList<>();
                cur.add(o.substring(2));
            } else {
                if (cur == null) {
                    throw new ConfigException("Invalid command line option '" + o + "': options start with --");
                }
                // "--replicaof '127.0.0.1 6379'" gives one word holding both arguments.
                List<String> words = cur.size() == 1 && o.contains(" ") ? ArgSplitter.split(o) : null;
                if (words != null) cur.addAll(words); else cur.add(o);
            }
        }
        if (cur != null) out.add(commandLine(cur));
        return out;
    }

    private static ConfigLine commandLine(List<String> args) {
        return new ConfigLine("(command line)", 0, String.join(" ", args), List.copyOf(args));
    }

    private static void readInto(Path file, List<ConfigLine> out, int depth) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("Fatal error, can't open config file '" + file + "': " + e.getMessage());
        }
        parseInto(file.toString(), text, out, depth);
    }

    private static void parseInto(String source, String text, List<ConfigLine> out, int depth) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String raw = lines[i];
            String line = raw.strip();
            if (line.isEmpty() || line.charAt(0) == '#') continue;
            List<String> args = ArgSplitter.split(line);
            if (args == null) {
                throw new ConfigException(source, i + 1, line, "Unbalanced quotes in configuration line");
            }
            if (args.isEmpty()) continue;
            ConfigLine cl = new ConfigLine(source, i + 1, line, List.copyOf(args));
            if (cl.name().equals("include")) {
                if (cl.argCount() != 1) throw cl.error("Bad directive or wrong number of arguments");
                if (depth >= MAX_INCLUDE_DEPTH) throw cl.error("Too many nested includes");
                readInto(Path.of(cl.arg(1)), out, depth + 1);
                continue;
            }
            out.add(cl);
        }
    }
}
