package dev.msgstore.services.cli;

/**
 * One line of {@code counterutil}: with {@code -l} a counter object ({@code counter} and {@code
 * value} empty, {@code state} running, stopped or absent); with {@code -o} a counter of that object
 * in one iteration ({@code kind} counter or gauge); with {@code -s} the counter reset and the value
 * it had.
 *
 * @param iteration 1, 2, ... for {@code -o}; 0 otherwise
 * @param epochSecond when the value was read ({@code -o}, {@code -s}); 0 for {@code -l}
 */
public record CounterRow(
    String object,
    String component,
    String state,
    int iteration,
    long epochSecond,
    String counter,
    String kind,
    double value) {}
