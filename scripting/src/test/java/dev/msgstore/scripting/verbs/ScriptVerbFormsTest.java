package dev.msgstore.scripting.verbs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.configutil.OptionChange;
import dev.msgstore.commands.configutil.OptionValue;
import dev.msgstore.commands.deliver.Delivery;
import dev.msgstore.commands.domain.DomainRow;
import dev.msgstore.commands.hashdir.UserDirectory;
import dev.msgstore.commands.imcheck.MailboxInfo;
import dev.msgstore.commands.imexpire.ImexpireResult;
import dev.msgstore.commands.iminitquota.QuotaInit;
import dev.msgstore.commands.imsbackup.BackupReport;
import dev.msgstore.commands.imsimport.ImportReport;
import dev.msgstore.commands.imsrestore.RestoreReport;
import dev.msgstore.commands.journal.JournalEntry;
import dev.msgstore.commands.mboxutil.MailboxRow;
import dev.msgstore.commands.mkbackupdir.BackupDirReport;
import dev.msgstore.commands.readership.AclEntrySet;
import dev.msgstore.commands.reconstruct.ReconstructReport;
import dev.msgstore.commands.rehostuser.RehostReport;
import dev.msgstore.commands.undelete.UndeletedMessage;
import dev.msgstore.commands.user.UserRow;
import dev.msgstore.scripting.ScriptHost;
import dev.msgstore.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every script verb in both forms, as a script writes them: the command line as documented and the
 * typed form with named arguments. Both run the command line's own code and return the same result
 * object.
 */
class ScriptVerbFormsTest {
  static final String MESSAGE =
      "From: a@example.com\r\nTo: joe@example.com\r\nSubject: hello\r\n"
          + "Message-ID: <%s@example.com>\r\n\r\nbody\r\n";

  @TempDir Path dir;
  ScriptHost host;
  StringWriter out = new StringWriter();

