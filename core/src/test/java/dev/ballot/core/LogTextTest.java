package dev.ballot.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogTextTest {

    /**
     * Input written with code points in braces ({@code {a}} is U+000A), so the table itself holds no
     * control characters; the expected output is literal.
     */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            10.0.0.1:3888                        | 10.0.0.1:3888
            a{a}2026-01-01T00:00:00Z FAKE ERROR  | a\\n2026-01-01T00:00:00Z FAKE ERROR
            a{d}{a}b                             | a\\r\\nb
            tab{9}here                           | tab\\there
            nul{0}byte                           | nul\\0byte
            bell{7} esc{1b}[31m                  | bell\\u0007 esc\\u001b[31m
            del{7f}                              | del\\u007f
            c1{85}{9b}{80}{9f}                   | c1\\u0085\\u009b\\u0080\\u009f
            ls{2028}ps{2029}                     | ls\\u2028ps\\u2029
            rlo{202e}txt.exe{202c}               | rlo\\u202etxt.exe\\u202c
            isolates{2066}{2067}{2068}{2069}     | isolates\\u2066\\u2067\\u2068\\u2069
            marks{200e}{200f}{61c}               | marks\\u200e\\u200f\\u061c
            zero{200b}width{feff}                | zero\\u200bwidth\\ufeff
            back\\slash                          | back\\\\slash
            lone{d800}high                       | lone\\ud800high
            lone{dc00}low                        | lone\\udc00low
            emoji{1f600}ok                       | emoji😀ok
            tag{e0041}{e007f}                    | tag\\udb40\\udc41\\udb40\\udc7f
            héllo wörld ПРИВЕТ 選舉              | héllo wörld ПРИВЕТ 選舉
            "quotes ' and "" stay"               | "quotes ' and "" stay"
            """)
    void escapes(String input, String expected) {
        assertEquals(expected, LogText.escape(decode(input)));
    }

    @Test
    void theResultIsOneLineOfPrintableCharacters() {
        StringBuilder everyChar = new StringBuilder();
        for (int c = 0; c <= 0xffff; c++) {
            everyChar.append((char) c);
        }
        for (int c = 0x10000; c <= 0x10ffff; c++) {
            everyChar.appendCodePoint(c);
        }
        String out = LogText.escape(everyChar, Integer.MAX_VALUE);
        out.codePoints().forEach(c -> {
            int type = Character.getType(c);
            assertFalse(c < 0x20 || type == Character.CONTROL || type == Character.FORMAT
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                    || type == Character.SURROGATE, "U+" + Integer.toHexString(c));
        });
    }

    @ParameterizedTest(name = "{0} chars, max {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            10 | 10 | aaaaaaaaaa
            11 | 10 | aaaaaaaaaa...(1 more chars)
            2048 | 4 | aaaa...(2044 more chars)
            1 | 1 | a
            """)
    void longTextIsTruncatedWithAMarker(int length, int max, String expected) {
        assertEquals(expected, LogText.escape("a".repeat(length), max));
    }

    @Test
    void defaultBoundIsApplied() {
        String out = LogText.escape("x".repeat(5000));
        assertEquals("x".repeat(LogText.DEFAULT_MAX_CHARS) + "...(" + (5000 - LogText.DEFAULT_MAX_CHARS) + " more chars)", out);
    }

    @Test
    void truncationNeverSplitsASurrogatePair() {
        assertEquals("ab...(3 more chars)", LogText.escape("ab\ud83d\ude00c", 3));
        assertEquals("ab\ud83d\ude00...(1 more chars)", LogText.escape("ab\ud83d\ude00c", 4));
    }

    @Test
    void escapesCountAsOneCharacterOfTheBound() {
        assertEquals("\\n\\n...(1 more chars)", LogText.escape("\n\n\n", 2));
    }

    @Test
    void cleanTextIsReturnedAsIs() {
        String clean = "2: closing [id: 0x1] (sid 3) from /127.0.0.1:4711";
        assertSame(clean, LogText.escape(clean));
    }

    @Test
    void nullIsTheWordNull() {
        assertEquals("null", LogText.escape(null));
        assertEquals("null", LogText.lazy(null).toString());
    }

    @Test
    void lazyEscapesOnlyWhenPrinted() {
        StringBuilder value = new StringBuilder("before");
        Object arg = LogText.lazy(value);
        value.setLength(0);
        value.append("after\nforged");
        assertEquals("after\\nforged", arg.toString());
    }

    @Test
    void boundMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LogText.escape("x", 0));
        assertTrue(e.getMessage().contains("maxChars=0"), e.getMessage());
    }

    /** Replaces every {@code {hex}} by that code point. */
    private static String decode(String input) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            int close = c == '{' ? input.indexOf('}', i) : -1;
            if (close > i) {
                out.appendCodePoint(Integer.parseInt(input.substring(i + 1, close), 16));
                i = close;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    @Test
    void hostPort_isHostColonPort_resolvedOrNot() {
        assertEquals("127.0.0.1:3888", LogText.hostPort(java.net.InetSocketAddress.createUnresolved("127.0.0.1", 3888)));
        assertEquals("127.0.0.1:3888", LogText.hostPort(new java.net.InetSocketAddress("127.0.0.1", 3888)));
        assertEquals("zk1.example:2888", LogText.hostPort(java.net.InetSocketAddress.createUnresolved("zk1.example", 2888)));
        assertEquals("[::1]:2888", LogText.hostPort(java.net.InetSocketAddress.createUnresolved("::1", 2888)));
    }
}
