package dev.signet.revocation;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * The on-disk format of a revocation log, and its reader.
 *
 * <pre>
 * file    = header record*
 * header  = "SIGNETRL" version:int32          (12 bytes; version 1)
 * record  = length:int32 crc:int32 payload    (length = payload bytes, 9..MAX_PAYLOAD)
 * crc     = CRC32C(length bytes ++ payload)
 * payload = kind:int8 expiresAtMs:int64 [beforeMs:int64] [idLength:uint16 id:UTF-8]
 *           kind 1 token, 2 session (id); 3 subject (before, id); 4 global (before)
 * </pre>
 *
 * <p>All integers are big-endian. A record is written with one positional write and forced to
 * stable storage before {@code revoke} returns.
 *
 * <p><b>Torn and corrupt records.</b> A record that is incomplete or fails its CRC and that
 * ends the file within the size of one record is a <i>torn tail</i> (a writer was interrupted):
 * it is skipped, never interpreted, and the next writer truncates it under the lock before it
 * appends. A bad record followed by more than one record's worth of bytes cannot come from an
 * interrupted append: the file is <i>corrupt</i> and is refused rather than partly read.
 */
final class RevocationLog {
  static final byte[] MAGIC = "SIGNETRL".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;
  static final int HEADER_SIZE = 12;
  static final int MAX_ID_BYTES = 256 * 3;
  static final int MIN_PAYLOAD = 1 + 8;
  static final int MAX_PAYLOAD = 1 + 8 + 8 + 2 + MAX_ID_BYTES;
  static final int MAX_RECORD = 8 + MAX_PAYLOAD;

  private RevocationLog() {}

  static ByteBuffer header() {
    ByteBuffer b = ByteBuffer.allocate(HEADER_SIZE);
    b.put(MAGIC).putInt(VERSION).flip();
    return b;
  }

