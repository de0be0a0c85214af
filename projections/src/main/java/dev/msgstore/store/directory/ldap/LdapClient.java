package dev.msgstore.store.directory.ldap;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import dev.msgstore.store.directory.DirectoryUnavailable;
import java.io.IOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The LDAP operations the directory makes, on two pools opened on first use: searches bound as
 * {@code local.ugldapbinddn}, and users' own binds apart from them, so that a user's identity never
 * stays on a connection that searches. Every failure to reach or ask the server becomes one {@link
 * DirectoryUnavailable} line naming it; a later call connects again.
 */
final class LdapClient implements AutoCloseable {
  private static final int PAGE = 500;

  private final LdapSettings settings;
  private final LdapConnector connector;
  private final byte[] bindPassword;
  private LDAPConnectionPool searchPool;
  private LDAPConnectionPool bindPool;

  LdapClient(LdapSettings settings) {
    this.settings = settings;
    this.connector = new LdapConnector(settings);
    this.bindPassword = readBindPassword(settings);
  }

  String describe() {
    return settings.url();
  }

  @Override
  public synchronized void close() {
    if (searchPool != null) {
      searchPool.close();
      searchPool = null;
    }
    if (bindPool != null) {
      bindPool.close();
      bindPool = null;
    }
  }

  /**
   * The entries under {@code from} matching {@code filter}, in one answer (a lookup's few); none if
   * {@code from} is not {@code base} and has gone (a domain deleted since the index was read).
   */
  List<SearchResultEntry> search(DN base, DN from, Filter filter, String[] attributes) {
    SearchRequest r = new SearchRequest(from.toString(), SearchScope.SUB, filter, attributes);
    LDAPConnectionPool pool = searchPool();
    try {
      SearchResult result = pool.search(r);
      return result.getSearchEntries();
    } catch (LDAPException e) {
      if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT && !from.equals(base)) {
        return List.of(); // the domain entry went away since the index was read
      }
      throw unavailable(e);
    }
  }

  /** Every entry under {@code from} matching {@code filter}, a page at a time (no size limit). */
  List<SearchResultEntry> searchAll(DN from, Filter filter, String[] attributes) {
    // The paging cookie belongs to one connection: hold it for the whole listing.
    return withConnection(
        searchPool(),
        c -> {
          List<SearchResultEntry> out = new ArrayList<>();
          ASN1OctetString cookie = null;
          do {
            SearchRequest r =
                new SearchRequest(from.toString(), SearchScope.SUB, filter, attributes);
            r.addControl(new SimplePagedResultsControl(PAGE, cookie, false));
            SearchResult result = c.search(r);
            out.addAll(result.getSearchEntries());
            SimplePagedResultsControl page = SimplePagedResultsControl.get(result);
            cookie = page == null || !page.moreResultsToReturn() ? null : page.getCookie();
          } while (cookie != null);
          return out;
        });
  }

  /** Whether {@code dn} binds with {@code secret}; false for any refusal of the credentials. */
  boolean bind(DN dn, byte[] secret) {
    return withConnection(
        bindPool(),
        c -> {
          try {
            c.bind(new SimpleBindRequest(dn, secret));
            return true;
          } catch (LDAPException e) {
            if (ResultCode.isConnectionUsable(e.getResultCode())) {
              return false; // invalid credentials, no such entry, no password, locked...
            }
            throw e;
          }
        });
  }

  private interface OnConnection<T> {
    T apply(LDAPConnection c) throws LDAPException;
  }

  /**
   * {@code work} on a connection of {@code pool}, once more on a new one if the first was dead (the
   * server restarted since it was opened): what the pool does itself for single operations.
   */
  private <T> T withConnection(LDAPConnectionPool pool, OnConnection<T> work) {
    LDAPException last = null;
    for (int attempt = 0; attempt < 2; attempt++) {
      LDAPConnection c = null;
      try {
        c = pool.getConnection();
        T result = work.apply(c);
        pool.releaseConnection(c);
        return result;
      } catch (LDAPException e) {
        last = e;
        if (c != null) {
          pool.releaseConnectionAfterException(c, e);
        }
        if (c == null || ResultCode.isConnectionUsable(e.getResultCode())) {
          break;
        }
      }
    }
    throw unavailable(last);
  }

  private synchronized LDAPConnectionPool searchPool() {
    if (searchPool == null) {
      searchPool =
          connect(
              settings.bindDn().isBlank()
                  ? null
                  : new SimpleBindRequest(settings.bindDn(), bindPassword));
    }
    return searchPool;
  }

  /** Binds as users happen here, apart from the searches' connections and their identity. */
  private synchronized LDAPConnectionPool bindPool() {
    if (bindPool == null) {
      bindPool = connect(null);
    }
    return bindPool;
  }

  private LDAPConnectionPool connect(SimpleBindRequest bind) {
    try {
      return connector.pool(bind);
    } catch (LDAPException e) {
      throw unavailable(e);
    } catch (GeneralSecurityException e) {
      throw new DirectoryUnavailable(
          "LDAP directory " + describe() + ": TLS cannot be set up: " + e.getMessage(), e);
    }
  }

  private DirectoryUnavailable unavailable(LDAPException e) {
    String detail = e.getDiagnosticMessage();
    if (detail == null || detail.isBlank()) {
      detail = e.getMessage() == null ? "" : e.getMessage();
    }
    detail = detail.lines().findFirst().orElse("").strip();
    return new DirectoryUnavailable(
        "LDAP directory "
            + describe()
            + " is unavailable: "
            + e.getResultCode().getName()
            + (detail.isEmpty() ? "" : " (" + detail + ")"),
        e);
  }

  private static byte[] readBindPassword(LdapSettings s) {
    if (s.bindPasswordFile().isEmpty()) {
      return new byte[0];
    }
    java.nio.file.Path file = s.bindPasswordFile().get();
    try {
      if (Files.getFileAttributeView(file, java.nio.file.attribute.PosixFileAttributeView.class)
              != null
          && Files.getPosixFilePermissions(file)
              .contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ)) {
        throw LdapSettings.misconfigured(
            LdapSettings.BIND_PASSWORD_FILE
                + " "
                + file
                + " can be read by every user: chmod o-r it (or 600)");
      }
      byte[] raw = Files.readAllBytes(file);
      int end = raw.length;
      while (end > 0 && (raw[end - 1] == '\n' || raw[end - 1] == '\r')) {
        end--;
      }
      byte[] out = Arrays.copyOf(raw, end);
      Arrays.fill(raw, (byte) 0);
      return out;
    } catch (IOException e) {
      throw LdapSettings.misconfigured(
          LdapSettings.BIND_PASSWORD_FILE + " " + s.bindPasswordFile().get() + " cannot be read");
    }
  }
}
