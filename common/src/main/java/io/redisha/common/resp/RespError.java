package io.redisha.common.resp;

/** An error reply ({@code -ERR ...}) as a value: replies are data, the caller decides what fails. */
public record RespError(String message) {
    /** The error code, the first word: ERR, NOAUTH, LOADING, MASTERDOWN, EXECABORT... */
    public String code() {
        int sp = message.indexOf(' ');
        return sp < 0 ? message : message.substring(0, sp);
    }

    @Override
    public String toString() {
        return "-" + message;
    }
}