  /** Checks the header; throws with a message that says the file is not a revocation log. */
  static void checkHeader(FileChannel ch, Object where) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(HEADER_SIZE);
    readFully(ch, b, 0);
    b.flip();
    if (b.remaining() < HEADER_SIZE) {
      throw new IOException(where + " is not a Signet revocation log (too short)");
    }
    byte[] magic = new byte[MAGIC.length];
    b.get(magic);
    if (!java.util.Arrays.equals(magic, MAGIC)) {
      throw new IOException(where + " is not a Signet revocation log");
    }
    int version = b.getInt();
    if (version != VERSION) {
      throw new IOException(where + " is a revocation log of unsupported version " + version);
    }
  }

  static ByteBuffer encode(Revocation r) {
    byte kind;
    switch (r.kind()) {
      case TOKEN:
        kind = 1;
        break;
      case SESSION:
        kind = 2;
        break;
      case SUBJECT:
        kind = 3;
        break;
      case GLOBAL:
      default:
        kind = 4;
    }
    byte[] id = r.id().map(s -> s.getBytes(StandardCharsets.UTF_8)).orElse(null);
    int len = 1 + 8 + (r.before().isPresent() ? 8 : 0) + (id == null ? 0 : 2 + id.length);
    ByteBuffer b = ByteBuffer.allocate(8 + len);
    b.putInt(len).putInt(0).put(kind).putLong(r.expiresAt().toEpochMilli());
    r.before().ifPresent(t -> b.putLong(t.toEpochMilli()));
    if (id != null) {
      b.putShort((short) id.length).put(id);
    }
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 0, 4);
    crc.update(b.array(), 8, len);
    b.putInt(4, (int) crc.getValue());
    b.flip();
    return b;
  }

  /** The outcome of reading records from a position to the end of the file. */
  static final class ReadResult {
    /** The end of the last good record: where the next record belongs. */
    final long end;
    /** Records read. */
    final int records;
    /** Bytes after {@link #end} that are a torn tail (0 if none). */
    final long tornBytes;

    ReadResult(long end, int records, long tornBytes) {
      this.end = end;
      this.records = records;
      this.tornBytes = tornBytes;
    }
  }

  /**
   * Reads every good record from {@code pos} to the end of the file, handing each to
   * {@code sink}, and stops before a torn tail.
   *
   * @throws IOException on a read failure, or if the file is corrupt (see the class comment)
   */
  static ReadResult read(FileChannel ch, long pos, Consumer<Revocation> sink, Object where) throws IOException {
    long size = ch.size();
    ByteBuffer buf = ByteBuffer.allocate(1 << 16);
    long bufStart = pos;
    buf.limit(0);
    int records = 0;
    CRC32C crc = new CRC32C();
    while (true) {
      long remainingInFile = size - pos;
      if (remainingInFile == 0) {
        return new ReadResult(pos, records, 0);
      }
      // Make sure the buffer holds the whole next record, or everything that is left.
      int want = (int) Math.min(remainingInFile, MAX_RECORD);
      if (buf.remaining() < want) {
        buf.compact();
        bufStart = pos;
        long readAt = pos + buf.position();
        while (buf.hasRemaining() && readAt < size) {
          int n = ch.read(buf, readAt);
          if (n < 0) {
            break;
          }
          readAt += n;
        }
        buf.flip();
        if (buf.remaining() < want) {
          // The file shrank under us (a compaction by another process): stop here.
          size = bufStart + buf.remaining();
          continue;
        }
      }
      int at = buf.position();
      String problem = null;
      Revocation r = null;
      int length = 0;
      if (buf.remaining() < 8) {
        problem = "incomplete record header";
      } else {
        length = buf.getInt(at);
        if (length < MIN_PAYLOAD || length > MAX_PAYLOAD) {
          problem = "bad record length " + length;
        } else if (buf.remaining() < 8 + length) {
          problem = "incomplete record";
        } else {
          crc.reset();
          crc.update(buf.array(), at, 4);
          crc.update(buf.array(), at + 8, length);
          if ((int) crc.getValue() != buf.getInt(at + 4)) {
            problem = "checksum mismatch";
          } else {
            try {
              r = decode(ByteBuffer.wrap(buf.array(), at + 8, length).slice());
            } catch (IllegalArgumentException | java.nio.BufferUnderflowException e) {
              throw new IOException(where + " is corrupt: unreadable record at offset " + pos);
            }
          }
        }
      }
      if (problem != null) {
        if (remainingInFile <= MAX_RECORD) {
          return new ReadResult(pos, records, remainingInFile);
        }
        throw new IOException(where + " is corrupt: " + problem + " at offset " + pos);
      }
      sink.accept(r);
      records++;
      buf.position(at + 8 + length);
      pos += 8 + length;
    }
  }

  private static Revocation decode(ByteBuffer p) {
    byte kind = p.get();
    Instant expires = Instant.ofEpochMilli(p.getLong());
    Revocation r;
    switch (kind) {
      case 1:
        r = Revocation.token(id(p), expires);
        break;
      case 2:
        r = Revocation.session(id(p), expires);
        break;
      case 3: {
        Instant before = Instant.ofEpochMilli(p.getLong());
        r = Revocation.subject(id(p), before, expires);
        break;
      }
      case 4:
        r = Revocation.global(Instant.ofEpochMilli(p.getLong()), expires);
        break;
      default:
        throw new IllegalArgumentException("unknown kind " + kind);
    }
    if (p.hasRemaining()) {
      throw new IllegalArgumentException("trailing bytes");
    }
    return r;
  }

  private static String id(ByteBuffer p) {
    int n = Short.toUnsignedInt(p.getShort());
    if (n > MAX_ID_BYTES || n > p.remaining()) {
      throw new IllegalArgumentException("bad id length");
    }
    byte[] b = new byte[n];
    p.get(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
    while (b.hasRemaining()) {
      int n = ch.read(b, pos);
      if (n < 0) {
        return;
      }
      pos += n;
    }
  }
}
