package dev.msgstore.services.cli;

/**
 * What imsconnutil found or did, one row each: a session logged in now ({@code kind} connected), a
 * last access ({@code kind} access: {@code event} login or logout), or a disconnection ({@code
 * kind} disconnected: {@code sessions} closed). Times are ISO-8601 UTC; empty where they do not
 * apply.
 */
public record Connected(
    String kind,
    String user,
    String protocol,
    String client,
    String server,
    String method,
    String time,
    String event,
    int sessions) {}
