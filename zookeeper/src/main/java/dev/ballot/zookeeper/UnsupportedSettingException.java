package dev.ballot.zookeeper;

/** A zoo.cfg setting that ballot-zookeeper refuses at start-up; the message says which and what to do. */
public final class UnsupportedSettingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnsupportedSettingException(String message) {
        super(message);
    }
}
