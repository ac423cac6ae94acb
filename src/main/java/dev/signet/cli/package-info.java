/**
 * The {@code signet} command: {@code keys}, {@code issue}, {@code verify}, {@code inspect},
 * {@code revoke}, {@code serve} and {@code demo}. Each subcommand parses its options, calls the
 * library and prints; exit codes are 0 (ok), 1 (token rejected), 2 (usage error) and 3
 * (configuration or I/O error). Not API: use the library types from Java.
 */
package dev.signet.cli;
