/** The admin HTTP server: {@code /status} JSON, {@code /metrics} Prometheus text, {@code /health}. */
package dev.ballot.server.admin;
