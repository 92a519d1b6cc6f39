package io.redisha.common.config;

/**
 * A configuration error. {@link #fatalReport(String)} renders it the way Redis does on start-up
 * so operators see the shape they know: header, line number, the line, the reason.
 */
public class ConfigException extends RuntimeException {
    private final String file;
    private final int lineNumber;
    private final String text;
    private final String reason;

    public ConfigException(String file, int lineNumber, String text, String reason) {
        super(reason + (file != null ? " (" + file + ":" + lineNumber + ")" : ""));
        this.file = file;
        this.lineNumber = lineNumber;
        this.text = text;
        this.reason = reason;
    }

    public ConfigException(String reason) {
        this(null, 0, null, reason);
    }

    public String file() { return file; }
    public int lineNumber() { return lineNumber; }
    public String text() { return text; }
    public String reason() { return reason; }

    public String fatalReport(String version) {
        StringBuilder sb = new StringBuilder();
        sb.append("\n*** FATAL CONFIG FILE ERROR (Redis ").append(version).append(") ***\n");
        if (text != null) {
            sb.append("Reading the configuration file, at line ").append(lineNumber);
            if (file != null) {
                sb.append(" of ").append(file);
            }
            sb.append('\n');
            sb.append(">>> '").append(text).append("'\n");
        }
        sb.append(reason).append('\n');
        return sb.toString();
    }
}
