package dev.msgstore.services.imap.command;

/** The commands of RFC 4314 (ACL), section 3, as {@link CommandParser} reads them. */
final class AclParser {
  private AclParser() {}

  static ImapCommand parse(Lexer in, String tag, String name) throws ParseError {
    in.space();
    String mailbox = in.astring();
    return switch (name) {
      case "SETACL" -> {
        in.space();
        String identifier = in.astring();
        in.space();
        yield new ImapCommand.SetAcl(tag, mailbox, identifier, in.astring());
      }
      case "DELETEACL" -> {
        in.space();
        yield new ImapCommand.DeleteAcl(tag, mailbox, in.astring());
      }
      case "LISTRIGHTS" -> {
        in.space();
        yield new ImapCommand.ListRights(tag, mailbox, in.astring());
      }
      case "GETACL" -> new ImapCommand.GetAcl(tag, mailbox);
      case "MYRIGHTS" -> new ImapCommand.MyRights(tag, mailbox);
      default -> throw in.error("unknown command " + name);
    };
  }
}