  @BeforeEach
  void store() {
    Store.open(dir).close();
    host =
        new ScriptHost(
            new ScriptHost.HostSettings(
                dir,
                new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true),
                Map.of(),
                "forms.groovy",
                "msgstore run forms.groovy (by tester)",
                null));
    eval(
        """
        mboxutil '-c', 'user/joe/INBOX'
        mboxutil '-c', 'user/joe/Sent'
        mboxutil.create('user/ann/INBOX')
        mboxutil.create('shared/news')
        """);
  }

  @AfterEach
  void close() {
    host.close();
  }

  Object eval(String code) {
    return host.evaluate(code, "forms.groovy");
  }

  @SuppressWarnings("unchecked")
  List<Object> both(String code) {
    List<Object> r = (List<Object>) eval(code);
    assertEquals(2, r.size());
    assertNotNull(r.get(0), code);
    assertEquals(r.get(0), r.get(1), code);
    return r;
  }

  @Test
  void everyVerbIsBound() {
    assertEquals(
        Set.of(
            "mboxutil",
            "deliver",
            "journal",
            "configutil",
            "imcheck",
            "hashdir",
            "readership",
            "reconstruct",
            "user",
            "domain",
            "iminitquota",
            "imexpire",
            "startMsg",
            "stopMsg",
            "stored",
            "refresh",
            "counterutil",
            "msprobe",
            "impurge",
            "msuserpurge",
            "imquotacheck",
            "relinker",
            "imsconnutil",
            "imscripter",
            "imsbackup",
            "imsrestore",
            "immonitorAccess",
            "imsexport",
            "imsimport",
            "mkbackupdir",
            "imdbverify",
            "restore",
            "imsasm",
            "rehostuser",
            "undelete",
            "journalarchive"),
        host.verbs().keySet());
  }

  @Test
  void mboxutil() {
    List<Object> r =
        both("[mboxutil('-l', '-p', 'user/joe/*'), mboxutil.list(pattern: 'user/joe/*')]");
    List<?> rows = (List<?>) r.get(0);
    assertEquals(
        List.of("user/joe/INBOX", "user/joe/Sent"),
        rows.stream().map(x -> ((MailboxRow) x).mailbox()).toList());
    assertEquals("", out.toString(), "a verb prints nothing unless asked");
    eval("mboxutil.list(pattern: 'user/ann/*', print: true)");
    assertTrue(out.toString().contains("user/ann/INBOX"), out.toString());
  }

  @Test
  void deliver() {
    Object cli =
        eval(
            "deliver '-m', 'Sent', 'joe', stdin: String.format(MESSAGE, 'one')"
                .replace("MESSAGE", quoted()));
    Object typed =
        eval(
            "deliver(folder: 'Sent', stdin: String.format(MESSAGE, 'two'), 'joe')"
                .replace("MESSAGE", quoted()));
    for (Object o : List.of(cli, typed)) {
      Delivery.Recipient r = assertInstanceOf(Delivery.class, o).recipients().get(0);
      assertEquals("user/joe/Sent", r.mailbox());
      assertTrue(r.delivered(), r.toString());
    }
    assertEquals(1, ((Delivery) cli).recipients().get(0).uid());
    assertEquals(2, ((Delivery) typed).recipients().get(0).uid());
  }

  @Test
  @SuppressWarnings("unchecked")
  void journal() {
    List<Object> r =
        both(
            "[journal('--actor', 'forms.groovy', '--mailbox', 'user/joe/*'),"
                + " journal(actor: 'forms.groovy', mailbox: 'user/joe/*')]");
    List<JournalEntry> entries = (List<JournalEntry>) r.get(0);
    assertEquals(2, entries.size());
    assertTrue(entries.get(1).meta().origin().endsWith("line 2: mboxutil -c user/joe/Sent"));
  }

  @Test
  void journalarchive() {
    List<Object> r = both("[journalarchive('--days', '3'), journalarchive(days: 3)]");
    assertEquals(List.of(), r.get(0), "nothing as old in a store made today");
  }

  @Test
  void configutil() {
    Object set = eval("configutil '-o', 'store.cleanupage', '-v', '24'");
    assertEquals(List.of(new OptionChange("store.cleanupage", null, "24")), set, "the change made");
    Object typedSet = eval("configutil(option: 'store.cleanupage', value: '48')");
    assertEquals(List.of(new OptionChange("store.cleanupage", "24", "48")), typedSet);
    List<Object> r =
        both("[configutil('-o', 'store.cleanupage'), configutil(option: 'store.cleanupage')]");
    assertEquals("48", ((OptionValue) r.get(0)).value());
    Object fromStdin = eval("configutil '-i', '-', stdin: 'store.cleanupage = 12\\n'");
    assertEquals(List.of(new OptionChange("store.cleanupage", "48", "12")), fromStdin);
    Object typedStdin = eval("configutil(input: '-', stdin: 'store.cleanupage = 6\\n')");
    assertEquals(List.of(new OptionChange("store.cleanupage", "12", "6")), typedStdin);
  }

  @Test
  void imcheck() {
    List<Object> r = both("[imcheck('-m', 'user/joe/INBOX'), imcheck(mailbox: 'user/joe/INBOX')]");
    assertInstanceOf(MailboxInfo.class, r.get(0));
    assertTrue(r.get(0).toString().contains("user/joe/INBOX"), r.get(0).toString());
    List<Object> fast =
        both(
            "[imcheck('-F', '-m', 'user/joe/INBOX').largestBytes,"
                + " imcheck(fast: true, mailbox: 'user/joe/INBOX').largestBytes]");
    assertEquals(-1L, ((Number) fast.get(0)).longValue(), "-F reads no message");
    List<Object> folders =
        both("[imcheck('-d', 'folder.db').size(), imcheck(table: 'folder.db').size()]");
    assertEquals(4, ((Number) folders.get(0)).intValue(), "the four mailboxes of the set-up");
  }

  @Test
  void theAccountFormNamesTheInboxInBothForms() {
    List<Object> r = both("[imcheck('-m', 'user/joe'), imcheck(mailbox: 'user/joe')]");
    assertEquals(eval("imcheck(mailbox: 'user/joe/INBOX')"), r.get(0));
  }

  @Test
  @SuppressWarnings("unchecked")
  void hashdir() {
    List<Object> r = both("[hashdir('-a', 'joe'), hashdir.append('joe')]");
    UserDirectory d = ((List<UserDirectory>) r.get(0)).get(0);
    assertEquals("joe", d.user());
    assertTrue(d.directory().matches("[0-9a-f]{2}/[0-9a-f]{2}/=?joe/?"), d.directory());
  }

  @Test
  @SuppressWarnings("unchecked")
  void readership() {
    List<AclEntrySet> cli =
        (List<AclEntrySet>) eval("readership '-s', 'shared/news', 'anyone', 'lr'");
    assertEquals(List.of(new AclEntrySet("shared/news", "anyone", "lr")), cli);
    List<AclEntrySet> typed =
        (List<AclEntrySet>) eval("readership.set('shared/news', 'joe', 'lrs')");
    assertEquals(List.of(new AclEntrySet("shared/news", "joe", "lrs")), typed);
    both("[readership('-d', '30'), readership(days: 30)]");
  }

  @Test
  @SuppressWarnings("unchecked")
  void userAndDomain() {
    DomainRow d = (DomainRow) eval("domain 'create', 'example.org', '--quota', '10G'");
    assertEquals(10L << 30, d.quotaBytes());
    DomainRow m = (DomainRow) eval("domain.modify('example.org', status: 'hold')");
    assertEquals("hold", m.status());
    UserRow cli = (UserRow) eval("user 'create', 'joe@example.org', '--quota', '5G'");
    UserRow typed =
        (UserRow) eval("user.create('ann@example.org', quota: '5G', alias: 'sales@example.org')");
    assertEquals(5L << 30, cli.quotaBytes());
    assertEquals(List.of("sales@example.org"), typed.aliases());
    both("[user('show', 'ann@example.org'), user.show('ann@example.org')]");
    List<Object> listed = both("[user('list', '*@example.org'), user.list('*@example.org')]");
    assertEquals(
        List.of("ann@example.org", "joe@example.org"),
        ((List<UserRow>) listed.get(0)).stream().map(UserRow::name).toList());
    both("[domain('list'), domain.list()]");
    UserRow held = (UserRow) eval("user 'status', 'joe@example.org', 'hold'");
    assertEquals("hold", held.status());
    assertEquals(
        "active", ((UserRow) eval("user.setStatus('joe@example.org', 'active')")).status());
    UserRow passwd = (UserRow) eval("user.passwd('joe@example.org', stdin: 'a-Secret\\n')");
    assertEquals("set", passwd.password());
    eval("user 'delete', 'ann@example.org'");
    eval("user.delete('joe@example.org')");
    both("[user('list'), user.list()]");
    assertEquals(List.of(), eval("user.list()"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void iminitquota() {
    eval("user 'create', 'joe', '--quota', '5G'");
    List<Object> r = both("[iminitquota('-a', '-s'), iminitquota.all(usage: true)]");
    List<QuotaInit> rows = (List<QuotaInit>) r.get(0);
    assertEquals(List.of("ann", "joe"), rows.stream().map(QuotaInit::user).toList());
    assertEquals(5L << 30, rows.get(1).limitBytes());
    assertTrue(rows.get(1).inDirectory() && rows.get(1).recounted());
    both("[iminitquota('-u', 'joe'), iminitquota(user: 'joe')]");
  }

  @Test
  void impurge() {
    List<Object> r = both("[impurge('-e'), impurge(exitWhenEmpty: true)]");
    assertEquals(1, ((List<?>) r.get(0)).size(), "one pass");
  }

  @Test
  void imquotacheck() {
    both("[imquotacheck('-u', 'joe').rows, imquotacheck(user: 'joe').rows]");
    both("[imquotacheck('-a').rows, imquotacheck.fromDirectory().rows]");
  }

  @Test
  void relinker() {
    both("[relinker('-p', 'primary').size(), relinker(partition: 'primary').size()]");
  }

  @Test
  void msuserpurge() {
    eval("user 'create', 'joe'");
    both("[msuserpurge('-r', '-g', '3'), msuserpurge(report: true, graceDays: 3)]");
  }

  @Test
  void imexpire() throws java.io.IOException {
    eval("deliver 'joe', stdin: String.format(MESSAGE, 'x')".replace("MESSAGE", quoted()));
    Path rules = dir.resolve("rules.txt");
    java.nio.file.Files.writeString(rules, "R.folderpattern: user/joe/*\nR.messagecount: 0\n");
    String file = "'" + rules + "'";
    List<Object> r =
        both(
            "[imexpire('-n', '-f', "
                + file
                + "),"
                + " imexpire(trial: true, ruleFile: java.nio.file.Path.of("
                + file
                + "))]");
    ImexpireResult trial = (ImexpireResult) r.get(0);
    assertTrue(trial.trial() && trial.discarded() == 1, trial.toString());
    ImexpireResult done =
        (ImexpireResult) eval("imexpire(ruleFile: java.nio.file.Path.of(" + file + "))");
    assertEquals(1, done.discarded());
    assertEquals(1, done.commits());
  }

  @Test
  @SuppressWarnings("unchecked")
  void undelete() {
    eval(
        """
        deliver '-m', 'Sent', 'joe', stdin: String.format(MESSAGE, 'gone')
        mboxutil '-d', 'user/joe/Sent'
        """
            .replace("MESSAGE", quoted()));
    List<Object> r =
        both(
            "[undelete('user/joe', '--from', 'A@EXAMPLE', '--list'),"
                + " undelete(from: 'A@EXAMPLE', list: true, 'user/joe')]");
    List<UndeletedMessage> found = (List<UndeletedMessage>) r.get(0);
    assertEquals(1, found.size(), found.toString());
    assertEquals("Sent", found.get(0).folder());
    assertTrue(found.get(0).folderDeleted());
    assertEquals("hello", found.get(0).subject());
    List<UndeletedMessage> done =
        (List<UndeletedMessage>) eval("undelete(subject: 'hello', into: 'Back', 'user/joe')");
    assertEquals("restored", done.get(0).status());
    assertEquals("Back", done.get(0).restoredTo());
    assertEquals(List.of(), eval("undelete('user/joe', '--subject', 'hello')"), "restored once");
  }

  @Test
  void imsbackupAndImsrestore() {
    eval("deliver 'joe', stdin: String.format(MESSAGE, 'b')".replace("MESSAGE", quoted()));
    String f = dir.resolve("joe.bak").toString();
    List<Object> b =
        both(
            "[imsbackup('-f', '" + f + "', 'user/joe'), imsbackup(file: '" + f + "', 'user/joe')]");
    BackupReport report = (BackupReport) b.get(0);
    assertEquals(List.of("user/joe/INBOX", "user/joe/Sent"), report.mailboxes());
    assertEquals(1, report.messages());
    List<Object> t =
        both("[imsrestore('-f', '" + f + "', '-t'), imsrestore(file: '" + f + "', toc: true)]");
    assertTrue(((RestoreReport) t.get(0)).complete());
    RestoreReport r = (RestoreReport) eval("imsrestore.dated(file: '" + f + "')");
    assertEquals(1, r.messages());
  }

  @Test
  void imsexportImsimportMkbackupdir() {
    eval("deliver 'joe', stdin: String.format(MESSAGE, 'x')".replace("MESSAGE", quoted()));
    String d = dir.resolve("export").toString();
    List<Object> e =
        both(
            "[imsexport('-u', 'joe', '-d', '"
                + d
                + "'), imsexport(user: 'joe', dir: '"
                + d
                + "')]");
    assertEquals(2, ((List<?>) e.get(0)).size());
    String inbox = dir.resolve("export/INBOX").toString();
    ImportReport first =
        (ImportReport) eval("imsimport('-u', 'ann', '-s', '" + inbox + "', '-d', 'a')");
    ImportReport second =
        (ImportReport) eval("imsimport(user: 'ann', source: '" + inbox + "', folder: 'b')");
    assertEquals(1, first.messages());
    assertEquals(first.messages(), second.messages());
    // a second run synchronizes (creates nothing): each form gets a directory of its own
    BackupDirReport one = (BackupDirReport) eval("mkbackupdir('-p', '" + dir.resolve("bd1") + "')");
    BackupDirReport two = (BackupDirReport) eval("mkbackupdir(path: '" + dir.resolve("bd2") + "')");
    assertEquals(one.created(), two.created());
    assertTrue(one.created().contains("primary/ALL/joe/INBOX"), one.toString());
  }

  @Test
  void restore() {
    String t = java.time.Instant.now().toString();
    eval("mboxutil '-d', 'user/joe/Sent'");
    both(
        ("[restore('--at', 'T', '--dry-run', 'user/joe').changed(),"
                + " restore(at: 'T', dryRun: true, 'user/joe').changed()]")
            .replace("T", t));
    dev.msgstore.store.restore.RestoreResult done =
        (dev.msgstore.store.restore.RestoreResult)
            eval("restore(at: 'T', 'user/joe')".replace("T", t));
    assertEquals(1, done.changed());
    assertEquals("user/joe/Sent", done.mailboxes().get(1).mailbox());
    assertTrue(done.mailboxes().get(1).created());
  }

  @Test
  void imsasm() throws Exception {
    eval("deliver 'joe', stdin: String.format(MESSAGE, 'a')".replace("MESSAGE", quoted()));
    eval("mkbackupdir('-p', '" + dir.resolve("bd") + "')");
    String joe = dir.resolve("bd/primary/ALL/joe").toString();
    List<Object> n =
        both(
            "[imsasm('-s', '-n', '"
                + joe
                + "').records, imsasm(save: true, dryRun: true, files: '"
                + joe
                + "').records]");
    assertEquals(3, ((List<?>) n.get(0)).size(), n.toString()); // INBOX, Sent and the account
    // a save stream as NetWorker gets it (standard output, bytes), compared in both forms
    java.io.ByteArrayOutputStream saved = new java.io.ByteArrayOutputStream();
    dev.msgstore.commands.cli.CliContext ctx =
        new dev.msgstore.commands.cli.CliContext(
            new dev.msgstore.commands.cli.ByteWriter(saved, true),
            new PrintWriter(new StringWriter(), true),
            java.io.InputStream.nullInputStream(),
            Map.of(),
            "tester",
            "msgstore imsasm",
            null);
    assertEquals(
        0,
        dev.msgstore.commands.Main.commandLine(ctx)
            .execute("imsasm", "--store", dir.toString(), "-s", joe));
    Path f = dir.resolve("joe.asm");
    java.nio.file.Files.write(f, saved.toByteArray());
    List<Object> c =
        both(
            ("[imsasm('-c', stdin: new File('@')).differing,"
                    + " imsasm(compare: true, stdin: new File('@')).differing]")
                .replace("@", f.toString()));
    assertEquals(0L, ((Number) c.get(0)).longValue());
  }

  @Test
  void rehostuser() throws IOException {
    // the destination host mail2: a store of its own, reached through a stand-in for ssh that
    // runs the command line through a shell with that store as MSGSTORE_HOME
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path hosts = Files.createDirectories(dir.resolve("hosts"));
    String childJava =
        dev.msgstore.journal.ChildJava.command(
                List.of("-Xmx256m"), dev.msgstore.commands.Main.class.getName())
            .stream()
            .map(a -> "'" + a.replace("'", "'\\''") + "'")
            .collect(java.util.stream.Collectors.joining(" "));
    for (String verb : List.of("imsrestore", "imsbackup")) {
      executable(bin.resolve(verb), "exec " + childJava + " " + verb + " \"$@\"");
    }
    executable(
        bin.resolve("ssh"),
        "host=$1; shift\nexport MSGSTORE_HOME='" + hosts + "'/$host\nexec /bin/sh -c \"$*\"");
    eval("user 'create', 'joe'\nuser 'create', 'ann'");
    String ssh = bin.resolve("ssh").toString();
    String restore = bin.resolve("imsrestore").toString();
    RehostReport joe =
        (RehostReport)
            eval(
                "rehostuser '-u', 'joe', '-d', 'mail2', '-s', '"
                    + ssh
                    + "', '-r', '"
                    + restore
                    + "'");
    RehostReport ann =
        (RehostReport)
            eval(
                "rehostuser(user: 'ann', host: 'mail2', ssh: '"
                    + ssh
                    + "', imsrestore: '"
                    + restore
                    + "', keepSource: true)");
    assertEquals("moved", joe.outcome());
    assertEquals(List.of("user/joe/INBOX", "user/joe/Sent"), joe.folders());
    assertTrue(joe.sourceDeleted());
    assertEquals("moved", ann.outcome());
    assertEquals(List.of("user/ann/INBOX"), ann.folders());
    assertTrue(!ann.sourceDeleted());
  }

  private static void executable(Path f, String body) throws IOException {
    Files.writeString(f, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(
        f, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void imdbverify() {
    eval("imdbverify '-s'");
    both("[imdbverify('-m'), imdbverify(verify: true)]");
  }

  @Test
  void reconstruct() {
    eval("deliver 'joe', stdin: String.format(MESSAGE, 'r')".replace("MESSAGE", quoted()));
    List<Object> r =
        both(
            "[reconstruct('-n', 'user/joe/INBOX').bodies.figures.items,"
                + " reconstruct(reportOnly: true, 'user/joe/INBOX').bodies.figures.items]");
    assertEquals(1L, ((Number) r.get(0)).longValue(), "one message body checked");
    ReconstructReport whole = (ReconstructReport) eval("reconstruct.reportOnly('user/joe/INBOX')");
    assertTrue(!whole.damageLeft(), whole.toString());
    // The reference's "reconstruct -p primary mbox1 mbox2": the mailboxes, within the partition.
    List<Object> scoped =
        both(
            "[reconstruct('-n', '-p', 'primary', 'user/joe/INBOX').bodies.mailboxes,"
                + " reconstruct(reportOnly: true, partition: 'primary', 'user/joe/INBOX')"
                + ".bodies.mailboxes]");
    assertEquals(1, ((Number) scoped.get(0)).intValue());
    VerbException e = assertThrows(VerbException.class, () -> eval("reconstruct '-f', '-n'"));
    assertEquals(64, e.exitCode());
    assertTrue(e.getMessage().contains("-f, -n and -x exclude each other"), e.getMessage());
    assertTrue(!e.getMessage().contains("reconstruct: reconstruct:"), e.getMessage());
  }

  @Test
  void reconstructSkipsADamagedCommitInBothForms() throws IOException {
    for (String m : List.of("d1", "d2", "d3")) {
      eval(
          "deliver 'joe', stdin: String.format(MESSAGE, 'M')"
              .replace("MESSAGE", quoted())
              .replace("'M'", "'" + m + "'"));
    }
    List<?> entries = (List<?>) eval("journal()");
    int second = entries.size() - 2; // d2's commit; d3's vouches for it: damage, not a torn tail
    String index = "0x" + Long.toHexString(((JournalEntry) entries.get(second)).index());
    flipInDataDocument(second);
    List<Object> r =
        both(
            ("[reconstruct('--dry-run', '--skip-commit', 'I').journalRepair.damaged.after.commits,"
                    + " reconstruct(dryRun: true, skipCommit: 'I').journalRepair.damaged.after"
                    + ".commits]")
                .replace("I", index));
    assertEquals(1L, ((Number) r.get(0)).longValue(), "d3 after it");
    for (String reportOnly :
        List.of(
            "reconstruct('-n', '--skip-commit', 'I')", "reconstruct.reportOnly(skipCommit: 'I')")) {
      VerbException left =
          assertThrows(VerbException.class, () -> eval(reportOnly.replace("I", index)));
      assertEquals(65, left.exitCode(), "damage found and left");
    }
    // The projections are past it, so only what reads the journal itself meets it.
    VerbException refused = assertThrows(VerbException.class, () -> eval("journal()"));
    assertEquals(65, refused.exitCode());
    assertTrue(refused.getMessage().contains("--skip-commit " + index), refused.getMessage());
    ReconstructReport done = (ReconstructReport) eval("reconstruct(skipCommit: '" + index + "')");
    assertEquals(1, done.journalRepair().voided());
    List<?> rows = (List<?>) eval("mboxutil.list(pattern: 'user/joe/INBOX')");
    assertEquals(2, ((MailboxRow) rows.getFirst()).messages(), "d1 and d3");
    assertEquals(entries.size(), ((List<?>) eval("journal()")).size(), "d2 out, a record in");
  }

  /** Flips a bit in the middle of the journal's {@code n}th data document, under the open host. */
  private void flipInDataDocument(int n) throws IOException {
    Path cycle;
    try (Stream<Path> s = Files.list(dir.resolve("journal"))) {
      cycle = s.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
    }
    try (RandomAccessFile f = new RandomAccessFile(cycle.toFile(), "rw")) {
      byte[] b = new byte[4];
      int seen = 0;
      for (long pos = 0; ; ) {
        f.seek(pos);
        f.readFully(b);
        int header = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt();
        assertTrue(header > 0, "data document " + n);
        int length = header & 0x3FFFFFFF;
        if ((header & 0x40000000) == 0 && seen++ == n) {
          f.seek(pos + 4 + length / 2);
          int v = f.read();
          f.seek(pos + 4 + length / 2);
          f.write(v ^ 0x04);
          return;
        }
        pos = (pos + 4 + length + 3) & ~3L;
      }
    }
  }

  /**
   * The daemon's verbs ({@code start-msg} is {@code startMsg} in a script) against a real daemon in
   * a child JVM: each returns records, in both forms.
   */
  @Test
  void theDaemonVerbs() throws Exception {
    int port;
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    eval("configutil '-o', 'service.http.port', '-v', '" + port + "'");
    try {
      assertEquals(
          List.of("store", "http", "ready", "ready"),
          eval(
              "def r = startMsg('store', 'http'); [*r.components*.component,"
                  + " *r.components*.state]"));
      long pid = Long.parseLong(Files.readString(dir.resolve("run/daemon.pid")).strip());
      assertEquals(
          List.of(true, pid, true, pid),
          eval(
              "[stored('-t').ready, stored('-t').daemonPid, stored.test().ready,"
                  + " stored.test(verbose: true).daemonPid]"));
      List<Object> refreshed = both("[refresh('store'), refresh(components: ['store'])]");
      assertEquals(
          "[Refreshed[component=store, outcome=unchanged, option=, was=, now=]]",
          refreshed.get(0).toString());
      // a probe's time differs run to run: compare what it found
      assertEquals(
          List.of(List.of("http", port, true), List.of("http", port, true)),
          eval(
              "[msprobe('-n', 'http')[0], msprobe(server: 'http', noRestart: true)[0]]"
                  + ".collect { [it.server, it.port, it.status != 'BAD'] }"));
      List<Object> objects = both("[counterutil('-l'), counterutil.list()]");
      assertEquals(5, ((List<?>) objects.get(0)).size());
      assertEquals(
          List.of("storestat", "running"),
          eval(
              "def o = counterutil.list().find { it.object == 'storestat' }; [o.object, o.state]"));
      both(
          "[counterutil('-o', 'storestat', '-n', '1')*.counter,"
              + " counterutil(object: 'storestat', iterations: 1)*.counter]");
      assertEquals(
          List.of("msgstore_journal_commits_total", "msgstore_journal_commits_total"),
          eval(
              "[counterutil('-s', '-o', 'storestat', '-c', 'msgstore_journal_commits_total')[0]"
                  + ".counter, counterutil.reset(object: 'storestat',"
                  + " counter: 'msgstore_journal_commits_total')[0].counter]"));
      assertEquals(
          List.of("http", "stopped", true),
          eval(
              "def s = stopMsg(components: ['http']); [s.components[0].component,"
                  + " s.components[0].state, startMsg('http').wasRunning]"));
      // imsconnutil: nobody is connected, nothing was recorded, nobody to disconnect
      assertEquals(
          List.of(List.of(), List.of()),
          both("[imsconnutil('-c', '-s', 'imap'), imsconnutil.connected(service: 'imap')]"));
      assertEquals(
          List.of(List.of(), List.of()), both("[imsconnutil('-a'), imsconnutil.access()]"));
      assertEquals(
          List.of(List.of("joe", 0), List.of("joe", 0)),
          eval(
              "[imsconnutil('-k', '-u', 'joe')[0], imsconnutil.kill(uid: 'joe')[0]]"
                  + ".collect { [it.user, it.sessions] }"));
      // immonitor-access: the daemon's http is up, in both forms
      assertEquals(
          List.of(List.of("http"), List.of("http")),
          both(
              "[immonitorAccess('-H', '127.0.0.1:"
                  + port
                  + "').findAll { it.error() == null }*.service,"
                  + " immonitorAccess(http: ['127.0.0.1:"
                  + port
                  + "']).findAll { it.error() == null }*.service]"));
      // imscripter: an IMAP client of the daemon's imap, in both forms
      int imap;
      try (java.net.ServerSocket s =
          new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        imap = s.getLocalPort();
      }
      eval(
          "user('create', 'joe'); user('passwd', 'joe', stdin: 'pw-joe\\n');"
              + " configutil '-o', 'service.imap.port', '-v', '"
              + imap
              + "'; startMsg('imap')");
      List<Object> scripted =
          both(
              "[imscripter('-s', '127.0.0.1', '-p', '"
                  + imap
                  + "', '-u', 'joe', '-x', 'pw-joe', '-c', '!noop')*.completion,"
                  + " imscripter(server: '127.0.0.1', port: "
                  + imap
                  + ", userid: 'joe', password: 'pw-joe', command: '!noop')*.completion]");
      assertEquals("NOOP completed", ((List<?>) scripted.get(0)).get(1).toString().substring(3));
      assertEquals(
          List.of(pid, true), eval("def s = stopMsg(waitSeconds: 30); [s.pid, s.wasRunning]"));
      assertEquals(List.of(-1L, false), eval("def s = stopMsg(); [s.pid, s.wasRunning]"));
    } finally {
      for (String f : List.of("watcher.pid", "daemon.pid")) {
        Path pid = dir.resolve("run").resolve(f);
        if (Files.exists(pid)) {
          ProcessHandle.of(Long.parseLong(Files.readString(pid).strip()))
              .ifPresent(ProcessHandle::destroyForcibly);
        }
      }
    }
  }

  @Test
  void theSharedOptionsAreNamedArgumentsToo() {
    List<Object> r =
        both(
            "[hashdir('--format', 'json', 'joe', print: true),"
                + " hashdir(format: 'json', print: true, 'joe')]");
    String json =
        "{\"user\":\"joe\",\"directory\":\""
            + ((UserDirectory) ((List<?>) r.get(0)).get(0)).directory()
            + "\"}\n";
    assertEquals(json + json, out.toString(), "each form printed its result as JSON");
    List<Object> dry =
        both(
            "[mboxutil('--dry-run', '-c', 'user/zed/INBOX'),"
                + " mboxutil.create(dryRun: true, 'user/zed/INBOX')]");
    assertNotNull(dry.get(0));
    assertEquals(List.of(), eval("mboxutil.list(pattern: 'user/zed/*')"), "nothing was written");
  }

  @Test
  void aBadNamedArgumentOrModeSaysWhatTheVerbTakes() {
    VerbException e =
        assertThrows(VerbException.class, () -> eval("mboxutil.list(patern: 'user/*')"));
    assertEquals(64, e.exitCode());
    assertTrue(e.getMessage().contains("no named argument 'patern'"), e.getMessage());
    assertTrue(e.getMessage().contains("pattern"), e.getMessage());
    VerbException m = assertThrows(VerbException.class, () -> eval("mboxutil.lsit()"));
    assertTrue(
        m.getMessage().contains("no mode 'lsit'; its modes are: list, create"), m.getMessage());
  }

  private static String quoted() {
    return "'''" + MESSAGE + "'''";
  }
}
