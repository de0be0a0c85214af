package dev.msgstore.projections;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.msgstore.projections.lmdb.Buf;
import dev.msgstore.projections.lmdb.Table;
import dev.msgstore.projections.model.SharedAccess;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmdbjava.Env;
import org.lmdbjava.Txn;

/** A mailbox's deletion drops its readers' entries and nothing of the mailboxes beside it. */
class ReadershipTest {
  @TempDir Path dir;

  @Test
  void removeAllDropsEveryReaderOfTheMailboxAndNothingOfItsNeighbours() {
    List<String> readers = List.of("", "a", "bob", "zoë", "\uffff");
    try (Env<ByteBuffer> env = Env.create().setMapSize(1L << 26).setMaxDbs(2).open(dir.toFile())) {
      Readership readership = new Readership(new Table(env, "readership"));
      Buf key = new Buf(16);
      Buf value = new Buf(16);
      try (Txn<ByteBuffer> tx = env.txnWrite()) {
        for (long mb : new long[] {6, 7, 8}) {
          for (String user : readers) {
            readership.put(tx, new SharedAccess(mb, user, 10 * mb), key, value);
          }
        }
        readership.removeAll(tx, 7, key);
        assertEquals(List.of(), readership.of(tx, 7));
        for (long mb : new long[] {6, 8}) {
          assertEquals(
              readers.stream().map(u -> new SharedAccess(mb, u, 10 * mb)).toList(),
              readership.of(tx, mb),
              "mailbox " + mb);
        }
      }
    }
  }
}
