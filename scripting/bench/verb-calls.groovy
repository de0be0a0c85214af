// What a script verb costs, per call, against what the same work costs as one JVM per command.
// Run on a scratch store: ./msgstore run --store /tmp/verb-bench scripting/bench/verb-calls.groovy [users]
import java.util.concurrent.TimeUnit

int users = args ? args[0] as int : 1000
if (store.mailboxes('user/*').size() < users) {
  long t0 = System.nanoTime()
  (1..users).each { u ->
    if (!store.mailbox("user/b${u}/INBOX")) {
      mboxutil '-c', "user/b${u}/INBOX"
      mboxutil '-c', "user/b${u}/Sent"
    }
  }
  println String.format('setup: %,d users, %,d durable commits in %.1f s',
      users, 2 * users, (System.nanoTime() - t0) / 1e9)
}

def measure = { String what, int n, Closure work ->
  (1..Math.min(n, 200)).each { work(it) }            // let the JIT see it first
  long t0 = System.nanoTime()
  (1..n).each { work(it) }
  double us = (System.nanoTime() - t0) / 1e3 / n
  println String.format('%-58s %,10.1f µs/call', what, us)
  us
}

int n = 2000
def r = new Random(7)
measure("store.mailboxes('user/bN/*') (typed query)", n) { store.mailboxes("user/b${r.nextInt(users) + 1}/*") }
measure("mboxutil.list(pattern: 'user/bN/*') (typed verb)", n) { mboxutil.list(pattern: "user/b${r.nextInt(users) + 1}/*") }
measure("mboxutil '-l', '-p', 'user/bN/*' (command-line verb)", n) { mboxutil '-l', '-p', "user/b${r.nextInt(users) + 1}/*" }
int created = 0
measure("mboxutil.create('user/bN/Fn') (a durable commit)", 500) {
  mboxutil.create("user/b${r.nextInt(users) + 1}/F${System.nanoTime()}")
}

// The same listing as one JVM per command, as a shell script would run it.
def launcher = System.getProperty('msgstore.launcher')
if (launcher) {
  int runs = 5
  long t0 = System.nanoTime()
  runs.times {
    def p = [launcher, 'mboxutil', '--store', store.root().toString(), '-l', '-p', 'user/b1/*'].execute()
    p.consumeProcessOutput(new StringBuilder(), new StringBuilder())
    p.waitFor(60, TimeUnit.SECONDS)
  }
  println String.format('%-58s %,10.1f µs/call', 'msgstore mboxutil -l -p user/b1/* (a JVM per command)',
      (System.nanoTime() - t0) / 1e3 / runs)
}
