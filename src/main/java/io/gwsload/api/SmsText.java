package io.gwsload.api;

import java.nio.charset.StandardCharsets;

import org.jsmpp.bean.MessageRequest;
import org.jsmpp.bean.OptionalParameter;

/**
 * An SMS's text as SMPP v3.4 carries it in {@code short_message}: ASCII in the SMSC's default alphabet
 * ({@code data_coding} 0), anything else in UCS-2 ({@code data_coding} 8, UTF-16BE). Shared by the harness's SMSC and
 * the simulator's SMS Server stand-in, so both sides read what the other wrote. Also the ground truth an SMS carries
 * from the embedded simulator: the time its text entered the transcript, in a vendor-specific TLV.
 */
public final class SmsText {
    /** {@code data_coding} of the SMSC's default alphabet. */
    public static final byte DEFAULT_ALPHABET = 0;
    /** {@code data_coding} of UCS-2. */
    public static final byte UCS2 = 8;
    /** The most octets {@code short_message} holds. */
    public static final int MAX_OCTETS = 254;
    /**
     * The vendor-specific TLV (SMPP's range 0x1400-0x3FFF) in which the embedded simulator's SMS Server stand-in puts,
     * when auditing, the {@code System.nanoTime()} at which the agent's text entered the transcript: ground truth for a
     * harness in the same JVM.
     */
    public static final short TRUTH_TAG = 0x1501;

    private SmsText() {
    }

    /** The {@code data_coding} for this text. */
    public static byte dataCoding(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\n' && c != '\r' || c > 0x7e) {
                return UCS2;
            }
        }
        return DEFAULT_ALPHABET;
    }

    /** The octets of {@code text} in {@link #dataCoding(String)}; a text too long for one SMS throws, in one sentence. */
    public static byte[] encode(String text) {
        byte[] octets = text.getBytes(dataCoding(text) == UCS2 ? StandardCharsets.UTF_16BE : StandardCharsets.US_ASCII);
        if (octets.length > MAX_OCTETS) {
            throw new IllegalArgumentException("An SMS holds at most " + MAX_OCTETS + " octets (" + (MAX_OCTETS / 2)
                    + " characters outside ASCII); this text needs " + octets.length + ".");
        }
        return octets;
    }

    /**
     * The text of a {@code deliver_sm} or {@code submit_sm}: its {@code short_message}, or its
     * {@code message_payload} when that is empty (a long text), read by its {@code data_coding}.
     */
    public static String decode(MessageRequest message) {
        byte[] octets = message.getShortMessage();
        if ((octets == null || octets.length == 0) && message.getOptionalParameter(
                OptionalParameter.Tag.MESSAGE_PAYLOAD) instanceof OptionalParameter.OctetString p) {
            octets = p.getValue();
        }
        return decode(message.getDataCoding(), octets);
    }

    /** The text of {@code octets} sent with {@code dataCoding} (UCS-2, else read as ISO-8859-1). */
    static String decode(byte dataCoding, byte[] octets) {
        if (octets == null) {
            return "";
        }
        return new String(octets, (dataCoding & 0x0f) == UCS2 ? StandardCharsets.UTF_16BE : StandardCharsets.ISO_8859_1);
    }
}
