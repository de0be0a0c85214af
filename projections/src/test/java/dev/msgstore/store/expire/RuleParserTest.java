package dev.msgstore.store.expire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleParserTest {
  @Test
  void namedRulesWithEveryCriterion() {
    String text =
        """
        # trash goes after a week
        Trash.folderpattern: user/*/Trash
        Trash.messagedays: 7
        Big.folderpattern: user/%/INBOX
        Big.messagesize: 10M
        Big.messagesizedays: 3
        Big.messagecount: 1000
        Big.foldersizebytes: 2G
        Big.savedays: 90
        Big.seen: and
        Big.deleted: or
        Big.messageheader.Subject: *[SPAM]*
        Big.action: fileinto:Old
        """;
    List<ExpireRule> rules = RuleParser.parseFile("f", text, RuleScope.STORE, false);
    assertEquals(2, rules.size());
    ExpireRule trash = rules.get(0);
    assertEquals("Trash", trash.name());
    assertEquals(7, trash.messageDays());
    assertInstanceOf(ExpireAction.Discard.class, trash.action());
    assertEquals(new RuleSource("f", 2), trash.source());
    assertTrue(trash.folders().matches("user/joe/Trash"));
    assertFalse(trash.folders().matches("user/joe/INBOX"));
    ExpireRule big = rules.get(1);
    assertEquals(10L << 20, big.messageSize());
    assertEquals(3, big.messageSizeDays());
    assertEquals(1000, big.messageCount());
    assertEquals(2L << 30, big.folderSizeBytes());
    assertEquals(90, big.saveDays());
    assertEquals(FlagCondition.AND, big.seen());
    assertEquals(FlagCondition.OR, big.deleted());
    assertTrue(big.headers().get("Subject").matches("Re: [spam] buy"));
    assertEquals(new ExpireAction.FileInto("Old"), big.action());
    assertEquals("user/joe/Old", ((ExpireAction.FileInto) big.action()).target("joe"));
    assertTrue(big.folders().matches("user/ann/INBOX"));
    assertFalse(big.folders().matches("user/ann/x/INBOX"));
  }

  @Test
  void theReferencesUnnamedFormWithASieveTest() {
    String text =
        """
        folderpattern: *
        sieve: require "body"; body :contains "bug";
        action: discard
        """;
    ExpireRule r = RuleParser.parseFile("f", text, RuleScope.STORE, false).get(0);
    assertEquals(RuleParser.UNNAMED, r.name());
    assertTrue(r.sieve().testOnly());
  }

  @Test
  void everyProblemIsReportedWithFileAndLineAndNoRuleComesBack() {
    String text =
        """
        A.folderpattern: *
        A.messagedays: soon
        B.folderpattern: user/*/x
        B.colour: red
        C.folderpattern: *
        C.action: shred
        D.folderpattern: *
        this is not a rule
        E.folderpattern: *
        E.sieve: if header :is "x" { frobnicate; }
        """;
    RuleSyntaxException e =
        assertThrows(
            RuleSyntaxException.class,
            () -> RuleParser.parseFile("/etc/r", text, RuleScope.STORE, false));
    List<String> p = e.problems();
    assertTrue(p.get(0).startsWith("/etc/r:4: unknown attribute colour"), p.toString());
    assertTrue(p.get(1).startsWith("/etc/r:8: not 'rule.attribute: value'"), p.toString());
    assertTrue(
        p.contains("/etc/r:2: rule A: messagedays must be a whole number 0 or more, not 'soon'"),
        p.toString());
    assertTrue(
        p.stream().anyMatch(s -> s.startsWith("/etc/r:6: rule C: action 'shred' is not")),
        p.toString());
    assertTrue(
        p.stream().anyMatch(s -> s.startsWith("/etc/r:7: rule D has no criterion")), p.toString());
    assertTrue(p.stream().anyMatch(s -> s.startsWith("/etc/r:10: rule E: sieve:")), p.toString());
  }

  @Test
  void aStoreRuleNeedsAFolderPatternAUserRuleIsRelativeToTheUser() {
    RuleSyntaxException e =
        assertThrows(
            RuleSyntaxException.class,
            () -> RuleParser.parseFile("f", "messagedays: 3\n", RuleScope.STORE, false));
    assertEquals(
        List.of("f:1: rule rule has no folderpattern (use * for every mailbox)"), e.problems());
    ExpireRule u =
        RuleParser.parseFile(
                "f",
                "Junk.folderpattern: Junk\nJunk.messagedays: 3\n",
                RuleScope.user("joe"),
                false)
            .get(0);
    assertTrue(u.folders().matches("user/joe/Junk"));
    assertFalse(u.folders().matches("user/ann/Junk"));
  }

  @Test
  void anExclusiveRuleMayHaveNoCriteriaAndRegexpPatternsAreWholeName() {
    List<ExpireRule> rules =
        RuleParser.parseFile(
            "f",
            "Keep.exclusive: 1\nKeep.folderpattern: user/boss/.*\nKeep.regexp: 1\n",
            RuleScope.STORE,
            false);
    assertTrue(rules.get(0).exclusive());
    assertFalse(rules.get(0).hasCriteria());
    assertTrue(rules.get(0).folders().matches("user/boss/INBOX"));
    assertFalse(rules.get(0).folders().matches("xuser/boss/INBOX"));
    RuleSyntaxException e =
        assertThrows(
            RuleSyntaxException.class,
            () ->
                RuleParser.parseFile(
                    "f", "folderpattern: (\nregexp: 1\nmessagedays: 1\n", RuleScope.STORE, false));
    assertTrue(
        e.problems().get(0).startsWith("f:1: rule rule: folderpattern bad regular expression"),
        e.problems().toString());
  }

  @Test
  void configutilOptionsAreRulesToo() {
    List<ExpireRule> rules =
        RuleParser.parseOptions(
            Map.of(
                "store.expirerule.Trash.folderpattern", "user/*/Trash",
                "store.expirerule.Trash.messagedays", "30",
                "store.partition.primary.path", "/x"),
            false);
    assertEquals(1, rules.size());
    assertEquals(
        "configutil store.expirerule.Trash.folderpattern", rules.get(0).source().toString());
    RuleSyntaxException e =
        assertThrows(
            RuleSyntaxException.class,
            () ->
                RuleParser.parseOptions(Map.of("store.expirerule.Trash.messagedays", "x"), false));
    assertTrue(
        e.problems().stream()
            .anyMatch(
                p ->
                    p.startsWith(
                        "configutil store.expirerule.Trash.messagedays: rule Trash: messagedays must be")),
        e.problems().toString());
  }

  @Test
  void trailingSpacesOfHeaderValuesCountOnlyWithI() {
    String text = "folderpattern: *\nmessageheader.subject: hi   \n";
    assertFalse(
        RuleParser.parseFile("f", text, RuleScope.STORE, false)
            .get(0)
            .headers()
            .get("subject")
            .matches("hi   "));
    assertTrue(
        RuleParser.parseFile("f", text, RuleScope.STORE, true)
            .get(0)
            .headers()
            .get("subject")
            .matches("hi   "));
  }

  @Test
  void theMtaChannelAttributesAreRefusedSayingWhy() {
    RuleSyntaxException e =
        assertThrows(
            RuleSyntaxException.class,
            () ->
                RuleParser.parseFile(
                    "f",
                    "folderpattern: *\nmessagedays: 1\nchannel: spam\n",
                    RuleScope.STORE,
                    false));
    assertTrue(
        e.problems().get(0).startsWith("f:3: rule rule: channel rescanning through an MTA channel"),
        e.problems().toString());
  }
}
