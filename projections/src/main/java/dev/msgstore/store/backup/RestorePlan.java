package dev.msgstore.store.backup;

import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * How {@code imsrestore} restores a stream.
 *
 * @param selected which backed-up mailboxes to restore (by their name and partition in the backup)
 * @param rename the name a backed-up mailbox (or a user id, for an account) is restored under
 * @param partition where new mailboxes go ({@code -P}); null: the owner's, or the default
 * @param originalPartition new mailboxes go to the partition they were backed up from ({@code -p})
 * @param skipExisting a mailbox that exists is left alone ({@code -c n})
 * @param datedFolder a mailbox that exists is restored beside it, with a date extension ({@code
 *     -n})
 * @param ignoreExisting messages are appended without looking for them in the mailbox ({@code -i})
 * @param update existing messages take the backup's flags, the others are expunged ({@code -E})
 * @param ignoreQuota the owners' quotas are not checked
 */
public record RestorePlan(
    BiPredicate<String, String> selected,
    Function<String, String> rename,
    Function<String, String> renameUser,
    String partition,
    boolean originalPartition,
    boolean skipExisting,
    boolean datedFolder,
    boolean ignoreExisting,
    boolean update,
    boolean ignoreQuota) {}
