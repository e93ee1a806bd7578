/** The scenario suite named after ZooKeeper's election tests, written once and run on the simulator and on Netty peers over loopback. */
package dev.ballot.election.scenario;
