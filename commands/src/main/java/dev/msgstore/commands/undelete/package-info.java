/**
 * {@code undelete}: finds a user's deleted messages (expunged, purged, or in a deleted folder) by
 * sender, recipient, subject, dates, Message-ID, size and folder, and brings them back.
 */
package dev.msgstore.commands.undelete;
