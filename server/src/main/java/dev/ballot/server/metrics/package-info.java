/** Server metrics and their Prometheus text exposition. */
package dev.ballot.server.metrics;
