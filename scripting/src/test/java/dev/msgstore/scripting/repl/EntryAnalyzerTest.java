package dev.msgstore.scripting.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Finished, unfinished and wrong entries, and what a finished one runs as. */
class EntryAnalyzerTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "def f() {",
        "[1,",
        "foo(",
        "1 +",
        "x.",
        "a ? b",
        "mboxutil '-l',",
        "'''one",
        "\"\"\"one ${x}",
        "\"one ${x +",
        "/* comment",
        "x = /a(b/ +",
        "[1, 2].each {",
        "if (x) {\n  y",
        "m = [a:",
        "{ x ->"
      })
  void incomplete(String entry) {
    assertInstanceOf(Analysis.Incomplete.class, EntryAnalyzer.analyze(entry), entry);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"foo(1))", "}", "'abc", "\"abc ${x} d", "1 +* 2", "def f() {\n 1 +* 2\n}"})
  void invalid(String entry) {
    assertInstanceOf(Analysis.Invalid.class, EntryAnalyzer.analyze(entry), entry);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "def x = 1                | '    x = 1'",
        "var x = 1; final y = 2   | '    x = 1;       y = 2'",
        "String s = 42            | '       s = (String) (42)'",
        "int[] a = [1]            | '      a = (int[]) ([1])'",
        "List<String> l = []      | '             l = (List) ([])'",
        "def a = 1, b = 2         | '    a = 1; b = 2'",
        "def (p, q) = [1, 2]      | '    (p, q) = [1, 2]'",
        "def z                    | '    z = null'",
        "int n                    | '    n = (int) 0'",
        "@Field def f = 1         | '@Field def f = 1'",
        "def (int i, j) = [1, 2]  | 'def (int i, j) = [1, 2]'",
        "if (c) { def local = 1 } | 'if (c) { def local = 1 }'",
        "def m() { def own = 1 }  | 'def m() { def own = 1 }'",
      })
  void topLevelDeclarationsBecomeBindingAssignments(String entry, String runs) {
    Analysis.Complete complete =
        assertInstanceOf(Analysis.Complete.class, EntryAnalyzer.analyze(entry.strip()));
    assertEquals(runs, complete.code());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "def twice(x) { x * 2 }             | twice(java.lang.Object)",
        "int add(int a, String b) { a }; 1 | add(int,String)",
      })
  void methodsAreKeptBySignature(String entry, String signature) {
    Analysis.Complete complete =
        assertInstanceOf(Analysis.Complete.class, EntryAnalyzer.analyze(entry.strip()));
    assertEquals(signature, complete.methods().get(0).signature());
  }
}
