/** Mixed elections between Ballot peers and real ZooKeeper 3.9.5 peers in one JVM. */
package dev.ballot.election.zk;
