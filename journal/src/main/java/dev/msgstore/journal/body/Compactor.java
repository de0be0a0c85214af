package dev.msgstore.journal.body;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import dev.msgstore.journal.FileModes;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reclaims the space of purged bodies: every sealed segment holding dead bytes is rewritten, its
 * surviving records packed together with those of the other rewritten segments into new segments
 * (up to the roll-over size). A record survives when it is live and is the indexed copy of its
 * digest, so duplicates, orphans and damaged stretches go too. Segments with nothing to reclaim are
 * left as they are.
 *
 * <p>Crash safety: each old segment is deleted only after its survivors are fsynced in the new
 * segment and the index points at them. A crash in between leaves duplicates that the next
 * compaction drops.
 */
final class Compactor {
  private final Path dir;
  private final long maxSegmentBytes;
  private final BodyIndex index;
  private final SegmentReader reader;
  private Output out; // the segment survivors go to; only while compact() runs

  /** A new segment being filled, locked and registered like a writer's. */
  private static final class Output {
    final Path path;
    final FileChannel channel;
    long end;

    Output(Path path, FileChannel channel) {
      this.path = path;
      this.channel = channel;
    }

    String name() {
      return path.getFileName().toString();
    }
  }

  /** A surviving record: where it was and where it went. */
  private record Move(Digest digest, long from, long to, long length) {}

  Compactor(Path dir, long maxSegmentBytes, BodyIndex index, SegmentReader reader) {
    this.dir = dir;
    this.maxSegmentBytes = maxSegmentBytes;
    this.index = index;
    this.reader = reader;
  }

  synchronized long compact(Liveness live) throws IOException {
    long reclaimed = 0;
    try {
      for (Path seg : Segments.list(dir)) {
        reclaimed += Segments.withSealed(seg, 0L, ch -> compactOne(seg, ch, live));
      }
    } finally {
      closeOutput();
    }
    return reclaimed;
  }

  private long compactOne(Path seg, FileChannel ch, Liveness live) throws IOException {
    String name = seg.getFileName().toString();
    Recovery.catchUp(dir, index, ch, seg, false); // its writer may have died since we opened
    long size = ch.size();
    List<Frame> keep = new ArrayList<>();
    List<Frame> dead = new ArrayList<>();
    long[] keptBytes = {0};
    SegmentScanner.scan(
        ch,
        name,
        0,
        false,
        false,
        f -> {
          if (isAt(index.get(f.digest()), name, f.payloadOffset())) {
            if (live.isLive(f.digest())) {
              keep.add(f);
              keptBytes[0] += f.end() - f.start();
            } else {
              dead.add(f);
            }
          }
        });
    if (keptBytes[0] == size && size > 0) {
      return 0; // every byte is a live record
    }
    List<Move> moves = keep.isEmpty() ? List.of() : copy(ch, keep, keptBytes[0]);
    boolean[] dropped = {false};
    live.exclusively(
        () -> {
          for (Frame f : dead) {
            if (live.isLive(f.digest())) {
              // Named since it was judged: keep the segment whole this round. The copies just
              // made are no index's: the next compaction drops them.
              return;
            }
          }
          try (BodyIndex.Batch b = index.write()) {
            for (Move m : moves) {
              if (isAt(b.get(m.digest()), name, m.from())) {
                b.move(m.digest(), new BodyIndex.Location(out.name(), m.to(), m.length()));
              }
            }
            for (Frame f : dead) {
              if (isAt(b.get(f.digest()), name, f.payloadOffset())) {
                b.delete(f.digest());
              }
            }
            if (!moves.isEmpty()) {
              b.watermark(out.name(), out.end);
            }
            b.forgetSegment(name);
            b.commit();
          }
          dropped[0] = true;
        });
    if (!dropped[0]) {
      return 0;
    }
    Files.deleteIfExists(seg);
    Segments.syncDirectory(dir);
    reader.forget(name);
    return size - keptBytes[0];
  }

  /** Appends the surviving frames, whole, to the output segment and makes them durable. */
  private List<Move> copy(FileChannel from, List<Frame> keep, long bytes) throws IOException {
    boolean created = false;
    if (out == null || (out.end > 0 && out.end + bytes > maxSegmentBytes)) {
      closeOutput();
      out = newOutput();
      created = true;
    }
    List<Move> moves = new ArrayList<>(keep.size());
    long pos = out.end;
    for (Frame f : keep) {
      long len = f.end() - f.start();
      for (long done = 0; done < len; ) {
        done += from.transferTo(f.start() + done, len - done, out.channel.position(pos + done));
      }
      moves.add(new Move(f.digest(), f.payloadOffset(), pos + Frame.HEADER_BYTES, f.length()));
      pos += len;
    }
    out.channel.force(false);
    if (created) {
      Segments.syncDirectory(dir);
    }
    out.end = pos;
    return moves;
  }

  private Output newOutput() throws IOException {
    Path path = dir.resolve(Segments.newName());
    FileChannel ch =
        FileChannel.open(path, Set.of(CREATE_NEW, READ, WRITE), FileModes.newFileIn(dir));
    if (ch.tryLock() == null) { // new, so never: the lock keeps recovery elsewhere off it
      ch.close();
      throw new IOException("new segment " + path + " is locked by another process");
    }
    Segments.register(path, ch);
    return new Output(path, ch);
  }

  private void closeOutput() throws IOException {
    if (out != null) {
      Segments.unregister(out.path);
      out.channel.close();
      if (out.end == 0) {
        Files.deleteIfExists(out.path); // nothing went in (a failure before the first copy)
      }
      out = null;
    }
  }

  private static boolean isAt(BodyIndex.Location at, String segment, long offset) {
    return at != null && at.segment().equals(segment) && at.offset() == offset;
  }
}
