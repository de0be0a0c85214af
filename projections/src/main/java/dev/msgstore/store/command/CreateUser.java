package dev.msgstore.store.command;

import dev.msgstore.journal.event.DirectoryEvent;
import dev.msgstore.journal.event.Event;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.store.Partitions;
import dev.msgstore.store.Rejected;
import java.util.List;

/** Records a user on a partition (null: primary). */
public record CreateUser(String userId, String partition) implements Command {
  public CreateUser {
    if (userId == null
        || userId.isEmpty()
        || userId.contains("/")
        || MailboxNames.problem("user/" + userId + "/INBOX").isPresent()) {
      throw Rejected.invalid("not a valid user id: '" + userId + "'");
    }
  }

  @Override
  public List<Event> decide(DecisionContext ctx) {
    if (ctx.state().user(userId).isPresent()) {
      throw Rejected.exists("user already exists: " + userId);
    }
    String where = partition == null ? Partitions.DEFAULT : partition;
    if (!ctx.partitions().exists(where)) {
      throw Rejected.notFound("no such partition: " + where);
    }
    return List.of(new DirectoryEvent.UserCreated(userId, where));
  }
}
