/** Server metrics, in a Prometheus Java client registry, and their text exposition. */
package dev.ballot.server.metrics;
