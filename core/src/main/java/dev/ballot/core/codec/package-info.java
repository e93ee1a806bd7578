/** The FLE notification codec over {@link java.nio.ByteBuffer}. */
package dev.ballot.core.codec;
