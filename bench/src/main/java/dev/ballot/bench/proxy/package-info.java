/** The loss scenario's frame-dropping TCP proxy, run in its own process, and its launcher. */
package dev.ballot.bench.proxy;
