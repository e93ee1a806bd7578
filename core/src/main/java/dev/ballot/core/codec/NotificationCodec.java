package dev.ballot.core.codec;

import dev.ballot.core.Notification;
import dev.ballot.core.PeerState;
import dev.ballot.core.Zxid;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Encodes and decodes FLE notifications exactly as ZooKeeper 3.9 does (docs/protocol.md "Notification layout", docs/protocol.md "Decoding shorter notifications").
 *
 * <pre>
 * offset  size  field
 *      0     4  state            0 LOOKING, 1 FOLLOWING, 2 LEADING, 3 OBSERVING
 *      4     8  leader
 *     12     8  zxid
 *     20     8  electionEpoch
 *     28     8  peerEpoch
 *     36     4  version          = 2
 *     40     4  configLength = c
 *     44     c  config           UTF-8 text (docs/protocol.md "The config payload")
 * </pre>
 *
 * All integers big-endian. Decoding accepts what a 3.9 receiver accepts:
 *
 * <pre>
 * length     accepted as
 *   &lt; 28      refused ("short")
 *   28       state, leader, zxid, electionEpoch; peerEpoch = zxid &gt;&gt; 32; version 0
 *   29..39   refused (reads past the end)
 *   40       + peerEpoch; bytes 36..39 ignored; version 0
 *   41..43   version read: &lt;= 1 accepted without config, &gt;= 2 refused
 *   &gt;= 44     version read: &lt;= 1 accepted without config, &gt;= 2 configLength read and checked
 * </pre>
 *
 * Stateless and thread-safe.
 *
 * @see "docs/protocol.md, 3. Notifications"
 */
public final class NotificationCodec {
    /** Bytes before the config text in a version-2 notification. */
    public static final int HEADER_LENGTH = 44;
    /** The shortest payload a 3.9 receiver accepts (the pre-peerEpoch form). */
    public static final int MIN_LENGTH = 28;
    /** The 3.4-era form with peerEpoch and without a version that counts (bytes 36..39 are ignored). */
    public static final int LEGACY_LENGTH = 40;

    private NotificationCodec() {
    }

    /** The version-2 bytes of {@code n} (its {@code version} field is ignored: Ballot always writes 2). */
    public static ByteBuffer encode(Notification n) {
        byte[] config = n.config().getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(HEADER_LENGTH + config.length).order(ByteOrder.BIG_ENDIAN);
        buf.putInt(n.state().code())
                .putLong(n.leader())
                .putLong(n.zxid())
                .putLong(n.electionEpoch())
                .putLong(n.peerEpoch())
                .putInt(Notification.CURRENT_VERSION)
                .putInt(config.length)
                .put(config);
        return buf.flip();
    }

    /**
     * Decodes the remaining bytes of {@code payload}. On success its position moves to its limit
     * (trailing bytes are ignored, as ZooKeeper ignores them); on failure it is unchanged. The payload
     * is not kept. Allocates at most the config bytes the payload holds.
     *
     * <p>Checks run in ZooKeeper's order: the layout first, the state code last, so that
     * {@link NotificationFormatException.Reason#UNKNOWN_STATE} means "well formed apart from the state".
     *
     * @throws NotificationFormatException for anything a 3.9 receiver drops, or an unknown state code
     */
    public static Notification decode(ByteBuffer payload) {
        return decode(payload, null);
    }

    /**
     * {@link #decode(ByteBuffer)}, reusing the config text of {@code cache} when the bytes are the same (null: no
     * cache).
     */
    public static Notification decode(ByteBuffer payload, ConfigTextCache cache) {
        ByteBuffer buf = payload.slice().order(ByteOrder.BIG_ENDIAN);
        int length = buf.remaining();
        if (length < MIN_LENGTH) {
            throw new NotificationFormatException(NotificationFormatException.Reason.SHORT,
                    "short notification: " + length + " bytes, need at least " + MIN_LENGTH);
        }
        if (length > MIN_LENGTH && length < LEGACY_LENGTH) {
            throw new NotificationFormatException(NotificationFormatException.Reason.TRUNCATED, "truncated notification: "
                    + length + " bytes (29..39 are dropped by ZooKeeper 3.9: peerEpoch/version cut off)");
        }
        int stateCode = buf.getInt();
        long leader = buf.getLong();
        long zxid = buf.getLong();
        long electionEpoch = buf.getLong();
        long peerEpoch = length == MIN_LENGTH ? Zxid.epochOf(zxid) : buf.getLong();
        int version = 0;
        String config = "";
        if (length > LEGACY_LENGTH) {
            version = buf.getInt();
            config = version >= Notification.CURRENT_VERSION ? config(buf, length, cache) : "";
        }
        Notification n = new Notification(state(stateCode), leader, zxid, electionEpoch, peerEpoch, version, config);
        payload.position(payload.position() + length);
        return n;
    }

    private static String config(ByteBuffer buf, int totalLength, ConfigTextCache cache) {
        if (buf.remaining() < 4) {
            throw new NotificationFormatException(NotificationFormatException.Reason.TRUNCATED, "version-2 notification of "
                    + totalLength + " bytes has no room for configLength");
        }
        int configLength = buf.getInt();
        if (configLength < 0 || configLength > totalLength) {
            throw new NotificationFormatException(NotificationFormatException.Reason.BAD_CONFIG_LENGTH,
                    "invalid configLength " + configLength + " in a notification of " + totalLength + " bytes");
        }
        if (configLength > buf.remaining()) {
            throw new NotificationFormatException(NotificationFormatException.Reason.BAD_CONFIG_LENGTH, "configLength "
                    + configLength + " exceeds the " + buf.remaining() + " bytes that follow it");
        }
        if (cache != null) {
            return cache.read(buf, configLength);
        }
        byte[] text = new byte[configLength];
        buf.get(text);
        return new String(text, StandardCharsets.UTF_8);
    }

    private static PeerState state(int code) {
        if (!PeerState.isKnownCode(code)) {
            throw new NotificationFormatException(NotificationFormatException.Reason.UNKNOWN_STATE,
                    "unknown state code " + code + " (expected 0..3)");
        }
        return PeerState.fromCode(code);
    }
}
