package dev.ballot.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The test's own network: one namespace per peer, each with two links.
 * <ul>
 * <li>{@code eth0}, a veth into a hub namespace where all of them meet on the bridge {@code br0}: the peers'
 * quorum and election traffic, on {@code 10.231.S.sid/24}. Faults are nft rules in the hub's
 * {@code bridge ballot_faults} table (forward hook), so dropping a frame there is a cut on the wire.</li>
 * <li>{@code mgmt}, a veth to the root namespace on a /30 of its own ({@code 10.232.S.4sid+1} here,
 * {@code 10.232.S.4sid+2} in the peer): the admin HTTP or client port the test polls. No fault touches it.</li>
 * </ul>
 * Every name carries the test JVM's pid ({@code ballot-faults-<pid>-p<sid>}, links {@code bf<pid>…}); {@link #close()}
 * deletes what this lab made, a shutdown hook does it if the JVM is stopped, and {@link #cleanStale()} removes what a
 * killed earlier run left (its namespaces, the processes still inside them, its root-side links). Traffic only ever
 * goes to addresses inside these namespaces.
 */
final class NetLab implements AutoCloseable {
    static final String NS_PREFIX = "ballot-faults-";
    private static final String LINK_PREFIX = "bf";
    private static final Pattern NS_NAME = Pattern.compile(Pattern.quote(NS_PREFIX) + "(\\d+)-(hub|p\\d+)");
    private static final Pattern ROOT_LINK = Pattern.compile("^\\d+: (" + LINK_PREFIX + "(\\d+)m\\d+)[@:]", Pattern.MULTILINE);
    private static final Pattern HANDLE = Pattern.compile("# handle (\\d+)");
    static final String TABLE = "ballot_faults";
    static final String CHAIN = "cut";

    private final long pid = ProcessHandle.current().pid();
    private final int subnet = (int) (pid % 200) + 20;
    private final int peers;
    private final List<String> madeNamespaces = new ArrayList<>();
    private final List<String> madeRootLinks = new ArrayList<>();
    private final Thread hook = new Thread(this::teardown, "ballot-faults-teardown");
    private boolean closed;

    /** Why namespace tests cannot run on this machine, or empty when they can. */
    static Optional<String> unavailableReason() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            return Optional.of("network-namespace fault tests need Linux (os.name=" + System.getProperty("os.name") + ")");
        }
        try {
            String status = Files.readString(Path.of("/proc/self/status"));
            Matcher m = Pattern.compile("^Uid:\\s+(\\d+)", Pattern.MULTILINE).matcher(status);
            if (!m.find() || !m.group(1).equals("0")) {
                return Optional.of("network-namespace fault tests need root (ip netns, nft, mount)");
            }
        } catch (java.io.IOException e) {
            return Optional.of("cannot read /proc/self/status: " + e.getMessage());
        }
        for (String tool : List.of("ip", "nft", "nsenter", "unshare", "mount")) {
            if (!Shell.attempt("sh", "-c", "command -v " + tool).ok()) {
                return Optional.of("'" + tool + "' is not installed (.ci/run installs nftables with apt-get)");
            }
        }
        String probe = NS_PREFIX + ProcessHandle.current().pid() + "-probe";
        Shell.Result add = Shell.attempt("ip", "netns", "add", probe);
        if (!add.ok()) {
            return Optional.of("'ip netns add' fails here: " + add.output().strip());
        }
        try {
            Shell.Result nft = Shell.attempt("ip", "netns", "exec", probe, "nft", "add", "table", "bridge", TABLE);
            if (!nft.ok()) {
                return Optional.of("nft bridge tables do not work here: " + nft.output().strip());
            }
        } finally {
            Shell.attempt("ip", "netns", "del", probe);
        }
        return Optional.empty();
    }

    /** Removes namespaces, the processes left inside them, and root-side links of earlier runs whose JVM is gone. */
    static void cleanStale() {
        long self = ProcessHandle.current().pid();
        for (String line : Shell.attempt("ip", "netns", "list").output().split("\n")) {
            String name = line.strip().split("\\s+")[0];
            Matcher m = NS_NAME.matcher(name);
            if (name.endsWith("-probe") && name.startsWith(NS_PREFIX + self)) {
                continue;
            }
            if (m.matches() && isStale(Long.parseLong(m.group(1)), self)) {
                killInside(name);
                Shell.attempt("ip", "netns", "del", name);
            }
        }
        Matcher m = ROOT_LINK.matcher(Shell.attempt("ip", "-o", "link", "show").output());
        while (m.find()) {
            if (isStale(Long.parseLong(m.group(2)), self)) {
                Shell.attempt("ip", "link", "del", m.group(1));
            }
        }
    }

    /** A run's leftovers are stale when its JVM is gone, or when they carry our own pid before we made anything. */
    private static boolean isStale(long pid, long self) {
        return pid == self || ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
    }

    /** kill -9 of the processes an earlier, killed run left in one of its namespaces (by pid, from ip netns pids). */
    private static void killInside(String ns) {
        for (String pid : Shell.attempt("ip", "netns", "pids", ns).output().split("\\s+")) {
            if (pid.matches("\\d+")) {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    /** Builds hub, bridge and {@code peers} namespaces with both links each. */
    NetLab(int peers) {
        this.peers = peers;
        if (peers < 1 || peers > 60) {
            throw new IllegalArgumentException("1..60 peers, not " + peers);
        }
        cleanStale();
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            String hub = hub();
            addNamespace(hub);
            Shell.run("ip", "-n", hub, "link", "set", "lo", "up");
            Shell.run("ip", "-n", hub, "link", "add", "br0", "type", "bridge");
            Shell.run("ip", "-n", hub, "link", "set", "br0", "up");
            Shell.run("ip", "netns", "exec", hub, "nft", "add", "table", "bridge", TABLE);
            Shell.run("ip", "netns", "exec", hub, "nft", "add", "chain", "bridge", TABLE, CHAIN,
                    "{ type filter hook forward priority 0; policy accept; }");
            for (int sid = 1; sid <= peers; sid++) {
                String ns = namespace(sid);
                addNamespace(ns);
                Shell.run("ip", "-n", ns, "link", "set", "lo", "up");
                String hubSide = LINK_PREFIX + pid + "q" + sid;
                Shell.run("ip", "link", "add", hubSide, "type", "veth", "peer", "name", "eth0", "netns", ns);
                Shell.run("ip", "link", "set", hubSide, "netns", hub);
                Shell.run("ip", "-n", hub, "link", "set", hubSide, "master", "br0", "up");
                Shell.run("ip", "-n", ns, "addr", "add", address(sid) + "/24", "dev", "eth0");
                Shell.run("ip", "-n", ns, "link", "set", "eth0", "up");
                String rootSide = LINK_PREFIX + pid + "m" + sid;
                Shell.run("ip", "link", "add", rootSide, "type", "veth", "peer", "name", "mgmt", "netns", ns);
                madeRootLinks.add(rootSide);
                Shell.run("ip", "addr", "add", mgmtPrefix() + (4 * sid + 1) + "/30", "dev", rootSide);
                Shell.run("ip", "link", "set", rootSide, "up");
                Shell.run("ip", "-n", ns, "addr", "add", managementAddress(sid) + "/30", "dev", "mgmt");
                Shell.run("ip", "-n", ns, "link", "set", "mgmt", "up");
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void addNamespace(String ns) {
        Shell.run("ip", "netns", "add", ns);
        madeNamespaces.add(ns);
    }

    int peers() {
        return peers;
    }

    String hub() {
        return NS_PREFIX + pid + "-hub";
    }

    String namespace(long sid) {
        return NS_PREFIX + pid + "-p" + sid;
    }

    /** The peer's address on the bridge: quorum and election ports. */
    String address(long sid) {
        return "10.231." + subnet + "." + sid;
    }

    /** The peer's address on its management link: admin HTTP, client port. */
    String managementAddress(long sid) {
        return mgmtPrefix() + (4 * sid + 2);
    }

    private String mgmtPrefix() {
        return "10.232." + subnet + ".";
    }

    /** A fault rule in the hub's forward chain; {@link #remove} takes it out again. */
    record Rule(long handle, String text) {
    }

    /** Drops every frame from {@code from} to {@code to} (one direction). */
    Rule drop(long from, long to) {
        return add("ip saddr " + address(from) + " ip daddr " + address(to) + " drop");
    }

    /** Drops both directions between {@code a} and {@code b}. */
    List<Rule> cut(long a, long b) {
        return List.of(drop(a, b), drop(b, a));
    }

    /** Drops everything to and from {@code sid}: it is alone on the wire. */
    List<Rule> isolate(long sid) {
        return List.of(add("ip saddr " + address(sid) + " drop"), add("ip daddr " + address(sid) + " drop"));
    }

    /** Drops every IPv4 frame between peers: nobody hears anybody. */
    Rule partitionAll() {
        return add("ether type ip drop");
    }

    /** Drops {@code percent}% of all frames between peers, at random (nft numgen). */
    Rule loss(int percent) {
        return add("numgen random mod 100 < " + percent + " drop");
    }

    private Rule add(String rule) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", hub(), "nft", "--echo", "--handle", "add",
                "rule", "bridge", TABLE, CHAIN));
        cmd.addAll(List.of(rule.split(" ")));
        String out = Shell.run(cmd.toArray(String[]::new));
        Matcher m = HANDLE.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("nft printed no handle for '" + rule + "': " + out);
        }
        return new Rule(Long.parseLong(m.group(1)), rule);
    }

    void remove(List<Rule> rules) {
        for (Rule r : rules) {
            Shell.run("ip", "netns", "exec", hub(), "nft", "delete", "rule", "bridge", TABLE, CHAIN, "handle",
                    Long.toString(r.handle()));
        }
    }

    /** Removes every fault rule. */
    void heal() {
        Shell.run("ip", "netns", "exec", hub(), "nft", "flush", "chain", "bridge", TABLE, CHAIN);
    }

    private synchronized void teardown() {
        if (closed) {
            return;
        }
        closed = true;
        for (String ns : madeNamespaces) {
            killInside(ns); // normally empty: the ensemble stopped its peers already
        }
        for (int i = madeNamespaces.size() - 1; i >= 0; i--) {
            Shell.attempt("ip", "netns", "del", madeNamespaces.get(i));
        }
        for (String link : madeRootLinks) {
            Shell.attempt("ip", "link", "del", link); // the kernel frees namespaces lazily: do not wait for it
        }
    }

    @Override
    public void close() {
        teardown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs (and finds it closed)
        }
    }
}
