package dev.ballot.zookeeper;

import java.io.IOException;
import javax.security.sasl.SaslException;
import org.apache.zookeeper.server.ExitCode;
import org.apache.zookeeper.server.admin.AdminServer.AdminServerException;
import org.apache.zookeeper.server.quorum.QuorumPeer;
import org.apache.zookeeper.server.quorum.QuorumPeerConfig;
import org.apache.zookeeper.server.quorum.QuorumPeerConfig.ConfigException;
import org.apache.zookeeper.server.quorum.QuorumPeerMain;
import org.apache.zookeeper.server.persistence.FileTxnSnapLog.DatadirException;
import org.apache.zookeeper.util.ServiceUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ZooKeeper's {@link QuorumPeerMain} with Ballot's election: {@code BallotQuorumPeerMain <zoo.cfg>}, the same
 * argument, the same exit codes. ZooKeeper parses the zoo.cfg and runs everything; only the election differs.
 * A zoo.cfg without a quorum runs ZooKeeper's standalone server, which has no election.
 */
public class BallotQuorumPeerMain extends QuorumPeerMain {
    private static final Logger LOG = LoggerFactory.getLogger(BallotQuorumPeerMain.class);
    private static final String USAGE = "Usage: BallotQuorumPeerMain configfile";

    public static void main(String[] args) {
        BallotQuorumPeerMain main = new BallotQuorumPeerMain();
        int exit;
        try {
            main.initializeAndRun(args);
            LOG.info("Exiting normally");
            exit = ExitCode.EXECUTION_FINISHED.getValue();
        } catch (UnsupportedSettingException e) {
            LOG.error("{}", e.getMessage());
            System.err.println(e.getMessage());
            exit = ExitCode.INVALID_INVOCATION.getValue();
        } catch (IllegalArgumentException e) {
            LOG.error("Invalid arguments, exiting abnormally", e);
            System.err.println(USAGE);
            exit = ExitCode.INVALID_INVOCATION.getValue();
        } catch (ConfigException e) {
            LOG.error("Invalid config, exiting abnormally", e);
            System.err.println("Invalid config, exiting abnormally: " + e.getMessage());
            exit = ExitCode.INVALID_INVOCATION.getValue();
        } catch (DatadirException e) {
            LOG.error("Unable to access datadir, exiting abnormally", e);
            exit = ExitCode.UNABLE_TO_ACCESS_DATADIR.getValue();
        } catch (AdminServerException e) {
            LOG.error("Unable to start AdminServer, exiting abnormally", e);
            exit = ExitCode.ERROR_STARTING_ADMIN_SERVER.getValue();
        } catch (Exception e) {
            LOG.error("Unexpected exception, exiting abnormally", e);
            exit = ExitCode.UNEXPECTED_ERROR.getValue();
        }
        ServiceUtils.requestSystemExit(exit);
    }

    /** Refuses what Ballot's election does not support, then runs ZooKeeper's quorum peer. */
    @Override
    public void runFromConfig(QuorumPeerConfig config) throws IOException, AdminServerException {
        SupportedSettings.check(config);
        LOG.info("Running ZooKeeper {} on Ballot's election", org.apache.zookeeper.Version.getFullVersion());
        super.runFromConfig(config);
    }

    @Override
    protected QuorumPeer getQuorumPeer() throws SaslException {
        return new BallotQuorumPeer();
    }
}
